import GitState

/// The one line to paste into the next session: `Continue on <branch>. <context>. Next step: <action>.`
///
/// The context is the user's `--context`, else a summary of the facts (commits, uncommitted
/// files, failing tests, operation). The action is the user's `--next`, else the operation to
/// finish, else the first item in progress (with where to resume), else fixing failing tests,
/// else the first pending item.
struct ResumeCommand {
    let git: GitFacts
    let notes: SessionNotes
    let commitCount: Int
    let changes: ChangeCounts

    var text: String {
        "Continue on \(sentence(git.branchPhrase)). \(sentence(context)). Next step: \(sentence(action))."
    }

    var context: String {
        if let context = notes.context, !MarkdownText.oneLine(context).isEmpty { return context }
        var facts: [String] = []
        if git.operation != .none { facts.append("A \(git.operation.rawValue) is in progress") }
        facts.append(commitCount == 1 ? "1 commit this session" : "\(commitCount) commits this session")
        if changes.total > 0 {
            facts.append(changes.total == 1 ? "1 uncommitted file" : "\(changes.total) uncommitted files")
        } else {
            facts.append("working tree clean")
        }
        if changes.conflicted > 0 { facts.append("\(changes.conflicted) conflicted") }
        if let tests = notes.tests {
            facts.append(tests.isFailing ? "\(tests.failed) of \(tests.total) tests failing" : "tests passing")
        }
        return facts.joined(separator: ", ")
    }

    var action: String {
        if let next = notes.next, !MarkdownText.oneLine(next).isEmpty { return next }
        if git.operation != .none {
            return changes.conflicted > 0
                ? "resolve the conflicts and finish the \(git.operation.rawValue)"
                : "finish the \(git.operation.rawValue)"
        }
        if let item = notes.inProgress.first {
            return "finish \(item.text)" + (item.location.map { " at \($0)" } ?? "")
        }
        if let tests = notes.tests, tests.isFailing { return "fix the \(tests.failed) failing tests" }
        if let todo = notes.todo.first { return todo }
        return "review this handoff and pick the next task"
    }

    /// One line, without the final period (the template adds it).
    private func sentence(_ text: String) -> String {
        var line = MarkdownText.oneLine(text)
        while let last = line.last, last == "." || last == " " { line.removeLast() }
        return line
    }
}

import Foundation
import Testing

/// `handoff worktrees`, the built binary, compared field by field with `git worktree list
/// --porcelain` and, in each worktree, `git status --porcelain=v2 --branch`.
@Suite struct WorktreesTests {
    typealias Object = [String: Any]

    /// The main worktree (modified, with a current handoff), a branch tracking main (ahead 1,
    /// behind 1, staged, modified and untracked files, a stale handoff and an in-progress note),
    /// a locked one, a detached one in the middle of a conflicted merge, and one whose folder is gone.
    func repositoryWithWorktrees() throws -> TestRepository {
        let repo = try TestRepository()
        try repo.commitFile("README.md", "one\n", message: "First")
        try repo.commitFile("README.md", "two\n", message: "Second")
        try repo.git("worktree", "add", "-q", "-b", "topic", "../topic")
        let topic = repo.root + "/topic"
        try repo.git("branch", "-q", "--set-upstream-to", "main", "topic", in: topic)
        try write(topic + "/README.md", "topic\n")
        try repo.git("commit", "-q", "-am", "Topic", in: topic)
        try repo.commitFile("notes.txt", "main\n", message: "Third")
        #expect(try repo.handoff(["--done", "topic work"], in: topic).status == 0)
        try write(topic + "/staged.txt", "staged\n")
        try repo.git("add", "staged.txt", in: topic)
        try repo.git("commit", "-q", "-m", "After the handoff", in: topic)
        try write(topic + "/staged.txt", "staged again\n")
        try repo.git("add", "staged.txt", in: topic)
        try write(topic + "/README.md", "topic, edited\n")
        try write(topic + "/scratch.txt", "untracked\n")
        #expect(try repo.handoff(["note", "--wip", "Fitter @ Sources/Fit.swift:40"], in: topic).status == 0)

        try repo.git("worktree", "add", "-q", "--lock", "--reason", "on a USB disk", "-b", "locked", "../locked")
        try repo.git("worktree", "add", "-q", "--detach", "../detached", "HEAD~1")
        let detached = repo.root + "/detached"
        try write(detached + "/README.md", "detached\n")
        try repo.git("commit", "-q", "-am", "Detached", in: detached)
        _ = try? repo.git("merge", "-q", "topic", in: detached)
        try repo.git("worktree", "add", "-q", "-b", "gone", "../gone")
        try FileManager.default.removeItem(atPath: repo.root + "/gone")

        try repo.write("README.md", "two, edited\n")
        #expect(try repo.handoff("--done", "main work").status == 0)
        return repo
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// `git worktree list --porcelain`, one object per worktree with its attribute lines.
    func gitWorktrees(_ repo: TestRepository) throws -> [[String: String]] {
        let text = try repo.git("worktree", "list", "--porcelain")
        return text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            var fields: [String: String] = [:]
            for line in block.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                fields[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return fields
        }
    }

    @Test func eachWorktreeMatchesGit() throws {
        let repo = try repositoryWithWorktrees()
        let listed = try gitWorktrees(repo)
        #expect(listed.count == 5)
        var statuses: [String: String] = [:]
        for worktree in listed where worktree["prunable"] == nil {
            let path = try #require(worktree["worktree"])
            statuses[path] = try repo.git("--no-optional-locks", "status", "--porcelain=v2", "--branch", in: path)
        }
        let before = try repo.fingerprint("")
        let result = try repo.handoff("worktrees", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.fingerprint("") == before, "read only")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Object])
        #expect(entries.count == listed.count)

        for (git, ours) in zip(listed, entries) {
            let path = try #require(git["worktree"])
            #expect(ours["path"] as? String == path)
            #expect(ours["head"] as? String == git["HEAD"], "\(path)")
            #expect(ours["branch"] as? String == git["branch"].map { String($0.dropFirst("refs/heads/".count)) })
            #expect(ours["detached"] as? Bool == (git["detached"] != nil), "\(path)")
            #expect(ours["bare"] as? Bool == (git["bare"] != nil))
            #expect(ours["locked"] as? Bool == (git["locked"] != nil), "\(path)")
            #expect(ours["lock_reason"] as? String == git["locked"], "\(path)")
            #expect(ours["prunable"] as? Bool == (git["prunable"] != nil), "\(path)")
            guard let status = statuses[path] else {
                #expect(ours["changes"] is NSNull, "a missing worktree has no status")
                continue
            }
            var staged = 0
            var unstaged = 0
            var untracked = 0
            var conflicts = 0
            var upstream: String?
            var ahead: Int?
            var behind: Int?
            for line in status.split(separator: "\n") {
                let fields = line.split(separator: " ")
                switch fields[0] {
                case "1", "2":
                    if fields[1].first != "." { staged += 1 }
                    if fields[1].last != "." { unstaged += 1 }
                case "u": conflicts += 1
                case "?": untracked += 1
                case "#" where fields[1] == "branch.upstream": upstream = String(fields[2])
                case "#" where fields[1] == "branch.ab":
                    ahead = Int(fields[2].dropFirst())
                    behind = Int(fields[3].dropFirst())
                default: break
                }
            }
            let changes = try #require(ours["changes"] as? Object, "\(path)")
            #expect(changes["staged"] as? Int == staged, "\(path)")
            #expect(changes["unstaged"] as? Int == unstaged, "\(path)")
            #expect(changes["untracked"] as? Int == untracked, "\(path)")
            #expect(changes["conflicts"] as? Int == conflicts, "\(path)")
            #expect(ours["upstream"] as? String == upstream, "\(path)")
            #expect(ours["ahead"] as? Int == ahead, "\(path)")
            #expect(ours["behind"] as? Int == behind, "\(path)")
        }

        // The states this repository was built to have, so the comparison above covers them.
        let byName = Dictionary(uniqueKeysWithValues: entries.map { (($0["path"] as? String) ?? "", $0) })
        let topic = try #require(byName[repo.root + "/topic"])
        #expect(topic["ahead"] as? Int == 2 && topic["behind"] as? Int == 1)
        #expect((topic["changes"] as? Object)?["staged"] as? Int == 1)
        #expect((topic["latest_handoff"] as? Object)?["current"] as? Bool == false)
        #expect(
            (topic["in_progress"] as? [Object])?.first?["location"] as? String == "Sources/Fit.swift:40")
        #expect(topic["session"] is Object)
        #expect(topic["journal_notes"] as? Int == 1)
        let main = try #require(byName[repo.path])
        #expect(main["main"] as? Bool == true)
        #expect((main["latest_handoff"] as? Object)?["current"] as? Bool == true)
        let detached = try #require(byName[repo.root + "/detached"])
        #expect(detached["state"] as? String == "merge")
        #expect((detached["changes"] as? Object)?["conflicts"] as? Int == 1)
        #expect(byName[repo.root + "/gone"]?["prunable"] as? Bool == true)
        #expect(byName[repo.root + "/locked"]?["lock_reason"] as? String == "on a USB disk")
    }

    @Test func oneTableRowPerWorktree() throws {
        let repo = try repositoryWithWorktrees()
        let result = try repo.handoff(["worktrees"], in: repo.root + "/topic")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("WORKTREE") == true)
        func row(_ path: String) -> String? { lines.first { $0.hasPrefix(path + " ") } }
        let topic = try #require(row(repo.root + "/topic"), "\(result.stdout)")
        #expect(topic.contains(" topic ") && topic.contains("main +2 -1") && topic.contains("S1 M1 ?2"))
        #expect(topic.contains("1 (1 wip)") && topic.hasSuffix(" stale"), "\(topic)")
        let main = try #require(row(repo.path))
        #expect(main.contains(" main ") && main.contains(" M1 ?1 ") && main.hasSuffix(" current"), "\(main)")
        #expect(try #require(row(repo.root + "/locked")).contains(" locked "))
        #expect(try #require(row(repo.root + "/gone")).contains(" prunable "))
        let detached = try #require(row(repo.root + "/detached"))
        #expect(detached.contains("(detached ") && detached.contains(" merge "), "\(detached)")
        #expect(lines.contains("\(repo.root)/topic: in progress"))
        #expect(lines.contains("  - Fitter @ Sources/Fit.swift:40"))
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}

import Foundation

@testable import GitState

/// What the git CLI reports for a repository, in GitState's terms.
struct GitAnswers {
    var branch: String?
    var detached: Bool
    var unborn: Bool
    var head: String?
    var upstream: String?
    var ahead: Int?
    var behind: Int?
    var state: OperationState
    var status: [StatusEntry]?
    var staged: [LineCounts]?
    var unstaged: [LineCounts]?
    var log: [LogEntry]
    var stash: Int
    var shallow: Bool

    /// Asks git, with the commands a user would run; never before GitState has read
    /// the repository, since `git status` and `git diff` may refresh the index.
    init(
        _ repo: GitRepo, logLimit: Int = 10, bare: Bool = false, directory: String? = nil,
        environment extra: [String: String] = [:], pathspec: [String] = []
    ) throws {
        // `-- <path>...` limits status, both diffs and the log, as `--path` does.
        let limit = pathspec.isEmpty ? [] : ["--"] + pathspec
        let dir = directory ?? repo.path
        let environment = repo.environment.merging(extra) { $1 }
        func git(_ args: [String]) throws -> Data {
            try run(["git", "--no-optional-locks"] + args, in: dir, environment: environment).stdout
        }
        func text(_ args: [String]) throws -> String {
            String(decoding: try git(args), as: UTF8.self)
        }
        let symbolic = try run(
            ["git", "symbolic-ref", "-q", "HEAD"], in: dir, environment: environment, allowFailure: true)
        let headRef = String(decoding: symbolic.stdout, as: UTF8.self).trimmingCharacters(in: .newlines)
        let headOID = try run(
            ["git", "rev-parse", "-q", "--verify", "HEAD^{commit}"], in: dir, environment: environment,
            allowFailure: true)
        // A detached or unborn HEAD fails quietly (status 1). git dying (128) on HEAD is a
        // refusal in a bare repository (a packed-refs line it cannot parse); with a work tree
        // `git status` decides, and answers "(unknown)" for a HEAD naming a ref by a bad name.
        for result in [symbolic, headOID] where result.status == 128 && bare {
            throw ShellError(message: "git refuses the repository: \(result.stderr)")
        }
        head =
            headOID.status == 0
            ? String(decoding: headOID.stdout, as: UTF8.self).trimmingCharacters(in: .newlines) : nil
        unborn = head == nil
        detached = symbolic.status == 1
        branch = symbolic.status != 0 ? nil : String(headRef.dropFirst("refs/heads/".count))

        if bare {
            status = nil
            staged = nil
            unstaged = nil
            upstream = nil
            ahead = nil
            behind = nil
            // Bare: upstream from for-each-ref, as status needs a work tree.
            if let branch {
                let up = try text(["for-each-ref", "--format=%(upstream:short)", "refs/heads/\(branch)"])
                    .trimmingCharacters(in: .newlines)
                upstream = up.isEmpty ? nil : up
                let track = try text(["for-each-ref", "--format=%(upstream:track,nobracket)", "refs/heads/\(branch)"])
                    .trimmingCharacters(in: .newlines)
                if upstream != nil && track != "gone" && !unborn {
                    ahead = Int(
                        track.components(separatedBy: ", ").first { $0.hasPrefix("ahead ") }?.dropFirst(6) ?? "0")
                    behind = Int(
                        track.components(separatedBy: ", ").first { $0.hasPrefix("behind ") }?.dropFirst(7) ?? "0")
                }
            }
        } else {
            let porcelain = try PorcelainV2(try git(["status", "--porcelain=v2", "--branch", "-z"] + limit))
            upstream = porcelain.upstream
            ahead = porcelain.ahead
            behind = porcelain.behind
            status = porcelain.entries
            staged = try Numstat.parse(try git(["diff", "--cached", "--numstat", "-z"] + limit))
            unstaged = try Numstat.parse(try git(["diff", "--numstat", "-z"] + limit))
        }
        state = bare ? .none : try OperationFromLongStatus.parse(text(["status"]))
        if unborn {
            log = []
        } else {
            let raw = try text(["log", "-\(logLimit)", "-z", "--format=%H%x1f%s%x1f%an%x1f%aI"] + limit)
            log = raw.split(separator: "\0", omittingEmptySubsequences: true).map { record in
                let fields = record.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
                return LogEntry(oid: ObjectID(hex: fields[0])!, summary: fields[1], author: fields[2], time: fields[3])
            }
        }
        let stashLog = try run(
            ["git", "log", "-g", "--format=%H", "refs/stash", "--"], in: dir, environment: environment,
            allowFailure: true)
        stash = stashLog.status == 0 ? String(decoding: stashLog.stdout, as: UTF8.self).split(separator: "\n").count : 0
        shallow = try text(["rev-parse", "--is-shallow-repository"]).hasPrefix("true")
    }
}

/// `git status --porcelain=v2 --branch -z`.
struct PorcelainV2 {
    var upstream: String?
    var ahead: Int?
    var behind: Int?
    var entries: [StatusEntry] = []

    init(_ data: Data) throws {
        var tokens = data.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if tokens.last == "" { tokens.removeLast() }
        var position = 0
        while position < tokens.count {
            let line = tokens[position]
            position += 1
            if line.hasPrefix("# branch.upstream ") {
                upstream = String(line.dropFirst("# branch.upstream ".count))
            } else if line.hasPrefix("# branch.ab ") {
                let parts = line.dropFirst("# branch.ab ".count).split(separator: " ")
                ahead = Int(parts[0].dropFirst())
                behind = Int(parts[1].dropFirst())
            } else if line.hasPrefix("#") {
                continue
            } else if line.hasPrefix("1 ") {
                entries.append(StatusEntry(path: Self.field(line, after: 8), xy: Self.xy(line)))
            } else if line.hasPrefix("2 ") {
                let orig = tokens[position]
                position += 1
                entries.append(StatusEntry(path: Self.field(line, after: 9), xy: Self.xy(line), orig: orig))
            } else if line.hasPrefix("u ") {
                entries.append(StatusEntry(path: Self.field(line, after: 10), xy: Self.xy(line)))
            } else if line.hasPrefix("? ") {
                entries.append(StatusEntry(path: String(line.dropFirst(2)), xy: "??"))
            } else if line.hasPrefix("! ") {
                continue
            } else {
                throw ShellError(message: "unexpected porcelain v2 line: \(line)")
            }
        }
    }

    private static func xy(_ line: String) -> String {
        String(line.split(separator: " ", maxSplits: 2)[1])
    }

    /// The rest of the line after `count` space-separated fields (the path may hold spaces).
    private static func field(_ line: String, after count: Int) -> String {
        let bytes = Array(line.utf8)
        var spaces = 0
        var index = 0
        while index < bytes.count && spaces < count {
            if bytes[index] == UInt8(ascii: " ") { spaces += 1 }
            index += 1
        }
        return String(decoding: bytes[index...], as: UTF8.self)
    }
}

/// `git diff --numstat -z`.
enum Numstat {
    static func parse(_ data: Data) throws -> [LineCounts] {
        var tokens = data.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if tokens.last == "" { tokens.removeLast() }
        var result: [LineCounts] = []
        var position = 0
        while position < tokens.count {
            let fields = tokens[position].split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            position += 1
            guard fields.count == 3 else { throw ShellError(message: "unexpected numstat: \(tokens[position - 1])") }
            var path = String(fields[2])
            if path.isEmpty {
                // A rename or copy: the old path, then the new one, as separate tokens.
                path = tokens[position + 1]
                position += 2
            }
            result.append(LineCounts(path: path, add: Int(fields[0]), del: Int(fields[1])))
        }
        return result
    }
}

/// The operation `git status` (long form, LC_ALL=C) describes.
enum OperationFromLongStatus {
    static func parse(_ text: String) -> OperationState {
        var found: Set<OperationState> = []
        for line in text.split(separator: "\n") {
            if line.contains("You have unmerged paths")
                || line.contains("All conflicts fixed but you are still merging")
            {
                found.insert(.merge)
            }
            if line.contains("You are in the middle of an am session") { found.insert(.am) }
            if line.contains("rebase in progress") || line.contains("You are currently rebasing")
                || line.contains("You are currently editing a commit while rebasing")
                || line.contains("You are currently splitting a commit")
            {
                found.insert(.rebase)
            }
            if line.contains("You are currently cherry-picking") || line.contains("Cherry-pick currently in progress") {
                found.insert(.cherryPick)
            }
            if line.contains("You are currently reverting") || line.contains("Revert currently in progress") {
                found.insert(.revert)
            }
            if line.contains("You are currently bisecting") { found.insert(.bisect) }
        }
        // git prints merge first (a rebase note may precede it), then one of am, rebase,
        // cherry-pick, revert; bisect is printed on its own.
        for state in [OperationState.merge, .am, .rebase, .cherryPick, .revert, .bisect] where found.contains(state) {
            return state
        }
        return .none
    }
}

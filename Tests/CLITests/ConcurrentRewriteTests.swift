import Foundation
import Testing

/// A repository rewritten while handoff reads it: a loop beside the reads commits, runs
/// `git gc --prune=now` (loose objects packed and deleted, refs packed) and `git repack -ad`
/// (packs replaced), while 50 `handoff status --json` calls run one after another. Each call
/// gives a correct answer (valid JSON whose HEAD is one of the loop's commits) or a clear error
/// (one line on stderr, exit 1), never a crash.
@Suite struct ConcurrentRewriteTests {
    @Test func statusWhileCommitsGcAndRepackRun() throws {
        let workspace = try Workspace()
        try workspace.git("init", "-q", "-b", "main", "repo")
        for file in 0..<20 { try workspace.write("repo/src/file\(file).txt", "line \(file)\n") }
        try workspace.git("add", "-A", in: "repo")
        try workspace.git("commit", "-q", "-m", "first", in: "repo")

        let stop = workspace.path("stop")
        let rewriter = Process()
        rewriter.executableURL = URL(fileURLWithPath: "/bin/sh")
        rewriter.arguments = [
            "-c",
            """
            i=0
            while [ ! -e '\(stop)' ]; do
              i=$((i + 1))
              echo "change $i" >> src/file$((i % 20)).txt
              echo "new $i" > "src/new$i.txt"
              git add -A && git commit -q -m "commit $i"
              case $((i % 3)) in
                0) git gc -q --prune=now ;;
                1) git repack -adq ;;
              esac
            done
            echo $i > ../rounds
            """,
        ]
        rewriter.currentDirectoryURL = URL(fileURLWithPath: workspace.path("repo"))
        rewriter.environment = workspace.environment
        rewriter.standardOutput = FileHandle.nullDevice
        rewriter.standardError = FileHandle.nullDevice
        try rewriter.run()

        var heads: Set<String> = []
        var errors: [String] = []
        for _ in 0..<50 {
            let result = try workspace.handoff(["status", "--json"], in: "repo")
            // A signal (a crash) shows as a status above 128 from Process, or as a crash report.
            #expect(result.status == 0 || result.status == 1, "status \(result.status): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Crash"), "\(result.stderr)")
            if result.status == 0 {
                let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                let head = try #require(object?["head"] as? String, "\(result.stdout)")
                #expect(object?["branch"] as? String == "main")
                heads.insert(head)
            } else {
                #expect(result.stderr.hasPrefix("handoff: "), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                errors.append(result.stderr)
            }
        }
        FileManager.default.createFile(atPath: stop, contents: nil)
        rewriter.waitUntilExit()

        let rounds = Int(workspace.read("rounds")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        #expect(rounds >= 3, "the rewriting loop ran \(rounds) rounds: the reads did not overlap gc and repack")
        // Every HEAD an answer gave is a commit of the branch: read as it was, not made up.
        let history = Set(try workspace.git("rev-list", "main", in: "repo").split(separator: "\n").map(String.init))
        #expect(heads.isSubset(of: history), "\(heads.subtracting(history))")
        #expect(heads.count > 1, "every answer saw the same HEAD: the reads did not overlap the commits")
        #expect(errors.count < 50, "every read failed: \(errors.first ?? "")")
    }
}

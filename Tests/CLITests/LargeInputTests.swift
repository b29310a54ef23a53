import Foundation
import Testing

/// 50 MB inputs, end to end with the built binary, with the peak memory of the run measured by
/// `/usr/bin/time`: a notes file is read up to 16 MiB and refused past that in one line (memory
/// stays bounded by the limit, not the input), a JUnit report of any size is read in memory
/// linear in its size.
@Suite struct LargeInputTests {
    static let fiftyMegabytes = 50_000_000

    /// A repository of one commit in `repo`.
    func repository() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.git("init", "-q", "-b", "main", "repo")
        try workspace.commit("README.md", "hello\n", message: "first", in: "repo")
        return workspace
    }

    /// `command` run by `sh -c` in `repo` under `/usr/bin/time`, with the peak resident memory
    /// it reports, in bytes.
    func measured(_ workspace: Workspace, _ command: String) throws -> (result: Workspace.Result, peak: Int) {
        let report = workspace.path("time.txt")
        let result = try workspace.run(
            "/usr/bin/time", ["-o", report, "-f", "%M", "/bin/sh", "-c", command], in: "repo",
            extra: ["HANDOFF": EndToEndTests.binary])
        let kilobytes = try String(contentsOfFile: report, encoding: .utf8)
            .split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (result, try #require(kilobytes) * 1024)
    }

    /// A notes file of 50 MB: `count` done items of the same length.
    func writeNotes(_ workspace: Workspace, markdown: Bool) throws -> String {
        let item = "a finished item with enough words to make a long line of notes"
        let count = Self.fiftyMegabytes / (item.utf8.count + 3) + 1
        let text =
            markdown
            ? "## What's Done\n" + String(repeating: "- \(item)\n", count: count)
            : "{\"done\": [" + Array(repeating: "\"\(item)\"", count: count).joined(separator: ", ") + "]}"
        let path = workspace.path(markdown ? "notes.md" : "notes.json")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int >= Self.fiftyMegabytes)
        return path
    }

    @Test(arguments: [false, true])
    func notesOfFiftyMegabytesAreRefusedInBoundedMemory(markdown: Bool) throws {
        let workspace = try repository()
        let notes = try writeNotes(workspace, markdown: markdown)
        for (command, name) in [
            ("\"$HANDOFF\" --notes '\(notes)'", notes), ("\"$HANDOFF\" --notes - < '\(notes)'", "standard input"),
        ] {
            let (result, peak) = try measured(workspace, command)
            #expect(result.status == 1)
            #expect(result.stderr == "handoff: \(name): larger than 16 MiB, the most handoff reads from it\n")
            #expect(workspace.list("repo/.claude/handoffs").isEmpty)
            // Reading stops at the limit: the 16 MiB read plus the binary's own ~25 MB, where the
            // whole file read and parsed took ten times its size (500 MB).
            #expect(peak < 16 << 20 + 64_000_000, "peak \(peak)")
        }
    }

    @Test func aJUnitReportOfFiftyMegabytesIsCountedInLinearMemory() throws {
        let workspace = try repository()
        let suites = 3000
        let cases = 200
        var report = "<testsuites>\n"
        for suite in 0..<suites {
            report += "<testsuite name=\"suite\(suite)\" tests=\"\(cases)\" failures=\"\(suite == 7 ? 1 : 0)\">\n"
            for test in 0..<cases {
                report +=
                    "<testcase name=\"test number \(test) in suite \(suite) with a long name\" classname=\"c\(suite)\">"
                report += suite == 7 && test == 3 ? "<failure message=\"off by one\"/></testcase>\n" : "</testcase>\n"
            }
            report += "</testsuite>\n"
        }
        report += "</testsuites>\n"
        #expect(report.utf8.count > Self.fiftyMegabytes)
        let path = workspace.path("report.xml")
        try report.write(toFile: path, atomically: false, encoding: .utf8)
        let (result, peak) = try measured(workspace, "\"$HANDOFF\" --junit '\(path)' --output -")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("**Tests**: ❌ 1 failing, 599999 passing"), "\(result.stdout.prefix(2000))")
        // The report is read whole and scanned once: its size plus the binary's own, well under
        // three times the report (120 MB measured in a debug build).
        #expect(peak < 3 * report.utf8.count, "peak \(peak)")
    }
}

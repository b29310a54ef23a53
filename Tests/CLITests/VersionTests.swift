import Foundation
import Testing

/// `handoff --version`: the version and the commit the binary was built from, which the build
/// scripts write into `BuildStamp+Commit.swift` (a plain `swift build` has none).
@Suite struct VersionTests {
    @Test func versionNamesTheStampedCommitOrSaysUnknown() throws {
        let space = try Workspace()
        let result = try space.run(EndToEndTests.binary, ["--version"], in: "")
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.trimmingCharacters(in: .newlines)
        let match = try #require(
            line.wholeMatch(of: #/(\d+\.\d+\.\d+) \((?:commit ([0-9a-f]{12}(?:-dirty)?)|unknown commit)\)/#),
            "unexpected --version: \(line)")
        let stampPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/HandoffCLI/BuildStamp+Commit.swift").standardized.path
        if let stamp = FileManager.default.contents(atPath: stampPath).map({ String(decoding: $0, as: UTF8.self) }) {
            let stamped = try #require(stamp.firstMatch(of: #/\{ "([^"]+)" \}/#)?.1)
            #expect(match.2.map(String.init) == String(stamped), "built with the stamp \(stamped): \(line)")
        } else {
            #expect(match.2 == nil, "no stamp, yet: \(line)")
        }
    }
}

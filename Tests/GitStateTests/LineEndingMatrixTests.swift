import Foundation
import Testing

@testable import GitState

/// Line endings already in the index, as t0027-auto-crlf and t0020-crlf pin them down: with
/// `text=auto` or `core.autocrlf`, git leaves CRLFs alone in a file whose index copy already
/// has them (convert.c's `has_crlf_in_index`), so such a file is not modified. Every cell of
/// `core.autocrlf` × the attributes t0027 combines × index content × work-tree content, all
/// stat-dirty so that the content after the clean filter decides; both engines.
@Suite(.tags(.fromGitsTestScripts)) struct LineEndingMatrixTests {
    /// t0027's contents (its `LF`, `CRLF`, `CRLF_mix_LF`, `LF_mix_CR` and `CRLF_nul`), with a
    /// line more, so that they differ in size from each other after conversion too.
    static let contents: [(name: String, bytes: [UInt8])] = [
        ("LF", Array("line1\nline2\nline3\n".utf8)),
        ("CRLF", Array("line1\r\nline2\r\nline3\r\n".utf8)),
        ("CRLF_mix_LF", Array("line1\r\nline2\nline3\r\n".utf8)),
        ("LF_mix_CR", Array("line1\nline2\rline3\n".utf8)),
        ("CRLF_nul", Array("line1\r\nline2\0\r\nline3\r\n".utf8)),
    ]

    /// t0027's `create_gitattributes` values, alone and as it pairs them.
    static let attributes = [
        "", "text", "text=auto", "-text", "eol=crlf", "eol=lf", "text=auto eol=crlf", "text=auto eol=lf",
        "text eol=crlf", "-text eol=lf",
    ]

    @Test(arguments: ["false", "true", "input"], attributes)
    func contentAlreadyInTheIndex(autocrlf: String, attribute: String) throws {
        let repo = try GitRepo()
        // The index gets each content as it is: no conversion while it is added.
        try repo.git(["config", "core.autocrlf", "false"])
        for index in Self.contents {
            for workTree in Self.contents {
                try repo.write(Self.path(index.name, workTree.name), data: Data(index.bytes))
            }
        }
        try repo.commit("index contents")
        try repo.git(["config", "core.autocrlf", autocrlf])
        if !attribute.isEmpty {
            try repo.write(".gitattributes", "*.txt \(attribute)\n")
            try repo.git(["add", ".gitattributes"])
        }
        for index in Self.contents {
            for workTree in Self.contents {
                let path = Self.path(index.name, workTree.name)
                try repo.write(path, data: Data(workTree.bytes))
                // Stat data that cannot match: the content (after the clean filter) decides.
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)],
                    ofItemAtPath: repo.path + "/" + path)
            }
        }
        try expectMatchesGit(repo)
    }

    /// In a conflict, the copy git reads for the rule is stage 2, "ours" (`read_blob_data_from_index`):
    /// a work tree put back to ours' CRLF content has nothing to show beside the unmerged `0 0`.
    @Test(arguments: ["true", "input"])
    func conflictReadsOursForTheRule(autocrlf: String) throws {
        let repo = try GitRepo()
        try repo.git(["config", "core.autocrlf", "false"])
        try repo.commitFile("a.txt", "base\r\nline\r\n")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.commitFile("a.txt", "theirs\r\nline\r\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("a.txt", "ours\r\nline\r\n")
        try repo.git(["merge", "-q", "side"], allowFailure: true)
        try repo.git(["config", "core.autocrlf", autocrlf])
        try repo.write("a.txt", "ours\r\nline\r\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unstaged?.map(\.byteKey) == ["0\t0\ta.txt"])
    }

    /// `core.safecrlf` guards `git add`, not status or diff (convert.c's flags carry it only when
    /// an object is written): a file whose CRLFs would not survive a round trip is just modified.
    @Test(arguments: ["true", "warn"])
    func safeCRLFDoesNotStopAStatus(safecrlf: String) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "one\ntwo\n")
        try repo.git(["config", "core.autocrlf", "input"])
        try repo.git(["config", "core.safecrlf", safecrlf])
        try repo.write("a.txt", "one\r\ntwo\r\nthree\r\n")
        try repo.write("b.txt", "new\r\n")
        try expectMatchesGit(repo)
    }

    private static func path(_ index: String, _ workTree: String) -> String {
        "\(index).in.index.\(workTree).on.disk.txt"
    }
}

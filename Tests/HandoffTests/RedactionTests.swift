import Foundation
import GitState
import Testing

@testable import Handoff

@Suite struct RedactionTests {
    let redactor = Redactor()

    // Built from pieces so this file holds no literal token shapes for scanners to flag.
    static let github = "gh" + "p_" + String(repeating: "a1B2", count: 9)
    static let githubFine = "github" + "_pat_" + String(repeating: "Z9", count: 15)
    static let gitlab = "gl" + "pat-" + "xYz123_abcDEF-456ghiJK"
    static let aws = "AK" + "IA" + "IOSFODNN7EXAMPLE"
    static let jwt =
        "ey" + "JhbGciOiJIUzI1NiJ9." + "ey" + "JzdWIiOiIxMjM0NTY3ODkwIn0."
        + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    static let slack = "xo" + "xb-" + "123456789012-abcdefghij"
    static let google = "AI" + "za" + "SyD-abcdefghijklmnopqrstuvwxyz01234"
    static let pem = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA " + "PRIVATE KEY-----"

    @Test(arguments: [
        ("push with \(github) failed", "push with [redacted:github-token] failed", "github-token"),
        ("token \(githubFine)", "token [redacted:github-token]", "github-token"),
        ("use \(gitlab) for the API", "use [redacted:gitlab-token] for the API", "gitlab-token"),
        ("key \(aws) in env", "key [redacted:aws-access-key] in env", "aws-access-key"),
        ("Bearer \(jwt)", "Bearer [redacted:jwt]", "jwt"),
        ("slack \(slack)", "slack [redacted:slack-token]", "slack-token"),
        ("maps \(google)", "maps [redacted:google-api-key]", "google-api-key"),
        ("key:\n\(pem)\nend", "key:\n[redacted:private-key]\nend", "private-key"),
        ("password=hunter2", "password=[redacted:password]", "password"),
        ("DB_PASSWORD = \"correct horse\"", "DB_PASSWORD = [redacted:password]", "password"),
        ("secret: s3cr3t!", "secret: [redacted:password]", "password"),
        (
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_SECRET_ACCESS_KEY=[redacted:password]", "password"
        ),
    ])
    func truePositives(input: String, expected: String, kind: String) throws {
        let result = redactor.redact(input)
        #expect(result.text == expected)
        #expect(result.findings == [try #require(SecretKind(rawValue: kind)): 1])
    }

    /// The clues that let a rule skip its regex never skip a match: the same text with and
    /// without them, on secrets, near misses and the Unicode corners of a case-insensitive `\s`.
    @Test(arguments: [
        "password=hunter2", "PASSWORD = hunter2x", "Api_Key: 'abcd1234'", "client-secret\t:\n  s3cr3t!",
        "token:\u{00A0}abc123def", "password\u{2003}= hunter2", "API_\u{212A}EY=s3cr3t!99", "\u{017F}ecret: x1y2z3!",
        "Key Decisions", "keys are fine", "the token rotates", "secret\"=\"long enough value\"",
        "push with \(github) failed", "AKIA too short", "eyJ only once", "-----BEGIN nothing", "\(pem)",
        "xoxb-12", "ghp_ short", "ＰＡＳＳＷＯＲＤ=fullwidth1", "café password: naïve1!",
    ])
    func cluesNeverHideAMatch(text: String) {
        let document = "# Handoff — notes\n\n- \(text)\n"
        let withClues = redactor.redact(document)
        let withoutClues = Redactor(usesClues: false).redact(document)
        #expect(withClues.text == withoutClues.text)
        #expect(withClues.findings == withoutClues.findings)
    }

    @Test func objectIDsAreNeverRedacted() {
        let oid = "9fceb02d0ae598e95dc970b74767f19372d61af8"
        let sha256 = String(repeating: "ab12", count: 16)
        for text in [
            oid, "Revert \"Add parser\"\n\nThis reverts commit \(oid).", "commit=\(oid)", "token: \(oid)",
            "merge \(sha256) into main", "secret=\(sha256)", "fixes abc1234 and \(oid.uppercased())",
        ] {
            let result = redactor.redact(text)
            #expect(result.text == text, "\(text)")
            #expect(result.findings.isEmpty)
        }
    }

    @Test func proseIsNotASecret() {
        for text in [
            "token: rotate daily", "Token refresh: waiting for review", "the password field is optional",
            "api key handling moved to Config.swift", "secret: vault",
        ] {
            #expect(redactor.redact(text).text == text)
        }
    }

    @Test func assignmentAfterAGitHubTokenIsCountedOnce() {
        let result = redactor.redact("GITHUB_TOKEN=\(Self.github)")
        #expect(result.text == "GITHUB_TOKEN=[redacted:github-token]")
        #expect(result.findings == [.githubToken: 1])
    }

    @Test func documentRedactsNotesAndCommitSummariesAndCountsThem() throws {
        var notes = SessionNotes()
        notes.done = ["Rotated \(Self.aws)"]
        notes.decisions = [Decision(title: "Auth", why: "password=hunter2 was in the config")]
        let log = [
            LogEntry(
                oid: ObjectID(hex: Fixtures.head)!, summary: "Add key \(Self.github)", author: "A",
                time: "2026-03-14T10:00:00+01:00"),
            LogEntry(
                oid: ObjectID(hex: Fixtures.base)!, summary: "Start", author: "A", time: "2026-03-14T09:00:00+01:00"),
        ]
        let doc = try DocumentBuilder(
            snapshot: Fixtures.snapshot(log: log), notes: notes, clock: Fixtures.clock,
            base: .revision(name: "HEAD~1", oid: Fixtures.base), history: FixtureHistory(log: log)
        ).build()
        let text = MarkdownRenderer(document: doc).render()
        #expect(doc.redactions.kinds == [.awsAccessKey: 1, .githubToken: 1, .password: 1])
        #expect(text.contains("- **Secrets redacted**: 3 (aws-access-key ×1, github-token ×1, password ×1)"))
        #expect(text.contains("`9fceb02` Add key [redacted:github-token]"))
        #expect(
            text.contains(HeadMarker.line(head: Fixtures.head, timestamp: Fixtures.clock.timestamp)),
            "the head oid itself is kept")
        for secret in [Self.aws, Self.github, "hunter2"] { #expect(!text.contains(secret)) }
    }

    @Test func failOnSecretWritesNothing() throws {
        let folder = try TemporaryFolder()
        var request = HandoffRequest(destination: .folder(folder.path + "/out"))
        request.notes.done = ["Used \(Self.github)"]
        request.failOnSecret = true
        request.clock = Fixtures.clock
        let error = #expect(throws: HandoffError.self) {
            try HandoffWriter(request: request).write(
                snapshot: Fixtures.snapshot(workTree: folder.path), history: FixtureHistory())
        }
        #expect(error?.description == "1 possible secret found (github-token ×1); nothing written (--fail-on-secret)")
        #expect(folder.list() == [])
    }
}

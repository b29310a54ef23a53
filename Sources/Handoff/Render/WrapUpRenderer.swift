import FoundationEssentials

/// `handoff wrap-up`'s output: the checklist for a person, or one JSON object for an agent.
public enum WrapUpRenderer {
    /// ```
    /// Wrap-up: main at abc1234, since the session start at `abc1234` (…)
    ///   ✗ uncommitted  2 uncommitted files: 1 staged, 1 untracked
    ///                  Sources/A.swift: staged
    ///   ✓ stashes      no stash made this session
    /// Not ready: 1 to do (uncommitted).
    ///
    /// Suggested commit message (not committed):
    ///   feat(parser): parser handles tabs
    /// ```
    public static func text(_ report: WrapUpReport) -> String {
        let width = WrapUpCheck.allCases.map(\.rawValue.count).max() ?? 0
        var lines = ["Wrap-up: \(report.place), \(report.base.phrase)"]
        for item in report.items {
            let name = item.check.rawValue + String(repeating: " ", count: width - item.check.rawValue.count)
            lines.append("  \(mark(item.status)) \(name)  \(item.summary)")
            let indent = String(repeating: " ", count: width + 6)
            for detail in item.details { lines.append(indent + detail.rendered) }
        }
        lines.append(report.verdict)
        if let message = report.commitMessage {
            lines.append("")
            lines.append("Suggested commit message (not committed):")
            lines += message.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.isEmpty ? "" : "  \($0)"
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func mark(_ status: WrapUpItem.Status) -> String {
        switch status {
        case .ok: "✓"
        case .warn: "!"
        case .block: "✗"
        case .off: "-"
        }
    }

    /// `{"version": 1, "ready": …, "exit_status": …, "verdict": …, "place": …, "session_base":
    /// {"kind", "oid", "phrase"}, "checks": [{"check", "status", "blocking", "summary", "counts",
    /// "details": [{"path", "line", "text"}]}], "commit_message": …}`; keys sorted.
    public static func json(_ report: WrapUpReport, settings: WrapUpSettings) -> String {
        let payload = Payload(
            ready: report.isReady, exitStatus: Int(report.exitStatus), verdict: report.verdict, place: report.place,
            sessionBase: .init(kind: report.base.kind, oid: report.base.oid, phrase: report.base.phrase),
            checks: report.items.map {
                .init(
                    check: $0.check.rawValue, status: $0.status.rawValue,
                    blocking: settings.blocking.contains($0.check),
                    summary: $0.summary, counts: $0.counts,
                    details: $0.details.map { .init(path: $0.path, line: $0.line, text: $0.text) })
            },
            commitMessage: report.commitMessage)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and booleans only: encoding cannot fail.
        return String(decoding: (try? encoder.encode(payload)) ?? Data(), as: UTF8.self) + "\n"
    }

    struct Payload: Encodable {
        var version = 1
        var ready: Bool
        var exitStatus: Int
        var verdict: String
        var place: String
        var sessionBase: Base
        var checks: [Check]
        @AlwaysEncoded var commitMessage: String?

        init(
            ready: Bool, exitStatus: Int, verdict: String, place: String, sessionBase: Base, checks: [Check],
            commitMessage: String?
        ) {
            self.ready = ready
            self.exitStatus = exitStatus
            self.verdict = verdict
            self.place = place
            self.sessionBase = sessionBase
            self.checks = checks
            self.commitMessage = commitMessage
        }

        enum CodingKeys: String, CodingKey {
            case version, ready, verdict, place, checks
            case exitStatus = "exit_status"
            case sessionBase = "session_base"
            case commitMessage = "commit_message"
        }
    }

    struct Base: Encodable {
        var kind: String
        @AlwaysEncoded var oid: String?
        var phrase: String
    }

    struct Check: Encodable {
        var check: String
        var status: String
        var blocking: Bool
        var summary: String
        var counts: [String: Int]
        var details: [Detail]
    }

    struct Detail: Encodable {
        @AlwaysEncoded var path: String?
        @AlwaysEncoded var line: Int?
        var text: String
    }
}

/// Replaces well-known secret shapes with `[redacted:<kind>]` and counts what it replaced.
///
/// Kinds: `private-key` (PEM blocks), `aws-access-key` (`AKIA…`/`ASIA…`), `github-token`
/// (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), `gitlab-token` (`glpat-`…),
/// `slack-token` (`xox?-`), `google-api-key` (`AIza…`), `jwt` (three base64url parts,
/// the first two starting `eyJ`), and `password`: the value of an assignment such as
/// `password=…`, `secret: …`, `api_key = "…"`, `AWS_SECRET_ACCESS_KEY=…` (the name is kept).
///
/// Object ids are never redacted: no rule matches bare hex, and an assigned value that is
/// a 40- or 64-digit hex object id is left alone.
public struct Redactor: Sendable {
    public struct Finding: Sendable, Equatable {
        public var kind: String
        public var count: Int
    }

    private struct Rule: @unchecked Sendable {
        let kind: String
        let regex: Regex<AnyRegexOutput>
        /// For assignments: the capture holding the value (the rest of the match is kept).
        let valueGroup: Int?
    }

    private let rules: [Rule]

    public init() {
        func rule(_ kind: String, _ pattern: String, valueGroup: Int? = nil) -> Rule {
            // The patterns are constants; a typo is a programming error caught by the tests.
            Rule(kind: kind, regex: try! Regex(pattern), valueGroup: valueGroup)
        }
        rules = [
            rule(
                "private-key",
                #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)"#),
            rule("aws-access-key", #"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b"#),
            rule("github-token", #"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b"#),
            rule("gitlab-token", #"\b(?:glpat|gldt|glrt|glptt|glcbt|glsoat)-[A-Za-z0-9_\-]{20,}"#),
            rule("slack-token", #"\bxox[abposr]-[A-Za-z0-9\-]{10,}"#),
            rule("google-api-key", #"\bAIza[0-9A-Za-z_\-]{35}"#),
            rule("jwt", #"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{10,}"#),
            rule(
                "password",
                #"(?i)\b((?:[a-z0-9_\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|auth[_\-]?key|private[_\-]?key|client[_\-]?secret))["']?\s*(?:=|:)\s*)("[^"\n]{4,}"|'[^'\n]{4,}'|[^\s"'`,;)\]}]{4,})"#,
                valueGroup: 2),
        ]
    }

    /// The text with every secret replaced, and how many of each kind were found.
    public func redact(_ text: String) -> (text: String, findings: [String: Int]) {
        var result = text
        var findings: [String: Int] = [:]
        for rule in rules {
            guard result.contains(rule.regex) else { continue }
            var output = ""
            var last = result.startIndex
            for match in result.matches(of: rule.regex) {
                if let group = rule.valueGroup {
                    guard let valueRange = match.output[group].range else { continue }
                    let value = result[valueRange]
                    if isObjectID(value) || value.hasPrefix("[redacted:") || value.hasPrefix("\"[redacted:") { continue }
                    let assignment = match.output[1].substring ?? ""
                    if !assignment.contains("="), !looksSecret(value) { continue }
                    output += result[last..<valueRange.lowerBound]
                    output += "[redacted:\(rule.kind)]"
                    last = valueRange.upperBound
                } else {
                    output += result[last..<match.range.lowerBound]
                    output += "[redacted:\(rule.kind)]"
                    last = match.range.upperBound
                }
                findings[rule.kind, default: 0] += 1
            }
            output += result[last...]
            result = output
        }
        return (result, findings)
    }

    /// After a colon (`secret: …`, as in YAML or prose) only values that look like secrets count:
    /// quoted, or holding a digit or a symbol, or 16 characters and more. `token: rotate` is prose.
    private func looksSecret(_ value: Substring) -> Bool {
        if value.first == "\"" || value.first == "'" { return true }
        if value.count >= 16 { return true }
        return value.contains { $0.isNumber || !($0.isLetter || $0.isNumber) }
    }

    private func isObjectID(_ value: Substring) -> Bool {
        let bare = value.trimmingQuotes
        return (bare.count == 40 || bare.count == 64) && bare.allSatisfy(\.isHexDigit)
    }
}

extension Substring {
    fileprivate var trimmingQuotes: Substring {
        guard count >= 2, let first, first == "\"" || first == "'", last == first else { return self }
        return dropFirst().dropLast()
    }
}

/// Counts findings across many `redact` calls.
public struct RedactionTally: Sendable, Codable, Equatable {
    public var kinds: [String: Int] = [:]
    public var total: Int { kinds.values.reduce(0, +) }

    public init() {}

    mutating func add(_ findings: [String: Int]) {
        for (kind, count) in findings { kinds[kind, default: 0] += count }
    }

    /// `github-token ×1, password ×2`, sorted by kind.
    public var summary: String {
        kinds.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }
}

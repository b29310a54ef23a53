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
    private struct Rule: Sendable {
        let kind: SecretKind
        let pattern: String
        /// For assignments: the capture holding the value (the rest of the match is kept).
        let valueGroup: Int?
        /// What every match contains: the regex (slow, and costly to build) runs only on text
        /// that passes this test.
        let clue: Clue
    }

    private let rules: [Rule]
    /// Whether the clues may skip a rule (always, but for the tests that compare with and without).
    private let usesClues: Bool

    public init() { self.init(usesClues: true) }

    init(usesClues: Bool) {
        self.usesClues = usesClues
        func rule(_ kind: SecretKind, _ pattern: String, valueGroup: Int? = nil, clue: Clue) -> Rule {
            Rule(kind: kind, pattern: pattern, valueGroup: valueGroup, clue: clue)
        }
        rules = [
            rule(
                .privateKey,
                #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)"#,
                clue: .anyOf(["-----BEGIN "])),
            rule(
                .awsAccessKey, #"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b"#,
                clue: .anyOf(["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"])),
            rule(
                .githubToken, #"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b"#,
                clue: .anyOf(["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"])),
            rule(
                .gitlabToken, #"\b(?:glpat|gldt|glrt|glptt|glcbt|glsoat)-[A-Za-z0-9_\-]{20,}"#,
                clue: .anyOf(["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glsoat-"])),
            rule(
                .slackToken, #"\bxox[abposr]-[A-Za-z0-9\-]{10,}"#,
                clue: .anyOf(["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"])),
            rule(.googleAPIKey, #"\bAIza[0-9A-Za-z_\-]{35}"#, clue: .anyOf(["AIza"])),
            rule(
                .jwt, #"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{10,}"#,
                clue: .anyOf(["eyJ"])),
            rule(
                .password,
                #"(?i)\b((?:[a-z0-9_\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|auth[_\-]?key|private[_\-]?key|client[_\-]?secret))["']?\s*(?:=|:)\s*)("[^"\n]{4,}"|'[^'\n]{4,}'|[^\s"'`,;)\]}]{4,})"#,
                valueGroup: 2, clue: .assignment(to: ["password", "passwd", "pwd", "secret", "token", "key"])),
        ]
    }

    /// The text with every secret replaced, and how many of each kind were found.
    public func redact(_ text: String) -> (text: String, findings: [SecretKind: Int]) {
        var result = text
        var findings: [SecretKind: Int] = [:]
        // The text's bytes for the clues, read again only after a rule has replaced something.
        var bytes = Array(result.utf8)
        for rule in rules {
            guard !usesClues || rule.clue.occurs(in: bytes) else { continue }
            // The patterns are constants; a typo is a programming error caught by the tests.
            let regex = try! Regex(rule.pattern)
            guard result.contains(regex) else { continue }
            var output = ""
            var last = result.startIndex
            for match in result.matches(of: regex) {
                if let group = rule.valueGroup {
                    guard let valueRange = match.output[group].range else { continue }
                    let value = result[valueRange]
                    if isObjectID(value) || value.hasPrefix("[redacted:") || value.hasPrefix("\"[redacted:") {
                        continue
                    }
                    let assignment = match.output[1].substring ?? ""
                    if !assignment.contains("="), !looksSecret(value) { continue }
                    output += result[last..<valueRange.lowerBound]
                    output += "[redacted:\(rule.kind.rawValue)]"
                    last = valueRange.upperBound
                } else {
                    output += result[last..<match.range.lowerBound]
                    output += "[redacted:\(rule.kind.rawValue)]"
                    last = match.range.upperBound
                }
                findings[rule.kind, default: 0] += 1
            }
            output += result[last...]
            if output != result {
                result = output
                bytes = Array(result.utf8)
            }
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

/// A cheap test that every match of a rule passes: text that fails it holds no match.
private enum Clue: Sendable {
    /// One of these strings occurs (as bytes, with case).
    case anyOf([String])
    /// One of these words (without case) is followed by an optional quote, white space and
    /// `=` or `:`, as in every assignment the password rule matches.
    case assignment(to: [String])

    func occurs(in bytes: [UInt8]) -> Bool {
        switch self {
        case .anyOf(let needles):
            return needles.contains { Clue.firstOccurrence(of: Array($0.utf8), in: bytes, from: 0) != nil }
        case .assignment(let words):
            // The regex matches without case by Unicode's rules, where the Kelvin sign is a "k" and
            // the long s an "s": with either in the text, only the regex can tell.
            if Clue.firstOccurrence(of: [0xE2, 0x84, 0xAA], in: bytes, from: 0) != nil
                || Clue.firstOccurrence(of: [0xC5, 0xBF], in: bytes, from: 0) != nil
            {
                return true
            }
            let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            for word in words {
                let needle = Array(word.utf8)
                var start = 0
                while let found = Clue.firstOccurrence(of: needle, in: lowered, from: start) {
                    if Clue.assignmentFollows(lowered, at: found + needle.count) { return true }
                    start = found + 1
                }
            }
            return false
        }
    }

    /// After a word: an optional quote, white space, then `=` or `:`. Any byte outside ASCII
    /// may be Unicode white space, so it counts as a possible match.
    private static func assignmentFollows(_ bytes: [UInt8], at start: Int) -> Bool {
        var position = start
        if position < bytes.count && (bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")) {
            position += 1
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ":") || byte >= 0x80 { return true }
            // \s: space, tab, line feed, vertical tab, form feed, carriage return.
            guard byte == 0x20 || (0x09...0x0D).contains(byte) else { return false }
            position += 1
        }
        return false
    }

    private static func firstOccurrence(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count - start >= needle.count else { return nil }
        var position = start
        let last = bytes.count - needle.count
        while position <= last {
            if bytes[position] == needle[0] && bytes[position..<(position + needle.count)].elementsEqual(needle) {
                return position
            }
            position += 1
        }
        return nil
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
    public var kinds: [SecretKind: Int] = [:]
    public var total: Int { kinds.values.reduce(0, +) }

    public init() {}

    mutating func add(_ findings: [SecretKind: Int]) {
        for (kind, count) in findings { kinds[kind, default: 0] += count }
    }

    /// `github-token ×1, password ×2`, sorted by kind.
    public var summary: String {
        kinds.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) ×\($0.value)" }.joined(separator: ", ")
    }
}

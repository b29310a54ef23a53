import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// One thing worth carrying into a new session: a learning or an open item of a past handoff.
public struct ReplayItem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case learning, inProgress = "in progress", pending, gotcha, decision
    }

    public var kind: Kind
    public var text: String
    /// Where it was found: a handoff's file name, `.claude/LEARNED.md`, or `handoff learn`.
    public var source: String
    /// Seconds since 1970, for "most recent first".
    public var time: Double

    public init(kind: Kind, text: String, source: String, time: Double) {
        self.kind = kind
        self.text = text
        self.source = source
        self.time = time
    }
}

/// Full-text ranking of replay items with Okapi BM25 (k1 = 1.2, b = 0.75), the ranking SQLite's
/// FTS5 uses, over an index built in memory on each run (handoff folders are small).
///
/// Words are lower-cased runs of letters and digits with a light English suffix folding
/// (`tests` → `test`, `caching` → `cach`), applied to the text and the keywords alike; a keyword
/// ending in `*` matches every word it begins.
public struct ReplayIndex: Sendable {
    public let items: [ReplayItem]

    /// Items from past handoffs (oldest first), `LEARNED.md`'s learnings and pending ones; the
    /// same text seen more than once is kept once, at its most recent place.
    public init(handoffs: [PastHandoff], learned: [ReplayItem] = []) {
        var all: [ReplayItem] = learned
        for handoff in handoffs {
            func add(_ texts: [String], _ kind: ReplayItem.Kind) {
                all += texts.map { ReplayItem(kind: kind, text: $0, source: handoff.name, time: handoff.time) }
            }
            add(handoff.learnings, .learning)
            add(handoff.inProgress, .inProgress)
            add(handoff.pending, .pending)
            add(handoff.gotchas, .gotcha)
            add(handoff.decisions, .decision)
        }
        var newest: [String: (item: ReplayItem, words: [String])] = [:]
        for item in all {
            let words = Self.words(item.text)
            let key = words.joined(separator: " ")
            if let seen = newest[key], seen.item.time > item.time { continue }
            newest[key] = (item, words)
        }
        let kept = newest.values.sorted { ($0.item.time, $0.item.text) > ($1.item.time, $1.item.text) }
        items = kept.map(\.item)
        documents = kept.map(\.words)
    }

    /// Each item's words, in `items`' order.
    private let documents: [[String]]

    /// Items matching any keyword, best first (ties: most recent first); with no keywords,
    /// every item, most recent first.
    public func search(_ keywords: [String], limit: Int) -> [(item: ReplayItem, score: Double)] {
        let terms = keywords.flatMap { keyword -> [String] in
            let prefix = keyword.hasSuffix("*")
            let words = Self.words(prefix ? String(keyword.dropLast()) : keyword, folding: !prefix)
            return prefix ? words.map { $0 + "*" } : words
        }
        guard !terms.isEmpty else { return Array(items.prefix(limit).map { ($0, 0) }) }
        let count = Double(documents.count)
        let averageLength = max(1, Double(documents.reduce(0) { $0 + $1.count }) / max(count, 1))
        func matches(_ word: String, _ term: String) -> Bool {
            term.hasSuffix("*") ? word.hasPrefix(term.dropLast()) : word == term
        }
        var frequency: [String: Double] = [:]
        for term in Set(terms) {
            frequency[term] = Double(documents.filter { $0.contains { matches($0, term) } }.count)
        }
        let k1 = 1.2
        let b = 0.75
        var scored: [(item: ReplayItem, score: Double)] = []
        for (index, words) in documents.enumerated() {
            var score = 0.0
            for term in terms {
                let tf = Double(words.filter { matches($0, term) }.count)
                guard tf > 0, let n = frequency[term] else { continue }
                let idf: Double = log(1 + (count - n + 0.5) / (n + 0.5))
                let lengthRatio: Double = Double(words.count) / averageLength
                let norm: Double = tf + k1 * (1 - b + b * lengthRatio)
                score += idf * tf * (k1 + 1) / norm
            }
            if score > 0 { scored.append((items[index], score)) }
        }
        scored.sort { ($0.score, $0.item.time) > ($1.score, $1.item.time) }
        return Array(scored.prefix(limit))
    }

    /// Lower-cased words of letters and digits, suffixes folded.
    static func words(_ text: String, folding: Bool = true) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text, folding: folding) }
        return mixedWords(text, folding: folding)
    }

    /// `words(_:folding:)` of a text with some bytes outside ASCII (an item's ` — `): its ASCII
    /// pieces read as bytes, the others by scalars (the scalar reading lower-cases and tests
    /// scalar by scalar, so it cuts at the same bytes).
    static func mixedWords(_ text: String, folding: Bool = true) -> [String] {
        var result: [String] = []
        ASCIIWords.forEachPiece(of: text) { piece, isASCII in
            result += isASCII ? asciiWords(piece, folding: folding) : scalarWords(piece, folding: folding)
        }
        return result
    }

    /// `words(_:folding:)` read scalar by scalar: any text.
    static func scalarWords(_ text: String, folding: Bool = true) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(folding ? fold(current) : current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(folding ? fold(current) : current) }
        return result
    }

    /// `words(_:folding:)` of an ASCII text, from its bytes (an ASCII letter is alphabetic, as
    /// the scalar reading says): the scalar properties cost a fifth of `replay` over 10,000 handoffs.
    static func asciiWords(_ text: String, folding: Bool = true) -> [String] {
        var result: [String] = []
        ASCIIWords.forEach(in: text) { word in
            if folding { foldASCII(&word) }
            result.append(String(decoding: word, as: UTF8.self))
        }
        return result
    }

    /// `fold(_:)` of a word of ASCII letters and digits, on its bytes (a byte is a character
    /// here): the string reading was a tenth of `replay` over 10,000 handoffs.
    static func foldASCII(_ word: inout [UInt8]) {
        func hasSuffix(_ suffix: [UInt8]) -> Bool {
            word.count >= suffix.count && word.suffix(suffix.count) == suffix[...]
        }
        if word.count > 4, hasSuffix(Suffix.ies) {
            word.removeLast(3)
            word.append(UInt8(ascii: "y"))
            return
        }
        for suffix in Suffix.folded where word.count > suffix.count + 2 && hasSuffix(suffix) {
            if suffix == Suffix.s && hasSuffix(Suffix.ss) { continue }
            word.removeLast(suffix.count)
            return
        }
    }

    private enum Suffix {
        static let ies = Array("ies".utf8)
        static let folded = ["ing", "ed", "es", "s", "e"].map { Array($0.utf8) }
        static let s = Array("s".utf8)
        static let ss = Array("ss".utf8)
    }

    /// A light English suffix folding: enough for `tests`/`test`, `cached`/`cache`/`caching`.
    static func fold(_ word: String) -> String {
        var word = word
        if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        for suffix in ["ing", "ed", "es", "s", "e"] where word.count > suffix.count + 2 && word.hasSuffix(suffix) {
            if suffix == "s" && word.hasSuffix("ss") { continue }
            word = String(word.dropLast(suffix.count))
            break
        }
        return word
    }
}

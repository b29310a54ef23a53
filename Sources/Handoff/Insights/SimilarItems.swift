/// Groups short texts (blockers, gotchas) that say the same thing in slightly different words.
///
/// Two texts are similar when their word sets (lowercased, letters and digits only, words of
/// one or two characters and a few filler words left out) overlap by at least half: the shared
/// words are at least half of all their words (Jaccard ≥ 0.5). Each group is led by its first
/// text, and a text joins the first group whose leader it is similar to. Candidates are found
/// through the words they share, so 10,000 handoffs' worth of items group in milliseconds.
public struct SimilarItems: Sendable {
    public struct Group: Sendable, Equatable {
        /// The first wording seen.
        public var text: String
        /// How many handoffs mention it (a handoff saying it twice counts once).
        public var handoffs: Int
        /// Every distinct wording, first seen first.
        public var variants: [String]
    }

    public static let threshold = 0.5

    /// `items[i]` are the texts of handoff `i`; groups by the number of handoffs, most first
    /// (ties: first seen first).
    public static func groups(_ items: [[String]]) -> [Group] {
        var groups: [Group] = []
        var leaderWords: [Set<String>] = []
        var lastHandoff: [Int] = []
        var byWord: [String: [Int]] = [:]
        var byText: [String: Int] = [:]
        // A text with the same words as an earlier one joins the same group: the groups found
        // for it then are still the first that qualify (a leader never changes, later groups come
        // after), and a new group it led is similar to it.
        var byWords: [Set<String>: Int] = [:]
        let wordsOf = Self.wordsOfEachText(items)
        var shared = SharedWordCounts()
        for (handoff, texts) in items.enumerated() {
            for text in texts {
                let index: Int
                if let known = byText[text] {
                    index = known
                } else {
                    let words = wordsOf[text] ?? []
                    if !words.isEmpty, let known = byWords[words] {
                        index = known
                        groups[index].variants.append(text)
                    } else if let found = shared.firstSimilarGroup(words, leaderWords, byWord) {
                        index = found
                        groups[index].variants.append(text)
                        byWords[words] = index
                    } else {
                        index = groups.count
                        groups.append(Group(text: text, handoffs: 0, variants: [text]))
                        leaderWords.append(words)
                        lastHandoff.append(-1)
                        for word in words { byWord[word, default: []].append(index) }
                        if !words.isEmpty { byWords[words] = index }
                    }
                    byText[text] = index
                }
                if lastHandoff[index] != handoff {
                    lastHandoff[index] = handoff
                    groups[index].handoffs += 1
                }
            }
        }
        return groups.enumerated().sorted { ($0.element.handoffs, -$0.offset) > ($1.element.handoffs, -$1.offset) }
            .map(\.element)
    }

    /// The words of every distinct text, read on every core at once.
    static func wordsOfEachText(_ items: [[String]]) -> [String: Set<String>] {
        let texts = Array(Set(items.joined()))
        return Dictionary(uniqueKeysWithValues: zip(texts, texts.concurrentMap(chunk: 256, Self.words)))
    }

    /// True when `left` and `right` share at least half of all their words (two empty sets: never).
    public static func similar(_ left: Set<String>, _ right: Set<String>) -> Bool {
        let union = left.union(right).count
        guard union > 0 else { return false }
        return Double(left.intersection(right).count) / Double(union) >= threshold
    }

    public static func similar(_ left: String, _ right: String) -> Bool { similar(words(left), words(right)) }

    static let fillers: Set<String> = [
        "the", "and", "for", "with", "not", "but", "are", "was", "this", "that", "blocked",
    ]

    /// The words that count: lowercased runs of letters and digits, three characters or more, fillers left out.
    public static func words(_ text: String) -> Set<String> {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(text) : mixedWords(text)
    }

    /// `words(_:)` of a text with some bytes outside ASCII (a blocker's ` — `): its ASCII pieces
    /// read as bytes, the others by characters.
    static func mixedWords(_ text: String) -> Set<String> {
        var words: Set<String> = []
        ASCIIWords.forEachPiece(of: text) { piece, isASCII in
            words.formUnion(isASCII ? asciiWords(piece) : characterWords(piece))
        }
        return words
    }

    /// `words(_:)` read character by character: any text.
    static func characterWords(_ text: String) -> Set<String> {
        var words: Set<String> = []
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 3 {
            let word = String(word)
            if !fillers.contains(word) { words.insert(word) }
        }
        return words
    }

    /// `words(_:)` of an ASCII text, from its bytes (where a letter is `A`–`Z` or `a`–`z` and a
    /// digit `0`–`9`, as `Character` says): the character-by-character reading cost 5% of
    /// `insights` over 10,000 handoffs.
    static func asciiWords(_ text: String) -> Set<String> {
        var words: Set<String> = []
        ASCIIWords.forEach(in: text) { word in
            guard word.count >= 3 else { return }
            let text = String(decoding: word, as: UTF8.self)
            if !fillers.contains(text) { words.insert(text) }
        }
        return words
    }
}

/// How many words each group's leader shares with a text, counted from the word lists into an
/// array kept from text to text (no set is built per candidate, no dictionary per text: both
/// made 10,000 handoffs' items take a large part of `insights`).
private struct SharedWordCounts {
    var counts: [Int] = []
    var touched: [Int] = []

    /// The first group whose leader shares at least half of all its and `words`' words.
    mutating func firstSimilarGroup(
        _ words: Set<String>, _ leaderWords: [Set<String>], _ byWord: [String: [Int]]
    ) -> Int? {
        if counts.count < leaderWords.count { counts += [Int](repeating: 0, count: leaderWords.count - counts.count) }
        for word in words {
            for group in byWord[word] ?? [] {
                if counts[group] == 0 { touched.append(group) }
                counts[group] += 1
            }
        }
        var found: Int?
        for group in touched {
            let count = counts[group]
            counts[group] = 0
            let similar =
                Double(count) / Double(words.count + leaderWords[group].count - count) >= SimilarItems.threshold
            if similar, found.map({ group < $0 }) ?? true { found = group }
        }
        touched.removeAll(keepingCapacity: true)
        return found
    }
}

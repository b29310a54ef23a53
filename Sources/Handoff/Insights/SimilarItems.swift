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
        for (handoff, texts) in items.enumerated() {
            for text in texts {
                let index: Int
                if let known = byText[text] {
                    index = known
                } else {
                    let words = Self.words(text)
                    // How many words each group's leader shares with this text, counted from the
                    // word lists: no set is built per candidate (set operations per pair made 1,000
                    // handoffs take seconds in a debug build).
                    var shared: [Int: Int] = [:]
                    for word in words { for group in byWord[word] ?? [] { shared[group, default: 0] += 1 } }
                    let found = shared.filter { group, count in
                        Double(count) / Double(words.count + leaderWords[group].count - count) >= threshold
                    }.keys.min()
                    if let found {
                        index = found
                        groups[index].variants.append(text)
                    } else {
                        index = groups.count
                        groups.append(Group(text: text, handoffs: 0, variants: [text]))
                        leaderWords.append(words)
                        lastHandoff.append(-1)
                        for word in words { byWord[word, default: []].append(index) }
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
        var words: Set<String> = []
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 3 {
            let word = String(word)
            if !fillers.contains(word) { words.insert(word) }
        }
        return words
    }
}

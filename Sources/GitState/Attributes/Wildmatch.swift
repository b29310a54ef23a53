/// git's glob matching (`wildmatch.c`), the matcher behind `.gitattributes` patterns: `?`,
/// `*`, `**`, `[...]` with ranges, negation (`!` or `^`) and `[:class:]`, and `\` escapes.
///
/// With `pathname`, `*`, `?` and brackets never match a `/`, and `**` between slashes (or at
/// either end) matches any number of directories; without it every `*` is a `**`. With
/// `caseFold`, ASCII letters match without case, exactly as git folds them: the text's letter
/// and a literal pattern letter are lowered, but a letter inside brackets is compared as
/// written (so `[A]` matches neither `a` nor `A` there, while `[A-Z]` and `[:upper:]` match
/// both cases), which is git's own quirk. Proven against `git check-attr` in the tests.
struct Wildmatch {
    struct Options: OptionSet {
        let rawValue: Int
        static let pathname = Options(rawValue: 1)
        static let caseFold = Options(rawValue: 2)
    }

    /// What one attempt comes to; the two aborts stop the backtracking of outer stars early.
    private enum Outcome {
        case match, noMatch, abortAll, abortToDoubleStar
    }

    private let pattern: [UInt8]
    private let text: [UInt8]
    private let options: Options

    /// Whether `text` matches `pattern` (both without a NUL byte).
    static func matches<P: Collection<UInt8>, T: Collection<UInt8>>(_ pattern: P, _ text: T, options: Options) -> Bool {
        let matcher = Wildmatch(pattern: Array(pattern), text: Array(text), options: options)
        return matcher.match(patternAt: 0, textAt: 0) == .match
    }

    private init(pattern: [UInt8], text: [UInt8], options: Options) {
        self.pattern = pattern
        self.text = text
        self.options = options
    }

    /// The byte at `index`, or 0 past the end (the C strings' terminator).
    private func patternByte(_ index: Int) -> UInt8 { index < pattern.count ? pattern[index] : 0 }
    private func textByte(_ index: Int) -> UInt8 { index < text.count ? text[index] : 0 }

    private func folded(_ byte: UInt8) -> UInt8 {
        options.contains(.caseFold) && Self.isUpper(byte) ? byte + 32 : byte
    }

    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")
    private static let backslash = UInt8(ascii: "\\")

    private func match(patternAt start: Int, textAt textStart: Int) -> Outcome {
        var p = start
        var t = textStart
        while p < pattern.count {
            let textChar = folded(textByte(t))
            let patternChar = folded(pattern[p])
            if t >= text.count && patternChar != Self.star { return .abortAll }
            switch patternChar {
            case Self.backslash:
                // A literal next character, compared as written; a trailing backslash matches nothing.
                p += 1
                if p >= pattern.count || textChar != pattern[p] { return .noMatch }
            case UInt8(ascii: "?"):
                if options.contains(.pathname) && textChar == Self.slash { return .noMatch }
            case Self.star:
                return star(patternAt: p, textAt: t)
            case UInt8(ascii: "["):
                guard let (matched, end) = bracket(patternAt: p + 1, textChar: textChar) else { return .abortAll }
                if !matched || (options.contains(.pathname) && textChar == Self.slash) { return .noMatch }
                p = end
            default:
                if textChar != patternChar { return .noMatch }
            }
            p += 1
            t += 1
        }
        return t < text.count ? .noMatch : .match
    }

    /// A run of stars at `p` against the text from `t`.
    private func star(patternAt start: Int, textAt textStart: Int) -> Outcome {
        var p = start + 1
        var t = textStart
        let matchesSlash: Bool
        if patternByte(p) == Self.star {
            let before = start - 1
            while patternByte(p) == Self.star { p += 1 }
            if !options.contains(.pathname) {
                matchesSlash = true
            } else if before < 0 || pattern[before] == Self.slash,
                patternByte(p) == 0 || patternByte(p) == Self.slash
                    || (patternByte(p) == Self.backslash && patternByte(p + 1) == Self.slash)
            {
                // `**/` may also match no directory at all: `a/**/b` matches `a/b`.
                if patternByte(p) == Self.slash && match(patternAt: p + 1, textAt: t) == .match { return .match }
                matchesSlash = true
            } else {
                matchesSlash = false
            }
        } else {
            matchesSlash = !options.contains(.pathname)
        }
        if p >= pattern.count {
            // Trailing stars: `**` takes the rest, `*` only a rest without a slash.
            if !matchesSlash && text[min(t, text.count)...].contains(Self.slash) { return .noMatch }
            return .match
        }
        if !matchesSlash && pattern[p] == Self.slash {
            // One star then a slash: the star takes the rest of this directory's name.
            guard let slash = text[min(t, text.count)...].firstIndex(of: Self.slash) else { return .noMatch }
            return match(patternAt: p, textAt: slash)
        }
        while t < text.count {
            if !Self.isGlobSpecial(pattern[p]) {
                // A literal follows: skip ahead to its next occurrence (not past a slash the star cannot take).
                let literal = folded(pattern[p])
                while t < text.count && (matchesSlash || text[t] != Self.slash) && folded(text[t]) != literal {
                    t += 1
                }
                if t >= text.count || folded(text[t]) != literal { return .noMatch }
            }
            let outcome = match(patternAt: p, textAt: t)
            if outcome != .noMatch {
                if !matchesSlash || outcome != .abortToDoubleStar { return outcome }
            } else if !matchesSlash && text[t] == Self.slash {
                return .abortToDoubleStar
            }
            t += 1
        }
        return .abortAll
    }

    /// A bracket expression whose body starts at `start` (after `[`): whether `textChar` is in
    /// it, and the index of its closing `]`; `nil` for a malformed one (git aborts the match).
    private func bracket(patternAt start: Int, textChar: UInt8) -> (Bool, Int)? {
        var p = start
        var current = patternByte(p)
        if current == UInt8(ascii: "^") { current = UInt8(ascii: "!") }
        let negated = current == UInt8(ascii: "!")
        if negated {
            p += 1
            current = patternByte(p)
        }
        var previous: UInt8 = 0
        var matched = false
        repeat {
            if current == 0 { return nil }
            if current == Self.backslash {
                p += 1
                current = patternByte(p)
                if current == 0 { return nil }
                if textChar == current { matched = true }
            } else if current == UInt8(ascii: "-") && previous != 0 && patternByte(p + 1) != 0
                && patternByte(p + 1) != UInt8(ascii: "]")
            {
                p += 1
                var upper = patternByte(p)
                if upper == Self.backslash {
                    p += 1
                    upper = patternByte(p)
                    if upper == 0 { return nil }
                }
                if previous <= textChar && textChar <= upper {
                    matched = true
                } else if options.contains(.caseFold) && Self.isLower(textChar),
                    previous <= textChar - 32 && textChar - 32 <= upper
                {
                    matched = true
                }
                current = 0  // a range is no start of another one
            } else if current == UInt8(ascii: "[") && patternByte(p + 1) == UInt8(ascii: ":") {
                let nameStart = p + 2
                var end = nameStart
                while patternByte(end) != 0 && patternByte(end) != UInt8(ascii: "]") { end += 1 }
                if patternByte(end) == 0 { return nil }
                if end - nameStart - 1 < 0 || patternByte(end - 1) != UInt8(ascii: ":") {
                    // No `:]`: the `[` is an ordinary member.
                    if textChar == current { matched = true }
                } else {
                    guard let inClass = classContains(pattern[nameStart..<(end - 1)], textChar) else { return nil }
                    if inClass { matched = true }
                    p = end
                    current = 0
                }
            } else if textChar == current {
                matched = true
            }
            previous = current
            p += 1
            current = patternByte(p)
        } while current != UInt8(ascii: "]")
        return (matched != negated, p)
    }

    /// Whether `byte` is in the named POSIX class (ASCII only, as git's C locale); `nil` for an
    /// unknown name.
    private func classContains(_ name: ArraySlice<UInt8>, _ byte: UInt8) -> Bool? {
        let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        let isAlpha = Self.isUpper(byte) || Self.isLower(byte)
        let isPunct = (33...126).contains(byte) && !isDigit && !isAlpha
        switch String(decoding: name, as: UTF8.self) {
        case "alnum": return isAlpha || isDigit
        case "alpha": return isAlpha
        case "blank": return byte == 32 || byte == 9
        case "cntrl": return byte < 32 || byte == 127
        case "digit": return isDigit
        case "graph": return (33...126).contains(byte)
        case "lower": return Self.isLower(byte)
        case "print": return (32...126).contains(byte)
        case "punct": return isPunct
        case "space": return byte == 32 || (9...13).contains(byte)
        case "upper": return Self.isUpper(byte) || (options.contains(.caseFold) && Self.isLower(byte))
        case "xdigit":
            return isDigit || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        default: return nil
        }
    }

    static func isUpper(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    static func isLower(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }

    /// `*`, `?`, `[` and `\`: git's glob-special bytes.
    static func isGlobSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "[")
            || byte == UInt8(ascii: "\\")
    }
}

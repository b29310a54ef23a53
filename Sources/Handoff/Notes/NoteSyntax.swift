#if canImport(Glibc)
import Glibc
#endif

/// The one-line forms notes are written in, shared by flags, JSON strings and Markdown bullets.
///
/// - in progress: `item`, `item @ path:line`, `item (path:line)`, `item — resume at path:line`
/// - blocked: `item: reason`
/// - decision: `title: why`, optionally followed by `; trade-off: cost` (also `— trade-off:`, `| trade-off:`)
/// - learning: `[Category] rule` (no bracket: category `General`)
/// - file: `path: what changed`
public enum NoteSyntax {
    public static func workItem(_ text: String) -> WorkItem {
        let line = text.trimmed
        for marker in [" — resume at ", " - resume at ", " @ "] {
            if let range = line.ranges(of: marker).last {
                let location = String(line[range.upperBound...]).trimmed.strippingBackticks
                if isLocation(location) {
                    return WorkItem(text: String(line[..<range.lowerBound]).trimmed, location: location)
                }
            }
        }
        if line.hasSuffix(")"), let open = line.ranges(of: " (").last {
            let location = String(line[open.upperBound..<line.index(before: line.endIndex)]).trimmed.strippingBackticks
            if isLocation(location) {
                return WorkItem(text: String(line[..<open.lowerBound]).trimmed, location: location)
            }
        }
        return WorkItem(text: line)
    }

    /// `path:line` (or `path:line:column`): a path without spaces, a colon, digits.
    static func isLocation(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains(" ") else { return false }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    public static func blocked(_ text: String, field: String = "--blocked") throws(HandoffError) -> BlockedItem {
        guard let (item, reason) = splitPair(text), !item.isEmpty, !reason.isEmpty else {
            throw HandoffError("\(field) needs \"item: reason\", got \"\(text.trimmed)\"")
        }
        return BlockedItem(item: item, reason: reason)
    }

    public static func decision(_ text: String, field: String = "--decision") throws(HandoffError) -> Decision {
        var body = text.trimmed
        var tradeOff: String?
        if let marker = tradeOffMarker(in: body) {
            tradeOff = String(body[marker.upperBound...]).trimmed
            body = String(body[..<marker.lowerBound]).trimmed
            while let last = body.last, ";|—-,".contains(last) { body.removeLast() }
            body = body.trimmed
        }
        guard let (title, why) = splitPair(body), !title.isEmpty, !why.isEmpty else {
            throw HandoffError(
                "\(field) needs \"title: why\" (optionally \"; trade-off: cost\"), got \"\(text.trimmed)\"")
        }
        return Decision(title: title.strippingBold, why: why, tradeOff: tradeOff?.isEmpty == true ? nil : tradeOff)
    }

    private static func tradeOffMarker(in text: String) -> Range<String.Index>? {
        let lower = text.lowercased()
        for word in ["trade-off:", "tradeoff:", "trade off:"] {
            if let range = lower.firstRange(of: word) {
                let start = text.index(
                    text.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: range.lowerBound))
                let end = text.index(start, offsetBy: word.count)
                return start..<end
            }
        }
        return nil
    }

    public static func learning(_ text: String) -> Learning {
        let line = text.trimmed
        if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
            let category = String(line[line.index(after: line.startIndex)..<close]).trimmed
            let rule = String(line[line.index(after: close)...]).trimmed
            if !category.isEmpty, !rule.isEmpty { return Learning(category: category, rule: rule) }
        }
        return Learning(category: "General", rule: line)
    }

    public static func file(_ text: String, field: String = "--file") throws(HandoffError) -> FileNote {
        guard let (path, description) = splitPair(text), !path.isEmpty, !description.isEmpty else {
            throw HandoffError("\(field) needs \"path: what changed\", got \"\(text.trimmed)\"")
        }
        return FileNote(path: path.strippingBackticks, description: description)
    }

    /// Splits at the first `": "` (or a final `:`), trimming both sides and bold markers on the left.
    static func splitPair(_ text: String) -> (String, String)? {
        let line = text.trimmed
        guard let range = line.firstRange(of: ": ") ?? (line.hasSuffix(":") ? line.ranges(of: ":").last : nil)
        else { return nil }
        let left = String(line[..<range.lowerBound]).trimmed.strippingBold
        let right = String(line[range.upperBound...]).trimmed
        return (left, right)
    }
}

extension StringProtocol {
    /// The first byte that is neither a space nor a tab (`nil` for a blank line): a cheap test of
    /// what a line could be before it is trimmed.
    var firstVisibleByte: UInt8? {
        utf8.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
    }
}

extension String {
    /// The text's lines, as `split(separator: "\n", omittingEmptySubsequences:)` gives them
    /// (a CR LF pair is one character there, so it stays inside a line here too), found in the
    /// UTF-8 bytes with `memchr`: splitting by characters costs some 400 instructions a byte,
    /// and a folder of handoffs is read on every push.
    func lines(omittingEmpty: Bool = true) -> [Substring] {
        var text = self
        var bounds: [(start: Int, end: Int)] = []
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            var searchFrom = 0
            while searchFrom < bytes.count,
                let found = memchr(base + searchFrom, Int32(UInt8(ascii: "\n")), bytes.count - searchFrom)
            {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                searchFrom = newline + 1
                if newline > 0 && bytes[newline - 1] == UInt8(ascii: "\r") { continue }
                if !omittingEmpty || start != newline { bounds.append((start, newline)) }
                start = newline + 1
            }
            if !omittingEmpty || start != bytes.count { bounds.append((start, bytes.count)) }
        }
        let view = text.utf8
        return bounds.map { bound in
            Substring(
                view[
                    view.index(
                        view.startIndex, offsetBy: bound.start)..<view.index(view.startIndex, offsetBy: bound.end)])
        }
    }

    var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    var strippingBackticks: String {
        guard count >= 2, hasPrefix("`"), hasSuffix("`") else { return self }
        return String(dropFirst().dropLast()).trimmed
    }

    var strippingBold: String {
        var text = self
        if text.hasPrefix("**") && text.hasSuffix("**") && text.count >= 4 {
            text = String(text.dropFirst(2).dropLast(2))
        }
        return text.trimmed
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

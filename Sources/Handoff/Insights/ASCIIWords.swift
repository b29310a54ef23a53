/// The words of an ASCII text read from its bytes: runs of `a`–`z` and `0`–`9`, upper-case letters
/// lowered (a letter and a digit as `Character` says for ASCII). Replay and the similar items of
/// insights both cut 10,000 handoffs' items this way instead of character by character.
enum ASCIIWords {
    /// Calls `body` with each word's bytes, in order; `body` may change them (the buffer is reused).
    static func forEach(in text: String, _ body: (inout [UInt8]) -> Void) {
        var word: [UInt8] = []
        func flush() {
            guard !word.isEmpty else { return }
            body(&word)
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default: flush()
            }
        }
        flush()
    }

    /// Calls `body` with each piece of `text` between ASCII bytes that are neither letters nor
    /// digits, and whether the piece is all ASCII: such a byte is a separator in a reading by
    /// characters or scalars too (a character of its own, or the start of one that is not a
    /// letter or a digit either), so the ASCII pieces can be read as bytes and only the others
    /// the slow way.
    static func forEachPiece(of text: String, _ body: (_ piece: String, _ isASCII: Bool) -> Void) {
        for piece in text.utf8.split(whereSeparator: { $0 < 0x80 && !isLetterOrDigit($0) }) {
            body(String(Substring(piece)), piece.allSatisfy { $0 < 0x80 })
        }
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }
}

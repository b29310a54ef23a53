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
}

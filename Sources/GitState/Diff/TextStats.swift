/// What git's convert.c counts in a content to guess whether it is text (`gather_stats`): its
/// line endings, NULs and the share of unprintable bytes.
struct TextStats {
    var nul = 0
    var loneCR = 0
    var loneLF = 0
    var crlf = 0
    var printable = 0
    var nonPrintable = 0

    init(_ bytes: [UInt8]) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\r"):
                if index < bytes.endIndex && bytes[index] == UInt8(ascii: "\n") {
                    crlf += 1
                    index += 1
                } else {
                    loneCR += 1
                }
            case UInt8(ascii: "\n"): loneLF += 1
            case 127: nonPrintable += 1
            // Backspace, tab, escape and form feed are printable.
            case 8, 9, 27, 12: printable += 1
            case 0:
                nul += 1
                nonPrintable += 1
            case 1..<32: nonPrintable += 1
            default: printable += 1
            }
        }
        // A DOS end-of-file mark at the very end is not counted against the content.
        if bytes.last == 0x1A { nonPrintable -= 1 }
    }

    /// `convert_is_binary`: a lone CR, a NUL, or more than one unprintable byte in 128.
    var isBinary: Bool { loneCR > 0 || nul > 0 || (printable >> 7) < nonPrintable }
}

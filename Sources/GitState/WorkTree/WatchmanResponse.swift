/// The parts of watchman's JSON answer to a `query` that git's hook reads: an error, the new
/// clock, whether watchman started afresh, and the changed names.
///
/// A small reader of its own: the product links no Foundation (start-up time), and the answer
/// is one JSON object whose other members are skipped unread.
struct WatchmanResponse: Equatable {
    var error: String?
    var clock: String?
    var isFreshInstance = false
    /// Paths relative to the watched root, `/`-separated, as bytes.
    var files: [[UInt8]] = []

    /// Parses one answer; `nil` when it is no JSON object.
    init?(json: [UInt8]) {
        var reader = JSONReader(bytes: json)
        guard reader.consume(UInt8(ascii: "{")) else { return nil }
        if reader.consume(UInt8(ascii: "}")) { return }
        repeat {
            guard let key = reader.string(), reader.consume(UInt8(ascii: ":")) else { return nil }
            switch String(decoding: key, as: UTF8.self) {
            case "error":
                guard let text = reader.string() else { return nil }
                error = String(decoding: text, as: UTF8.self)
            case "clock":
                guard let text = reader.string() else { return nil }
                clock = String(decoding: text, as: UTF8.self)
            case "is_fresh_instance":
                guard let flag = reader.bool() else { return nil }
                isFreshInstance = flag
            case "files":
                guard reader.consume(UInt8(ascii: "[")) else { return nil }
                if !reader.consume(UInt8(ascii: "]")) {
                    repeat {
                        guard let name = reader.string() else { return nil }
                        files.append(name)
                    } while reader.consume(UInt8(ascii: ","))
                    guard reader.consume(UInt8(ascii: "]")) else { return nil }
                }
            default:
                guard reader.skipValue() else { return nil }
            }
        } while reader.consume(UInt8(ascii: ","))
        guard reader.consume(UInt8(ascii: "}")) else { return nil }
    }
}

/// Reads JSON tokens from bytes (RFC 8259), for `WatchmanResponse`.
struct JSONReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]) { offset += 1 }
    }

    /// Consumes `byte` (after white space) when it comes next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    mutating func bool() -> Bool? {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes.count - offset >= expected.count, Array(bytes[offset..<(offset + expected.count)]) == expected
        else { return false }
        offset += expected.count
        return true
    }

    /// A string's bytes, escapes decoded (`\uXXXX` as UTF-8, surrogate pairs joined).
    mutating func string() -> [UInt8]? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var result: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { return nil }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escape)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0c)
                case UInt8(ascii: "n"): result.append(0x0a)
                case UInt8(ascii: "r"): result.append(0x0d)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xd800..<0xdc00).contains(scalar) {
                        guard literal("\\u"), let low = hex4(), (0xdc00..<0xe000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    result.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    return nil
                }
            default:
                result.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[offset])).hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Skips one value of any kind.
    mutating func skipValue() -> Bool {
        skipSpace()
        guard offset < bytes.count else { return false }
        switch bytes[offset] {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = bytes[offset] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            offset += 1
            if consume(close) { return true }
            repeat {
                if close == UInt8(ascii: "}") {
                    guard string() != nil, consume(UInt8(ascii: ":")) else { return false }
                }
                guard skipValue() else { return false }
            } while consume(UInt8(ascii: ","))
            return consume(close)
        default:
            // A number, `true`, `false` or `null`: up to the next delimiter.
            let start = offset
            while offset < bytes.count, !",}] \t\r\n".utf8.contains(bytes[offset]) { offset += 1 }
            return offset > start
        }
    }
}

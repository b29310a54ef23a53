/// Finds where a JSON text first goes wrong, for an error message with line and column
/// (JSONDecoder says only that the data is not valid JSON).
enum JSONSyntax {
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    static func firstError(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        do throws(Problem) {
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.index < bytes.count { throw scanner.fail("unexpected text after the end of the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        func fail(_ message: String) -> Problem {
            var line = 1
            var column = 1
            var position = 0
            while position < min(index, bytes.count) {
                if bytes[position] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if bytes[position] & 0xC0 != 0x80 {
                    column += 1
                }
                position += 1
            }
            return Problem(line: line, column: column, message: message)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        func describe(_ byte: UInt8?) -> String {
            guard let byte else { return "end of input" }
            if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
            return "byte 0x\(String(byte, radix: 16))"
        }

        mutating func value(depth: Int) throws(Problem) {
            guard depth < 512 else { throw fail("nested too deeply") }
            switch current {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case let byte? where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39): try number()
            default: throw fail("expected a value, found \(describe(current))")
            }
        }

        mutating func literal(_ word: String) throws(Problem) {
            for expected in word.utf8 {
                guard current == expected else { throw fail("expected \(word), found \(describe(current))") }
                index += 1
            }
        }

        mutating func number() throws(Problem) {
            if current == UInt8(ascii: "-") { index += 1 }
            var digits = 0
            while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1; digits += 1 }
            guard digits > 0 else { throw fail("expected a digit, found \(describe(current))") }
            if current == UInt8(ascii: ".") {
                index += 1
                var fraction = 0
                while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1; fraction += 1 }
                guard fraction > 0 else { throw fail("expected a digit after '.', found \(describe(current))") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                var exponent = 0
                while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1; exponent += 1 }
                guard exponent > 0 else { throw fail("expected an exponent, found \(describe(current))") }
            }
        }

        mutating func string() throws(Problem) {
            index += 1
            while true {
                guard let byte = current else { throw fail("unterminated string") }
                if byte == UInt8(ascii: "\"") { index += 1; return }
                if byte < 0x20 { throw fail("control character in a string (write \\n for a newline)") }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard let escaped = current, "\"\\/bfnrtu".utf8.contains(escaped) else {
                        throw fail("invalid escape \\\(describe(current))")
                    }
                }
                index += 1
            }
        }

        mutating func array(depth: Int) throws(Problem) {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                if current == UInt8(ascii: "]") { index += 1; return }
                throw fail("expected ',' or ']', found \(describe(current))")
            }
        }

        mutating func object(depth: Int) throws(Problem) {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else {
                    throw fail("expected a key in double quotes, found \(describe(current))")
                }
                try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw fail("expected ':', found \(describe(current))") }
                index += 1
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                if current == UInt8(ascii: "}") { index += 1; return }
                throw fail("expected ',' or '}', found \(describe(current))")
            }
        }
    }
}

extension JSONSyntax.Problem: Error {}

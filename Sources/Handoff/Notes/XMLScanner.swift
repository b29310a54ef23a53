import FoundationEssentials

/// A small, strict reader of XML elements: start and end tags with their
/// attributes, checked for balance; text, comments, CDATA, processing
/// instructions and the doctype are skipped.
///
/// It exists so reading a JUnit report does not need FoundationXML: that
/// module links libxml2 and ICU into every run of the tool, about 2 ms of
/// start-up that the pre-push hook would pay on each push.
struct XMLScanner {
    enum Event {
        case start(name: String, attributes: [String: String])
        case end(name: String)
    }

    struct Failure: Error {
        var line: Int
        var column: Int
        var detail: String
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ data: Data) { bytes = Array(data) }

    /// Calls `handle` for every element event, in document order.
    mutating func scan(_ handle: (Event) -> Void) throws(Failure) {
        var open: [String] = []
        var sawRoot = false
        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "<") else {
                if !sawRoot && !isSpace(bytes[position]) { throw failure("empty, or not XML") }
                position += 1
                continue
            }
            if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                try skip(past: "]]>")
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!") {
                try skip(past: ">")
            } else if starts(with: "</") {
                let tagStart = position
                position += 2
                let name = readName()
                skipSpaces()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
                    throw failure("the document ends before its elements close")
                }
                position += 1
                guard open.last == name else {
                    position = tagStart
                    throw failure("a closing tag does not match its opening tag")
                }
                open.removeLast()
                handle(.end(name: name))
            } else {
                position += 1
                let name = readName()
                guard !name.isEmpty else { throw failure("malformed XML: a tag without a name") }
                if open.isEmpty && sawRoot { throw failure("malformed XML: more than one root element") }
                sawRoot = true
                var attributes: [String: String] = [:]
                while true {
                    skipSpaces()
                    guard position < bytes.count else { throw failure("the document ends before its elements close") }
                    if bytes[position] == UInt8(ascii: ">") {
                        position += 1
                        open.append(name)
                        handle(.start(name: name, attributes: attributes))
                        break
                    }
                    if starts(with: "/>") {
                        position += 2
                        handle(.start(name: name, attributes: attributes))
                        handle(.end(name: name))
                        break
                    }
                    let key = readName()
                    skipSpaces()
                    guard !key.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                        throw failure("malformed XML: an attribute without a value")
                    }
                    position += 1
                    skipSpaces()
                    guard position < bytes.count,
                        bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")
                    else { throw failure("malformed XML: an attribute value without quotes") }
                    let quote = bytes[position]
                    position += 1
                    let valueStart = position
                    while position < bytes.count && bytes[position] != quote { position += 1 }
                    guard position < bytes.count else { throw failure("the document ends before its elements close") }
                    attributes[key] = Self.decodeEntities(String(decoding: bytes[valueStart..<position], as: UTF8.self))
                    position += 1
                }
            }
        }
        if !sawRoot { throw failure("empty, or not XML") }
        if !open.isEmpty { throw failure("the document ends before its elements close") }
    }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        return position + pattern.count <= bytes.count && Array(bytes[position..<(position + pattern.count)]) == pattern
    }

    private mutating func skip(past terminator: String) throws(Failure) {
        let pattern = Array(terminator.utf8)
        while position + pattern.count <= bytes.count {
            if Array(bytes[position..<(position + pattern.count)]) == pattern {
                position += pattern.count
                return
            }
            position += 1
        }
        position = bytes.count
        throw failure("the document ends before its elements close")
    }

    private mutating func readName() -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") {
                break
            }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipSpaces() {
        while position < bytes.count && isSpace(bytes[position]) { position += 1 }
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d
    }

    /// The line and column (1-based) of the current position.
    private func failure(_ detail: String) -> Failure {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(position, bytes.count)] {
            if byte == 0x0a {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return Failure(line: line, column: column, detail: detail)
    }

    /// The five predefined entities and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                if entity.hasPrefix("#x"), let value = UInt32(entity.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    result.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()),
                    let scalar = Unicode.Scalar(value)
                {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += rest[ampersand...semicolon]
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}

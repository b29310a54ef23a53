#if canImport(Glibc)
import Glibc
#endif

/// One attribute's value for a path, as git reports it (`git check-attr`).
enum AttributeValue: Equatable {
    /// `name`.
    case set
    /// `-name` (and what a macro such as `binary` turns off).
    case unset
    /// Nothing said, or `!name`.
    case unspecified
    /// `name=value`.
    case string(String)
}

/// One attribute a line gives: `name`, `-name`, `!name` or `name=value`.
struct AttributeState: Equatable {
    let name: String
    let value: AttributeValue
}

/// A parsed `.gitattributes`, `info/attributes`, global or system attributes file (git's
/// `parse_attr_line`): its pattern lines and macro definitions in file order.
///
/// What git drops, with a warning, is dropped here silently: a line of 2,048 bytes or more, a
/// negative pattern (`!pattern`), a line with an attribute name outside `[-._0-9A-Za-z]` (or one
/// starting with `-`), and a macro (`[attr]name`) outside the files that may define them (the
/// top-level ones: git's `READ_ATTR_MACRO_OK`).
struct AttributeFile {
    struct Rule {
        let pattern: AttributePattern
        let states: [AttributeState]
    }

    struct Macro {
        let name: String
        let states: [AttributeState]
    }

    private(set) var rules: [Rule] = []
    private(set) var macros: [Macro] = []

    /// git's limits: a longer line, or a larger file, is ignored.
    static let maximumLineLength = 2048
    static let maximumFileSize = 100 * 1024 * 1024

    /// The built-in macro every repository has: `[attr]binary -diff -merge -text`.
    static let builtin = AttributeFile(contents: Array("[attr]binary -diff -merge -text\n".utf8), macrosAllowed: true)

    init(contents: [UInt8], macrosAllowed: Bool) {
        var lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        // A UTF-8 byte order mark before the first line.
        if let first = lines.first, first.starts(with: [0xEF, 0xBB, 0xBF]) {
            lines[lines.startIndex] = first.dropFirst(3)
        }
        for line in lines {
            // git's line reading drops a CR before the newline.
            parse(Array(line.last == 13 ? line.dropLast() : line), macrosAllowed: macrosAllowed)
        }
    }

    /// The file at `path`, or `nil` when it cannot be opened (or is too large). `followLinks`
    /// false for a work tree's `.gitattributes`, which git opens with `O_NOFOLLOW`.
    static func read(_ path: String, followLinks: Bool, macrosAllowed: Bool) -> AttributeFile? {
        // Not blocking on a FIFO in a `.gitattributes` place: only a regular file is read.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) < maximumFileSize
        else { return nil }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            contents.append(contentsOf: chunk[0..<count])
        }
        return AttributeFile(contents: contents, macrosAllowed: macrosAllowed)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 13 || byte == 10
    }

    private mutating func parse(_ line: [UInt8], macrosAllowed: Bool) {
        var position = line.firstIndex { !Self.isBlank($0) } ?? line.endIndex
        guard position < line.endIndex, line[position] != UInt8(ascii: "#"), line.count < Self.maximumLineLength
        else { return }
        var name: [UInt8]
        if line[position] == UInt8(ascii: "\""), let (unquoted, end) = CQuoted.unquote(line, from: position) {
            name = unquoted
            position = end
        } else {
            let end = line[position...].firstIndex(where: Self.isBlank) ?? line.endIndex
            name = Array(line[position..<end])
            position = end
        }
        let macroPrefix = Array("[attr]".utf8)
        var macroName: String?
        if name.count > macroPrefix.count && name.starts(with: macroPrefix) {
            guard macrosAllowed else { return }
            // The macro's name is the next word after the prefix (blanks may come between).
            let rest = name[macroPrefix.count...].drop(while: Self.isBlank)
            let word = rest.prefix { !Self.isBlank($0) }
            guard Self.isValidName(word) else { return }
            macroName = String(decoding: word, as: UTF8.self)
            // git reads the states after the whole (unquoted) token.
        }
        var states: [AttributeState] = []
        while true {
            position = line[position...].firstIndex { !Self.isBlank($0) } ?? line.endIndex
            guard position < line.endIndex else { break }
            let end = line[position...].firstIndex(where: Self.isBlank) ?? line.endIndex
            guard let state = Self.state(line[position..<end]) else { return }
            states.append(state)
            position = end
        }
        if let macroName {
            macros.append(Macro(name: macroName, states: states))
            return
        }
        guard let pattern = AttributePattern(name) else { return }
        rules.append(Rule(pattern: pattern, states: states))
    }

    /// One `name`, `-name`, `!name` or `name=value` token; `nil` for an invalid name.
    private static func state(_ token: ArraySlice<UInt8>) -> AttributeState? {
        var word = token
        let equals = word.firstIndex(of: UInt8(ascii: "="))
        var value: AttributeValue = .set
        if let equals {
            value = .string(String(decoding: word[(equals + 1)...], as: UTF8.self))
            word = word[..<equals]
        }
        if let first = word.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "!") {
            // git lets `-name=value` and `!name=value` be `-name` and `!name`.
            value = first == UInt8(ascii: "-") ? .unset : .unspecified
            word = word.dropFirst()
        }
        guard isValidName(word) else { return nil }
        return AttributeState(name: String(decoding: word, as: UTF8.self), value: value)
    }

    /// git's `attr_name_valid`: `[-._0-9A-Za-z]`, not empty, not starting with `-`.
    static func isValidName<Name: Collection<UInt8>>(_ name: Name) -> Bool {
        guard let first = name.first, first != UInt8(ascii: "-") else { return false }
        return name.allSatisfy { byte in
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Wildmatch.isUpper(byte)
                || Wildmatch.isLower(byte)
        }
    }
}

/// git's C-style quoting of a path (`unquote_c_style`): `"a\tb"`, `"\303\244"`.
enum CQuoted {
    /// The unquoted bytes of the quoted string starting at `start` (a `"`), and the index just
    /// after its closing quote; `nil` when it is not well formed.
    static func unquote(_ line: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var result: [UInt8] = []
        var position = start + 1
        while position < line.count {
            let byte = line[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return (result, position)
            case UInt8(ascii: "\\"):
                guard position < line.count else { return nil }
                let escaped = line[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "a"): result.append(7)
                case UInt8(ascii: "b"): result.append(8)
                case UInt8(ascii: "f"): result.append(12)
                case UInt8(ascii: "n"): result.append(10)
                case UInt8(ascii: "r"): result.append(13)
                case UInt8(ascii: "t"): result.append(9)
                case UInt8(ascii: "v"): result.append(11)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): result.append(escaped)
                case UInt8(ascii: "0")...UInt8(ascii: "3"):
                    // Three octal digits.
                    guard position + 1 < line.count else { return nil }
                    let digits = [escaped, line[position], line[position + 1]]
                    guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) else {
                        return nil
                    }
                    result.append(digits.reduce(0) { $0 << 3 | ($1 - UInt8(ascii: "0")) })
                    position += 2
                default:
                    return nil
                }
            default:
                result.append(byte)
            }
        }
        return nil
    }
}

/// Where a JSON text first goes wrong, and how: `line 3, column 5: expected a value, found 'o'`.
///
/// Lines and columns count from 1; a column counts characters (Unicode scalars, so `é` is one
/// column, as an editor shows it), not bytes.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// The error at byte `offset` of `bytes`.
    init(bytes: [UInt8], offset: Int, message: String) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                column += 1
            }
        }
        self.init(line: line, column: column, message: message)
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

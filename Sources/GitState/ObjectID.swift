import CLibGit2

/// The name of one git object: a commit, a tree, a blob or a tag.
///
/// It holds libgit2's twenty raw bytes, so comparing and hashing ids costs no string work
/// (a history walk keys thousands of them), and reads as the hexadecimal text git prints:
/// `description`, `hex` and its Codable form are all the full forty-character name, so JSON
/// that carries an id is the same text as before ids had a type of their own.
public struct ObjectID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// libgit2's value, for the calls that take one.
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    /// An id from its full hexadecimal name, or nil when the text is not one.
    public init?(hex: some StringProtocol) {
        var raw = git_oid()
        let text = String(hex)
        // Checked here first: libgit2 reports bad text through its error state, which needs
        // git_libgit2_init, and an id can be read before any repository is opened.
        guard text.utf8.count == Int(GIT_OID_HEXSZ), text.utf8.allSatisfy(\.isHexDigit),
            git_oid_fromstr(&raw, text) == 0
        else { return nil }
        self.raw = raw
    }

    /// The id of no object (forty zeros): what git writes for a ref that did not exist.
    public static let zero = ObjectID(git_oid())

    /// Whether this is the all-zero id.
    public var isZero: Bool {
        var copy = raw
        return git_oid_is_zero(&copy) == 1
    }

    /// The full hexadecimal name, lower case, as git prints it.
    public var hex: String {
        var copy = raw
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_fmt(&buffer, &copy)
        return String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The seven-character abbreviation git uses by default (`core.abbrev` unset).
    public var short: String { Self.short(hex) }

    /// The length of `short`.
    public static let shortLength = 7

    /// The same abbreviation of an id kept as text (a stored handoff's record, a push line),
    /// which is shown as it is written even when it is not an id libgit2 reads.
    public static func short(_ hex: some StringProtocol) -> String { String(hex.prefix(shortLength)) }

    public var description: String { hex }

    public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var left = lhs.raw
        var right = rhs.raw
        return git_oid_equal(&left, &right) != 0
    }

    /// An object id is itself a uniform hash: its first eight bytes tell ids apart well
    /// enough, and cost a third of hashing all twenty (a long history walk hashes thousands).
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: raw.id) { hasher.combine($0.loadUnaligned(as: UInt64.self)) }
    }

    /// Byte order, which is also the order of the hexadecimal names.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var left = lhs.raw
        var right = rhs.raw
        return git_oid_cmp(&left, &right) < 0
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a full hexadecimal object id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}

/// A failure to read a repository, with the message a user can act on.
///
/// `description` is one line: the problem and the path it concerns.
public struct GitStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for callers that react differently to each.
    public enum Kind: String, Sendable, Codable {
        case notARepository
        case unsupportedFormat
        case corruptIndex
        case missingObject
        case invalidReference
        /// A repository git opens without a work tree, where the command needs one.
        case noWorkTree
        case other
    }

    public let kind: Kind
    /// The problem, in words (libgit2's own message where it had one).
    public let message: String
    /// The file or folder the problem concerns.
    public let path: String

    public init(kind: Kind, message: String, path: String) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    /// `corrupt index <index>: <detail>`, about `path` (the index itself unless another file is at fault).
    static func corruptIndex(_ index: String, _ detail: String, path: String? = nil) -> GitStateError {
        GitStateError(kind: .corruptIndex, message: "corrupt index \(index): \(detail)", path: path ?? index)
    }

    public var description: String {
        message.contains(path) || path.isEmpty ? message : "\(message) (\(path))"
    }
}

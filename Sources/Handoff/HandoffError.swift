/// A problem with the user's input or output that they can act on.
///
/// `description` is one line naming the problem and, where there is one, the file.
public struct HandoffError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

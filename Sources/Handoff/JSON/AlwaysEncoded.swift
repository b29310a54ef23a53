/// An optional whose key is always written: `null` when it is `nil`.
///
/// Codable's synthesized `encode(to:)` leaves a `nil` optional's key out, but handoff's JSON
/// contracts list every key, present or not. `@AlwaysEncoded var head: String?` keeps the
/// synthesized code and writes `"head": null`; reading, a missing key is `nil` as before.
@propertyWrapper
public struct AlwaysEncoded<Value> {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension AlwaysEncoded: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension AlwaysEncoded: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedDecodingContainer {
    /// A missing key reads as `nil`, as for a plain optional (the synthesized code asks for the wrapper).
    public func decode<Value: Decodable>(_ type: AlwaysEncoded<Value>.Type, forKey key: Key) throws
        -> AlwaysEncoded<Value>
    {
        AlwaysEncoded(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}

extension AlwaysEncoded: Equatable where Value: Equatable {}
extension AlwaysEncoded: Hashable where Value: Hashable {}
extension AlwaysEncoded: Sendable where Value: Sendable {}

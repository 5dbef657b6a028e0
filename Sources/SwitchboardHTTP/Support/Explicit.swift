/// An optional that encodes as an explicit `null` when empty. Synthesised `Encodable` leaves a nil
/// property out, while the console and the REST API promise every key: mark such a property
/// `@Explicit var comment: String?` and let the compiler write `encode(to:)`. The one way this
/// code base sends nulls.
@propertyWrapper
public struct Explicit<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension Explicit: Equatable where Value: Equatable {}

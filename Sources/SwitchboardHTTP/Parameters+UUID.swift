import Foundation
import Hummingbird

extension Parameters {
    /// The `{name}` path parameter as a UUID; when it is missing or not a UUID, throws `notFound`
    /// (each route's own "not found" error, so a malformed id reads exactly like an unknown one).
    func uuid(_ name: String = "id", notFound: @autoclosure () -> some Error) throws -> UUID {
        guard let text = get(name), let id = UUID(uuidString: text) else { throw notFound() }
        return id
    }
}

import Foundation
import Testing

@testable import SwitchboardHTTP

/// `@Explicit` is how payloads keep a nil key as `null` instead of leaving it out.
@Suite struct ExplicitTests {
    struct Payload: Encodable {
        var id: Int
        @Explicit var note: String?
        var hidden: String?
    }

    private func json(_ payload: Payload) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(payload)) as? [String: Any])
    }

    @Test func aMissingValueIsWrittenAsNullAndAPlainOptionalIsLeftOut() throws {
        let empty = try json(Payload(id: 1, note: nil, hidden: nil))
        #expect(empty.keys.sorted() == ["id", "note"])
        #expect(empty["note"] is NSNull)
        let full = try json(Payload(id: 2, note: "call back", hidden: "x"))
        #expect(full["note"] as? String == "call back" && full["hidden"] as? String == "x")
    }

    @Test func aLastPageSaysItsNextCursorIsNull() throws {
        let page = APIPage<Int>(data: [], nextCursor: nil)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(page)) as? [String: Any])
        #expect(object["nextCursor"] is NSNull)
    }
}

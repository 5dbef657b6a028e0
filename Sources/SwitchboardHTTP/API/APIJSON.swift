import Foundation
import Hummingbird
import SwitchboardDomain

/// The REST API's JSON: snake_case keys (like Stripe and GitHub) and RFC 3339 UTC times.
enum APIJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONCoding.encoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTime(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time")
            }
            return date
        }
        return decoder
    }

    /// An RFC 3339 time with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// Decodes a request body through `JSONRequestBody` (size, syntax, storable text); JSON of
    /// the wrong shape is 422 `invalid_body` naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try await JSONRequestBody.decode(type, from: request, limit: context.maxUploadSize, decoder: decoder()) { error in
            APIError(.unprocessableContent, code: "invalid_body", message: message(for: error, keys: .snakeCase))
        }
    }

    /// How a field is named in a decoding error's message: as the body spells its keys.
    enum KeyStyle {
        case camelCase, snakeCase
    }

    static func message(for error: DecodingError, keys style: KeyStyle) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.map { key in key.intValue.map { "[\($0)]" } ?? (style == .snakeCase ? snake(key.stringValue) : key.stringValue) }
            return names.isEmpty ? "the body" : names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is required."
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(describe(type))."
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(describe(type)), not null."
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)) has an invalid value."
        @unknown default:
            return "The request body is not the JSON this endpoint expects."
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// camelCase → snake_case, as `convertToSnakeCase` does it.
    static func snake(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// An Encodable value sent as API JSON with an explicit status.
struct APIResponse<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    var value: Value
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try APIJSON.encoder().encode(value)
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

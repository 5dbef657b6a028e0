import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardDomain

/// The one way every JSON request body is read, on the widget, the console and the REST API.
///
/// In order: the size limit (413 `payload_too_large` naming the limit, before and while
/// reading), JSON syntax (400 `invalid_json`), text PostgreSQL can store (422 `invalid_text`
/// for a NUL character anywhere, keys included), then the shape (the caller's error).
enum JSONRequestBody {
    /// The body as `T`, checked as above. The body is parsed once on the way that succeeds; only
    /// a body that does not decode is parsed again, to tell bad syntax from a wrong shape.
    static func decode<T: Decodable>(
        _ type: T.Type,
        from request: Request,
        limit: Int,
        decoder: JSONDecoder,
        shapeError: (DecodingError) -> any Error
    ) async throws -> T {
        let data = try await collect(request, limit: limit)
        let decoded: T
        do {
            decoded = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            try checkSyntax(data)
            try checkStorable(data)
            throw shapeError(error)
        }
        // The decoder passes over invalid UTF-8 in fields it skips and may accept a raw NUL byte;
        // neither is valid JSON, so such a body gets the full syntax check (and its 400).
        if data.contains(0) || String(validating: data, as: UTF8.self) == nil { try checkSyntax(data) }
        try checkStorable(data)
        return decoded
    }

    private static func collect(_ request: Request, limit: Int) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw tooLarge(limit: limit)
        }
        do {
            return Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit: limit)
        }
    }

    private static func checkSyntax(_ data: Data) throws {
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            throw APIError(.badRequest, code: "invalid_json", message: "The request body is not valid JSON.")
        }
    }

    private static func checkStorable(_ data: Data) throws {
        if containsNUL(data) {
            throw APIError(
                .unprocessableContent,
                code: "invalid_text",
                message: "Text in the request contains a NUL character (\\u0000), which cannot be stored; remove it."
            )
        }
    }

    /// 413 with the limit in bytes and in words.
    static func tooLarge(limit: Int) -> APIError {
        APIError(
            .contentTooLarge,
            code: "payload_too_large",
            message: "The request body is larger than the limit of \(describe(bytes: limit)) (\(limit) bytes); send less."
        )
    }

    /// "1 MiB", "4 MiB", "512 KiB".
    static func describe(bytes: Int) -> String {
        if bytes >= 1_048_576, bytes % 1_048_576 == 0 { return "\(bytes / 1_048_576) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }

    /// True when valid JSON text decodes to a string holding U+0000: `\u0000` outside another
    /// escape (`\\u0000` is a backslash and the letters u0000). Raw control bytes are not valid
    /// JSON and never get this far.
    static func containsNUL(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            let escape = index + 1
            if escape < bytes.count, bytes[escape] == UInt8(ascii: "u"), escape + 4 < bytes.count,
                bytes[(escape + 1)...(escape + 4)].allSatisfy({ $0 == UInt8(ascii: "0") })
            {
                return true
            }
            index = escape + 1
        }
        return false
    }
}

/// The request decoder of the widget's and the console's contexts: `JSONRequestBody`, then
/// the type with camelCase keys; a body of the wrong shape is 422 `invalid_body` naming the field.
public struct SwitchboardJSONDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try await JSONRequestBody.decode(type, from: request, limit: context.maxUploadSize, decoder: JSONDecoder()) { error in
            APIError(.unprocessableContent, code: "invalid_body", message: APIJSON.message(for: error, keys: .camelCase))
        }
    }
}

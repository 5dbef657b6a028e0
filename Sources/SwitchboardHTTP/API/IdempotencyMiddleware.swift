import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardDomain

/// Honours `Idempotency-Key` on POST: the first request runs and its response (2xx–4xx that
/// the handler returned) is stored for 24 hours; a retry with the same key and the same request
/// gets that response again with `Idempotent-Replayed: true`. A request that fails with an
/// error is not stored, so retrying it runs it again. Nor is a response marked
/// `Cache-Control: no-store` (it shows a secret, such as a webhook's signing secret, which must
/// not sit in the database in the clear).
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = APIKeyRequestContext
    let store: any IdempotencyStore

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try await next(request, context) }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError(.badRequest, code: "invalid_idempotency_key", message: "Idempotency-Key must be 1 to 255 visible ASCII characters.")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw JSONRequestBody.tooLarge(limit: context.maxUploadSize)
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)?\(request.uri.query ?? "")\n".utf8))
        hasher.update(data: Data(body.readableBytesView))
        let hash = Data(hasher.finalize())
        let (orgID, keyID) = (context.orgID, context.apiKey.id)

        switch try await store.claim(orgID: orgID, keyID: keyID, idempotencyKey: key, requestHash: hash) {
        case .replay(let status, let stored):
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            headers[Self.replayedHeader] = "true"
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: stored)))
        case .inProgress:
            throw APIError(.conflict, code: "idempotency_key_in_use", message: "A request with this Idempotency-Key is still running; retry shortly.")
        case .mismatch:
            throw APIError(
                .unprocessableContent,
                code: "idempotency_key_reused",
                message: "This Idempotency-Key was used for a different request; use a new key for a new request."
            )
        case .claimed:
            let response: Response
            do {
                response = try await next(request, context)
            } catch {
                try? await store.release(orgID: orgID, keyID: keyID, idempotencyKey: key)
                throw error
            }
            if response.headers[.cacheControl]?.contains("no-store") == true {
                try? await store.release(orgID: orgID, keyID: keyID, idempotencyKey: key)
                return response
            }
            let collector = CollectingWriter()
            var copy = response
            try await response.body.write(collector)
            let bytes = collector.data
            try await store.complete(orgID: orgID, keyID: keyID, idempotencyKey: key, status: Int(response.status.code), body: bytes)
            copy.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
            return copy
        }
    }
}

/// Collects a response body in memory (API responses are small JSON documents); used by one task.
private final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    var data = Data()
    func write(_ buffer: ByteBuffer) async throws { data.append(contentsOf: buffer.readableBytesView) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardDomain

/// Files over HTTP, for the widget and the console alike: an upload is the raw body (up to 5 MiB,
/// `?name=` and `?clientMessageId=` in the query); a download is the stored bytes with headers that
/// keep a browser from ever treating them as a page.
enum AttachmentHTTP {
    /// The upload's bytes; 413 above the limit, before anything is stored.
    static func body(_ request: Request) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: AttachmentRules.maxBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw SimpleDomainError(.tooLarge, code: "attachment_too_large", message: "A file may be at most 5 MB.")
        }
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    /// The file: its recognised type, `nosniff`, a sandboxing policy, inline for images and as a
    /// download for PDFs, private to the browser's cache.
    static func response(_ file: StoredAttachment) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = file.reference.contentType
        headers[.contentLength] = String(file.data.count)
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        headers[.cacheControl] = "private, max-age=3600"
        let inline = file.reference.contentType.hasPrefix("image/")
        let encoded = file.reference.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    static func attachmentID(_ context: some RequestContext, parameter: String = "attachmentId") throws -> UUID {
        try context.parameters.uuid(parameter, notFound: SimpleDomainError.attachmentNotFound)
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore

/// The HTTP calls single sign-on makes to a provider; tests substitute one that needs no network.
public protocol OpenIDTransport: Sendable {
    /// GETs a JSON document (discovery, JWKS); throws unless the status is 200.
    func getJSON(_ url: URL) async throws -> Data
    /// POSTs a form to the token endpoint; returns the status and body whatever the status.
    func postForm(
        _ url: URL,
        fields: [(String, String)],
        basicAuthorization: (user: String, password: String)?
    ) async throws -> (status: Int, body: Data)
}

/// A provider answered with something other than what the protocol promises.
public struct OpenIDProviderError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `OpenIDTransport` over AsyncHTTPClient's shared client, with timeouts and a size cap.
public struct AsyncHTTPOpenIDTransport: OpenIDTransport {
    let client: HTTPClient
    let timeout: TimeAmount
    /// Discovery documents and key sets are small; anything larger is refused.
    let maxBytes = 1 << 20

    public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    public func getJSON(_ url: URL) async throws -> Data {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, timeout: timeout)
        guard response.status == .ok else {
            throw OpenIDProviderError("GET \(url.absoluteString) answered \(response.status.code)")
        }
        return Data(buffer: try await response.body.collect(upTo: maxBytes))
    }

    public func postForm(
        _ url: URL,
        fields: [(String, String)],
        basicAuthorization: (user: String, password: String)?
    ) async throws -> (status: Int, body: Data) {

        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        if let basicAuthorization {
            // RFC 6749 §2.3.1: both parts are form-encoded before base64.
            let pair = FormEncoding.encode(basicAuthorization.user) + ":" + FormEncoding.encode(basicAuthorization.password)
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))
        let response = try await client.execute(request, timeout: timeout)
        return (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: maxBytes)))
    }
}

/// `application/x-www-form-urlencoded`, for token requests and redirect URLs.
enum FormEncoding {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}

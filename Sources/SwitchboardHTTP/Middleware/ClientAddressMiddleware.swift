import Foundation
import Hummingbird

/// The reverse proxies (load balancers, ingress) allowed to say who the client is, as addresses or
/// CIDR networks (`SWITCHBOARD_TRUSTED_PROXIES="10.0.0.0/8, ::1"`). Behind a proxy every request
/// comes from the proxy's address; without this, rate limits would count all customers as one.
public struct TrustedProxies: Sendable, Equatable {
    struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for (a, b) in zip(address, bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let networks: [Network]

    /// Trusts no proxy: the TCP peer is the client.
    public init() { networks = [] }

    /// Parses a comma-separated list of addresses and networks; nil names the first entry that is neither.
    public init(parsing list: String) throws {
        networks = try list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(parts[0]) else { throw InvalidEntry(entry: entry) }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...(bytes.count * 8)).contains(prefix) else { throw InvalidEntry(entry: entry) }
            return Network(bytes: bytes, prefix: prefix)
        }
    }

    /// An entry of `SWITCHBOARD_TRUSTED_PROXIES` that is neither an address nor a network.
    public struct InvalidEntry: Error, CustomStringConvertible {
        public let entry: String
        public var description: String { "\"\(entry)\" is not an IP address or CIDR network" }
    }

    public var isEmpty: Bool { networks.isEmpty }

    func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client of a request that came from `peer` with `X-Forwarded-For` values: walking back
    /// from the nearest hop, the first address that is not a trusted proxy.
    func client(peer: String, forwardedFor: [String]) -> String {
        guard trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where Self.bytes(hop) != nil {
            if !trusts(hop) { return hop }
        }
        return hops.first(where: { Self.bytes($0) != nil }) ?? peer
    }

    /// An IPv4 (4 bytes) or IPv6 (16 bytes) address, or nil.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }
}

/// Sets the request's client address from `X-Forwarded-For` when the peer is a trusted proxy.
struct ClientAddressMiddleware<Context: EdgeRequestContext>: RouterMiddleware {
    let trusted: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty, let peer = context.remoteAddress?.ipAddress else { return try await next(request, context) }
        var context = context
        context.forwardedClientIP = trusted.client(peer: peer, forwardedFor: request.headers[values: .init("X-Forwarded-For")!])
        return try await next(request, context)
    }
}

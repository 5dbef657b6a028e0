import Foundation
import SwitchboardDomain
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SSRF protection for webhook targets: a URL may only reach public addresses, checked after DNS
/// resolution, both when a subscription is created and before every delivery. Private,
/// loopback, link-local, unique-local, CGNAT, multicast and reserved ranges are refused unless
/// the operator allows all of them (`SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true`) or lists networks
/// (`SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=10.1.0.0/16,fd00::/8`).
public struct WebhookTargetRules: WebhookTargetPolicy, Equatable {
    public var allowAllPrivate: Bool
    public var allowedNetworks: [IPNetwork]

    public init(allowAllPrivate: Bool = false, allowedNetworks: [IPNetwork] = []) {
        self.allowAllPrivate = allowAllPrivate
        self.allowedNetworks = allowedNetworks
    }

    /// Reads `SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE`: `true`, or a comma-separated list of CIDR networks.
    public init(setting: String?) {
        let value = (setting ?? "").trimmingCharacters(in: .whitespaces)
        if ["true", "1", "yes", "on"].contains(value.lowercased()) {
            self.init(allowAllPrivate: true)
        } else {
            self.init(allowedNetworks: value.split(separator: ",").compactMap { IPNetwork(String($0)) })
        }
    }

    public func check(_ url: URL) async throws {
        _ = try await resolve(url)
    }

    /// The addresses the URL's host resolves to, all of them allowed; throws when any is not.
    /// The sender connects to the first one, so DNS cannot change the answer in between.
    /// A resolver that does not answer within `timeout` fails the lookup (the attempt is retried
    /// later), so one unresolvable host never holds up other deliveries or a request.
    public func resolve(_ url: URL, timeout: Duration = .seconds(5)) async throws -> [IPAddress] {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw WebhookErrors.unsupportedScheme
        }
        guard var host = url.host, !host.isEmpty else { throw WebhookErrors.invalidURL }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let addresses = try await Self.lookUp(host, timeout: timeout)
        guard !addresses.isEmpty else {
            throw WebhookErrors.targetRefused("The host \(host.prefix(100)) does not resolve to any address.")
        }
        for address in addresses where !allows(address) {
            throw WebhookErrors.targetRefused("The host \(host.prefix(100)) resolves to \(address), a non-public address.")
        }
        return addresses
    }

    func allows(_ address: IPAddress) -> Bool {
        address.isPublic || allowAllPrivate || allowedNetworks.contains { $0.contains(address) }
    }

    /// getaddrinfo on a thread of its own, so a slow resolver never blocks the cooperative pool;
    /// after `timeout` the caller gets a failure while the thread finishes on its own.
    static func lookUp(_ host: String, timeout: Duration) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        let result: Result<[IPAddress], SimpleDomainError> = await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            Thread.detachNewThread { answer.give(blockingLookUp(host)) }
            Task {
                try? await Task.sleep(for: timeout)
                answer.give(.failure(WebhookErrors.targetRefused("The host \(host.prefix(100)) did not resolve in time.")))
            }
        }
        return try result.get()
    }

    /// Resumes a continuation with whichever answer comes first and drops the later one.
    private final class FirstAnswer: Sendable {
        private let continuation: Mutex<CheckedContinuation<Result<[IPAddress], SimpleDomainError>, Never>?>

        init(_ continuation: CheckedContinuation<Result<[IPAddress], SimpleDomainError>, Never>) {
            self.continuation = Mutex(continuation)
        }

        func give(_ result: Result<[IPAddress], SimpleDomainError>) {
            continuation.withLock { slot in
                slot?.resume(returning: result)
                slot = nil
            }
        }
    }

    private static func blockingLookUp(_ host: String) -> Result<[IPAddress], SimpleDomainError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else {
            return .failure(WebhookErrors.targetRefused("The host \(host.prefix(100)) could not be resolved."))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = IPAddress(sockaddr: entry.pointee.ai_addr), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return .success(addresses)
    }
}

/// An IPv4 or IPv6 address as its bytes (4 or 16).
public struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    init?(sockaddr pointer: UnsafeMutablePointer<sockaddr>?) {
        guard let pointer else { return nil }
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            bytes = pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) } }
        case AF_INET6:
            bytes = pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) } }
        default:
            return nil
        }
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(cString: buffer)
    }

    /// Ranges that reach this host, its network or nothing routable on the internet.
    static let nonPublic: [IPNetwork] =
        ([
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        ] as [String]).compactMap { IPNetwork($0) }

    /// Public, judging an IPv4 address embedded in IPv6 (mapped, NAT64, 6to4) by that address.
    public var isPublic: Bool {
        if let embedded = embeddedIPv4 { return embedded.isPublic }
        return !Self.nonPublic.contains { $0.contains(self) }
    }

    private var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        let compatible =
            bytes[0..<12].allSatisfy { $0 == 0 } && !bytes[12..<16].allSatisfy { $0 == 0 }
            && !(bytes[12..<15].allSatisfy { $0 == 0 } && bytes[15] == 1)
        let nat64Prefix: [UInt8] = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]
        let nat64 = Array(bytes[0..<12]) == nat64Prefix
        if mapped || compatible || nat64 { return IPAddress(bytes: Array(bytes[12..<16])) }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// A CIDR network such as `10.0.0.0/8` or `fd00::/8`.
public struct IPNetwork: Sendable, Equatable {
    public let base: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(String(first)) else { return nil }
        let bits = address.bytes.count * 8
        let length = parts.count == 2 ? Int(parts[1]) : bits
        guard let length, (0...bits).contains(length) else { return nil }
        self.base = address
        self.prefixLength = length
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address.bytes, base.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }
}

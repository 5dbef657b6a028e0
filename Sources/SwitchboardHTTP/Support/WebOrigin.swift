import Foundation

/// A web origin as browsers compare them: scheme, host and port.
enum WebOrigin {
    /// `scheme://host[:port]`, lower-cased, without a default port, path or trailing slash;
    /// nil for anything that is not an http(s) URL with a host (`null` included).
    static func normalise(_ text: String) -> String? {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port = components.port, port != defaultPort else { return "\(scheme)://\(hostPart)" }
        return "\(scheme)://\(hostPart):\(port)"
    }
}

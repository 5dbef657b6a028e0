import Foundation
import Hummingbird

/// Serves the web assets bundled with the binary (widget, demo page, agent console) from memory.
public struct StaticAssetsController: Sendable {
    /// Files by URL path, read once at start-up.
    let files: [String: (contentType: String, body: ByteBuffer)]

    /// Finds the demo organisation's widget key for `/demo.html`, when there is a demo.
    let demoWidgetKey: @Sendable () async -> String?

    public init(demoWidgetKey: @escaping @Sendable () async -> String? = { nil }) {
        self.demoWidgetKey = demoWidgetKey
        var files: [String: (String, ByteBuffer)] = [:]
        if let root = Bundle.module.url(forResource: "Public", withExtension: nil),
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        {
            let rootPath = root.standardizedFileURL.path
            for case let url as URL in enumerator where !url.hasDirectoryPath {
                guard let type = Self.contentTypes[url.pathExtension], let data = try? Data(contentsOf: url) else { continue }
                let path = String(url.standardizedFileURL.path.dropFirst(rootPath.count))
                files[path] = (type, ByteBuffer(bytes: data))
            }
        }
        self.files = files
    }

    static let contentTypes = [
        "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "html": "text/html; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
        "json": "application/json; charset=utf-8", "ico": "image/x-icon",
    ]

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        for (path, file) in files where path != "/demo.html" {
            if path.hasPrefix("/console/") {
                router.get(RouterPath(path)) { request, _ in Self.consoleResponse(file, request: request) }
                continue
            }
            // Short: a deployment's new widget reaches every site within minutes. The modules
            // under /shared/ are also the console's, whose modules are revalidated on every load.
            let cacheControl = path.hasPrefix("/shared/") ? "no-cache" : "public, max-age=300"
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: file.contentType,
                        .cacheControl: cacheControl,
                        .init("X-Content-Type-Options")!: "nosniff",
                        // The widget's modules are imported from customers' sites (CORS mode).
                        .accessControlAllowOrigin: "*",
                    ],
                    body: .init(byteBuffer: file.body)
                )
            }
        }
        // The agent console's page; "/console/" reaches the same route.
        if let page = files["/console/index.html"] {
            router.get("console") { request, _ in Self.consoleResponse(page, request: request) }
        }
        if let page = files["/demo.html"] {
            let template = String(buffer: page.body)
            router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/demo.html"]) }
            // The demo page embeds the demo organisation's widget key, which differs per database.
            router.get("demo.html") { _, _ in
                guard let key = await demoWidgetKey(), key.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                    throw APIError(.notFound, code: "no_demo", message: "There is no demo organisation here; run switchboard demo.")
                }
                return Response(
                    status: .ok,
                    headers: [.contentType: page.contentType, .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(string: template.replacingOccurrences(of: "{{WIDGET_KEY}}", with: key)))
                )
            }
        }
    }

    /// A console file: same-origin only, revalidated on every load so a deployment's modules never mix.
    static func consoleResponse(_ file: (contentType: String, body: ByteBuffer), request: Request) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: file.contentType,
                .cacheControl: "no-cache",
                .init("X-Content-Type-Options")!: "nosniff",
                .contentSecurityPolicy: consoleSecurityPolicy(host: request.head.authority),
                .init("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: file.body)
        )
    }

    /// Scripts, styles and requests from this server only; the agent socket on the same host.
    static func consoleSecurityPolicy(host: String?) -> String {
        var connect = "'self'"
        // A Host header is the client's own; still, only a plain host[:port] goes into the header.
        if let host, !host.isEmpty, host.count <= 255,
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) })
        {
            connect += " ws://\(host) wss://\(host)"
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src \(connect); base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }
}

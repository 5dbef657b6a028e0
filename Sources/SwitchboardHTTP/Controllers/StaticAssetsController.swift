import Foundation
import Hummingbird

/// Serves the web assets bundled with the binary (widget, demo page) from memory.
public struct StaticAssetsController: Sendable {
    /// Files by URL path, read once at start-up.
    let files: [String: (contentType: String, body: ByteBuffer)]

    public init() {
        var files: [String: (String, ByteBuffer)] = [:]
        if let root = Bundle.module.url(forResource: "Public", withExtension: nil),
           let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
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
        for (path, file) in files {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: file.contentType,
                        // Short: a deployment's new widget reaches every site within minutes.
                        .cacheControl: "public, max-age=300",
                        .init("X-Content-Type-Options")!: "nosniff",
                    ],
                    body: .init(byteBuffer: file.body))
            }
        }
        if files["/demo.html"] != nil {
            router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/demo.html"]) }
        }
    }
}

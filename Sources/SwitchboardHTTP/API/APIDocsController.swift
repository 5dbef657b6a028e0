import Foundation
import Hummingbird

/// `GET /api/docs`: the reference page that renders `/api/v1/openapi.json` (both are files in
/// `Public/api`, served by `StaticAssetsController`), with a policy that allows only our own assets.
struct APIDocsController: Sendable {
    let page: ByteBuffer?

    init() {
        page = Bundle.module.url(forResource: "Public/api/docs", withExtension: "html")
            .flatMap { try? Data(contentsOf: $0) }
            .map { ByteBuffer(bytes: $0) }
    }

    func addRoutes(to router: Router<SwitchboardRequestContext>) {
        guard let page else { return }
        router.get("api/docs") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy: "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
                    .cacheControl: "public, max-age=300",
                ],
                body: .init(byteBuffer: page)
            )
        }
    }
}

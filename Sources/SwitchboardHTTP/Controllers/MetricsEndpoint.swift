import Hummingbird
import Logging
import Metrics
import Prometheus

/// The process's metrics in Prometheus text format at `GET /metrics`, on a listener of its own
/// (its own address and port, by default loopback only) so that it never shares the public
/// port the load balancer exposes: answers by engine and outcome, fallbacks, first-token and
/// total latency, tokens used.
public enum MetricsEndpoint {
    /// Routes swift-metrics to a Prometheus registry; call once, before the system is built
    /// (engines capture the metrics factory when they are made).
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// The router serving `registry`; `serve` runs it on the metrics address, tests in process.
    public static func router(registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        return router
    }

    /// The metrics listener as a service of its own.
    public static func application(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(registry: registry),
            configuration: .init(address: .hostname(host, port: port), serverName: "Switchboard metrics"),
            logger: logger
        )
    }
}

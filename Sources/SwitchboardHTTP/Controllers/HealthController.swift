import Foundation
import Hummingbird
import SwitchboardDomain

/// `/healthz` (the process is up) and `/readyz` (the database answers, migrations are current).
public struct HealthController: Sendable {
    /// Runs the readiness checks; injected so tests and other deployments can decide.
    public let readiness: @Sendable () async -> ReadinessReport

    public init(readiness: @escaping @Sendable () async -> ReadinessReport) {
        self.readiness = readiness
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        router.get("healthz") { _, _ in
            JSONResponse(["status": "ok"])
        }
        router.get("readyz") { _, _ in
            let report = await readiness()
            return JSONResponse(report, status: report.ready ? .ok : .serviceUnavailable)
        }
    }
}

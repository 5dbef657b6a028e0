import ArgumentParser
import Foundation

/// `switchboard-load idle`: server memory per open, idle socket.
struct IdleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "Resident memory per idle socket (customer, agent, or plain HTTP for comparison) on each server."
    )

    /// What to open: a customer's socket (widget), an agent's (console), or, for comparison,
    /// a plain keep-alive HTTP connection left idle after one GET /healthz.
    enum Kind: String, ExpressibleByArgument {
        case customer, agent, http
    }

    @Option(name: .customLong("server"), help: "A server, http://127.0.0.1:PORT (repeat for each instance).")
    var servers: [String]

    @Option(name: .customLong("pid"), help: "Each server's process id, in --server order.")
    var pids: [Int32]

    @Option(name: .customLong("widget-key"), help: "Widget key of the organisation to use.")
    var widgetKey: String

    @Option(help: "customer (widget sockets on --conversations conversations), agent (console sockets) or http (idle keep-alive connections).")
    var kind = Kind.customer

    @Option(name: .customLong("agent-token"), help: "Agent bearer token, for --kind agent.")
    var agentToken: String?

    @Option(help: "Sockets to open in all, spread evenly across the servers.")
    var sockets = 1000

    @Option(help: "Conversations the sockets share (a customer may have several tabs open).")
    var conversations = 100

    @Option(help: "Sockets being opened at once.")
    var window = 200

    @Option(name: .customLong("settle-seconds"), help: "Longest wait for the servers' memory to settle.")
    var settleSeconds = 30.0

    func validate() throws {
        guard !servers.isEmpty, servers.count == pids.count else { throw ValidationError("Give one --pid per --server.") }
        guard sockets > 0, sockets <= 100_000, conversations > 0 else {
            throw ValidationError("--sockets must be in 1...100000 and --conversations positive.")
        }
        if kind == .agent, agentToken == nil { throw ValidationError("--kind agent needs --agent-token.") }
    }

    func run() async throws {
        let servers = try self.servers.map(ServerAddress.init)
        let paths: [String]
        switch kind {
        case .customer:
            paths = try await WidgetAPI.startConversations(
                count: min(conversations, sockets),
                widgetKey: widgetKey,
                servers: servers,
                connections: 8
            ).map(\.socketPath)
        case .agent:
            paths = ["/console/api/socket?token=\(agentToken ?? "")"]
        case .http:
            paths = ["/healthz"]
        }
        let urls = (0..<sockets).map { index in
            let server = servers[index % servers.count]
            let path = paths[index % paths.count]
            return kind == .http ? "\(server)\(path)" : server.webSocketURL(path)
        }
        let perServer = servers.indices.map { server in urls.indices.filter { $0 % servers.count == server }.count }

        try await Task.sleep(for: .seconds(1))
        let before = try pids.map(resident)
        print("\(kind.rawValue) sockets; rss before: \(before.map { "\($0) kB" }.joined(separator: ", "))")
        let fleet = SocketFleet(urls: urls, window: window, kind: kind == .http ? .keepAliveHTTP : .webSocket(onText: { _ in }))
        let openedAt = ContinuousClock.now
        let after = try await fleet.run { opening in
            print(String(format: "opened %d sockets in %.1f s (%d failed)", opening.opened, (ContinuousClock.now - openedAt).seconds, opening.failed))
            if let error = opening.firstError { print("first socket error: \(error)") }
            guard opening.failed == 0 else {
                throw LoadError("\(opening.failed) sockets did not open; memory per socket would be meaningless")
            }
            return try await settledResidents()
        }
        for (index, server) in servers.enumerated() {
            let delta = after[index] - before[index]
            print(
                String(
                    format: "%@  pid %d  sockets %d  rss %d → %d kB  (+%d kB)  %.2f kB per idle socket",
                    server.description as NSString,
                    pids[index],
                    perServer[index],
                    before[index],
                    after[index],
                    delta,
                    Double(delta) / Double(max(1, perServer[index]))
                )
            )
        }
        if fleet.closedEarly > 0 { print("sockets the servers closed early: \(fleet.closedEarly)") }
        // What the servers keep after the sockets close: allocator caches, mostly.
        try await Task.sleep(for: .seconds(2))
        let closed = try pids.map(resident)
        print("rss 2 s after closing: \(closed.map { "\($0) kB" }.joined(separator: ", "))")
    }

    /// Samples every second until no server's RSS moved by more than 0.5 % over three samples.
    private func settledResidents() async throws -> [Int] {
        var history: [[Int]] = [try pids.map(resident)]
        let deadline = ContinuousClock.now + .seconds(settleSeconds)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            history.append(try pids.map(resident))
            guard history.count >= 3 else { continue }
            let recent = history.suffix(3)
            let stable = pids.indices.allSatisfy { server in
                let values = recent.map { $0[server] }
                return Double(values.max()! - values.min()!) <= Double(values.max()!) * 0.005
            }
            if stable { break }
        }
        return history.last!
    }

    private func resident(_ pid: Int32) throws -> Int {
        guard let kB = ProcessStats.residentKB(pid: pid) else { throw LoadError("cannot read /proc/\(pid)/status; is the server running?") }
        return kB
    }
}

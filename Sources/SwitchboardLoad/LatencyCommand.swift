import ArgumentParser
import Foundation

/// `switchboard-load latency`: customer messages at a fixed rate, timed until agents' sockets get them.
struct LatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Customer→agent delivery latency and messages/s across the given servers."
    )

    @Option(name: .customLong("server"), help: "A server, http://127.0.0.1:PORT (repeat for each instance).")
    var servers: [String]

    @Option(name: .customLong("widget-key"), help: "Widget key of the organisation to load.")
    var widgetKey: String

    @Option(name: .customLong("agent-token"), help: "Agent bearer token of that organisation (`switchboard agent token`).")
    var agentToken: String

    @Option(help: "Customer conversations, each with one customer socket.")
    var customers = 100

    @Option(help: "Agent sockets (every one receives every message).")
    var agents = 4

    @Option(help: "Customer messages per second, all lanes together.")
    var rate = 100.0

    @Option(help: "Seconds measured, after the warm-up.")
    var seconds = 10.0

    @Option(help: "Seconds of sending before measuring (not in the histograms).")
    var warmup = 2.0

    @Option(help: "Keep-alive connections sending messages, spread across the servers.")
    var lanes = 32

    @Option(name: .customLong("drain-seconds"), help: "Longest wait for late deliveries once sending stops.")
    var drainSeconds = 10.0

    @Option(name: .customLong("pid"), help: "Server process id, to report its CPU (repeat, in --server order).")
    var pids: [Int32] = []

    @Option(name: .customLong("postgres-pid"), help: "PostgreSQL postmaster process id, to report its CPU with its backends.")
    var postgresPID: Int32?

    func validate() throws {
        guard !servers.isEmpty else { throw ValidationError("Give at least one --server.") }
        guard customers > 0, agents > 0, lanes > 0 else { throw ValidationError("--customers, --agents and --lanes must be positive.") }
        guard rate > 0, rate <= 50_000, seconds > 0, seconds <= 600, warmup >= 0 else {
            throw ValidationError("--rate must be in (0, 50000] and --seconds in (0, 600].")
        }
    }

    func run() async throws {
        let servers = try self.servers.map(ServerAddress.init)
        let clock = LoadClock()
        print("starting \(customers) conversations on \(servers.map(\.description).joined(separator: " and "))")
        let conversations = try await WidgetAPI.startConversations(
            count: customers,
            widgetKey: widgetKey,
            servers: servers,
            connections: 8
        )

        let toAgents = DeliveryRecorder(clock: clock)
        let toCustomers = DeliveryRecorder(clock: clock)
        let customerFleet = SocketFleet(
            urls: conversations.enumerated().map { servers[$0.offset % servers.count].webSocketURL($0.element.socketPath) },
            window: 200,
            onText: toCustomers.record(frame:)
        )
        let agentFleet = SocketFleet(
            urls: (0..<agents).map { servers[$0 % servers.count].webSocketURL("/console/api/socket?token=\(agentToken)") },
            window: 200,
            onText: toAgents.record(frame:)
        )

        try await customerFleet.run { customerOpening in
            try await agentFleet.run { agentOpening in
                let failed = customerOpening.failed + agentOpening.failed
                print("sockets open: \(customerOpening.opened) customer, \(agentOpening.opened) agent; failed: \(failed)")
                if let error = customerOpening.firstError ?? agentOpening.firstError { print("first socket error: \(error)") }
                guard agentOpening.opened > 0 else { throw LoadError("no agent socket opened; nothing would be measured") }
                // The servers subscribe a socket just after the upgrade; let them finish.
                try await Task.sleep(for: .seconds(1))
                try await measure(
                    conversations: conversations,
                    servers: servers,
                    clock: clock,
                    agentSockets: agentOpening.opened,
                    customerSockets: customerOpening.opened,
                    toAgents: toAgents,
                    toCustomers: toCustomers
                )
            }
        }
        print("sockets the servers closed early: \(customerFleet.closedEarly) customer, \(agentFleet.closedEarly) agent")
    }

    private func measure(
        conversations: [CustomerConversation],
        servers: [ServerAddress],
        clock: LoadClock,
        agentSockets: Int,
        customerSockets: Int,
        toAgents: DeliveryRecorder,
        toCustomers: DeliveryRecorder
    ) async throws {
        var watch = CPUWatch(targets: cpuTargets())
        let senders = MessageSenders(servers: servers, conversations: conversations, rate: rate, lanes: lanes, clock: clock)
        let start = ContinuousClock.now + .milliseconds(100)
        let measuredFrom = start + .seconds(warmup)
        print("sending \(rate) messages/s for \(warmup) s warm-up + \(seconds) s measured, \(lanes) lanes")
        // CPU is sampled over the measured window only.
        async let cpuStarted: CPUWatch = {
            try? await Task.sleep(until: measuredFrom, clock: .continuous)
            var started = watch
            started.start()
            return started
        }()
        let tally = await senders.run(start: start, warmup: .seconds(warmup), seconds: .seconds(seconds))
        watch = await cpuStarted
        let cpuLines = watch.report()

        let expected = tally.measuredSent * agentSockets
        let drainDeadline = ContinuousClock.now + .seconds(drainSeconds)
        while toAgents.deliveries < expected, ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(50))
        }

        let measuredWindow = Double(tally.lastMeasuredAck &- clock.micros(at: measuredFrom)) / 1e6
        let agents = toAgents.snapshot
        let customers = toCustomers.snapshot
        print("")
        print("messages sent (measured)   \(tally.measuredSent)  (+\(tally.warmupSent) warm-up)")
        print(String(format: "messages/s achieved        %.1f  (target %.1f)", Double(tally.measuredSent) / max(measuredWindow, seconds), rate))
        let statuses = tally.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        print("send errors                \(tally.failed)  statuses \(statuses)")
        if let error = tally.firstError { print("first send error           \(error.prefix(300))") }
        print("send → 201 (write path)    \(DeliveryRecorder.summary(tally.acknowledgements))")
        print(String(format: "sends late by > 10 ms      %d  (worst %.1f ms)", tally.lateSends, Double(tally.maxLagMicros) / 1000))
        print("agent deliveries           \(agents.deliveries) of \(expected) expected (\(agentSockets) agent sockets)")
        print("customer→agent latency     \(DeliveryRecorder.summary(agents))")
        if agents.otherMessages > 0 { print("other message frames       \(agents.otherMessages) to agents (AI answers, not timed)") }
        print("customer echo deliveries   \(customers.deliveries) of \(tally.measuredSent) expected (\(customerSockets) customer sockets)")
        print("customer→customer latency  \(DeliveryRecorder.summary(customers))")
        for line in cpuLines { print(line) }
    }

    private func cpuTargets() -> [CPUWatch.Target] {
        var targets = pids.enumerated().map {
            CPUWatch.Target(name: "server \($0.offset + 1) (pid \($0.element))", pid: $0.element, includeChildren: false)
        }

        if let postgresPID { targets.append(.init(name: "postgres (all backends)", pid: postgresPID, includeChildren: true)) }
        targets.append(.init(name: "switchboard-load", pid: getpid(), includeChildren: false))
        return targets
    }
}

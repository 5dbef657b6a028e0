import Foundation

/// Memory and CPU of processes on this machine, read from /proc (Linux only).
enum ProcessStats {
    /// Resident set size of `pid` in kB (VmRSS), or nil when the process is gone.
    static func residentKB(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }

    /// CPU time (user + system) `pid` has used so far, in clock ticks.
    static func cpuTicks(pid: Int32) -> Int? {
        stat(pid: pid).map { $0.ticks }
    }

    /// CPU ticks of `pid` and all of its direct children: PostgreSQL's postmaster and backends.
    static func cpuTicks(processAndChildrenOf pid: Int32) -> Int? {
        guard let own = stat(pid: pid) else { return nil }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var total = own.ticks
        for entry in entries {
            guard let child = Int32(entry), child != pid, let info = stat(pid: child), info.parent == pid else { continue }
            total += info.ticks
        }
        return total
    }

    /// Busy and total ticks of the whole machine, all cores (from the first line of /proc/stat).
    static func machineTicks() -> (busy: Int, total: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard values.count >= 5 else { return nil }
        let total = values.reduce(0, +)
        // idle and iowait are the 4th and 5th fields.
        return (total - values[3] - values[4], total)
    }

    /// Clock ticks per second (USER_HZ).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Fields 4 (ppid), 14 (utime) and 15 (stime) of /proc/PID/stat; the name in field 2 may hold spaces.
    private static func stat(pid: Int32) -> (parent: Int32, ticks: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so field n is fields[n - 3].
        guard fields.count > 12, let parent = Int32(fields[1]), let user = Int(fields[11]), let system = Int(fields[12]) else {
            return nil
        }
        return (parent, user + system)
    }
}

/// CPU use of the processes of one run, between `start()` and `stop()`.
struct CPUWatch {
    /// A process to watch and how to count it.
    struct Target {
        let name: String
        let pid: Int32
        let includeChildren: Bool
    }

    let targets: [Target]
    private var startTicks: [Int?] = []
    private var startMachine: (busy: Int, total: Int)?
    private var startTime = ContinuousClock.now

    init(targets: [Target]) {
        self.targets = targets
    }

    mutating func start() {
        startTicks = targets.map(Self.ticks)
        startMachine = ProcessStats.machineTicks()
        startTime = .now
    }

    /// One line per target: percent of one core over the interval, then the whole machine's load.
    func report() -> [String] {
        let elapsed = (ContinuousClock.now - startTime).seconds
        guard elapsed > 0 else { return [] }
        var lines: [String] = []
        for (target, before) in zip(targets, startTicks) {
            guard let before, let after = Self.ticks(target) else { continue }
            let percent = Double(after - before) / ProcessStats.ticksPerSecond / elapsed * 100
            lines.append(String(format: "cpu %-22@ %6.1f %% of one core", target.name as NSString, percent))
        }
        if let startMachine, let now = ProcessStats.machineTicks(), now.total > startMachine.total {
            let busy = Double(now.busy - startMachine.busy) / Double(now.total - startMachine.total) * 100
            let cores = ProcessInfo.processInfo.activeProcessorCount
            lines.append(String(format: "cpu %-22@ %6.1f %% of %d cores busy (all processes)", "machine" as NSString, busy, cores))
        }
        return lines
    }

    private static func ticks(_ target: Target) -> Int? {
        target.includeChildren
            ? ProcessStats.cpuTicks(processAndChildrenOf: target.pid)
            : ProcessStats.cpuTicks(pid: target.pid)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

import Foundation
import SwitchboardDomain

/// Rows done of total, rows/s and the time left, on stderr: redrawn in place on a terminal (at
/// most 5 times a second), a line every 10 % otherwise (logs, CI).
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastTenth = -1
    private var line = ""
    private let terminal = isatty(STDERR_FILENO) != 0

    func update(done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let percent = total > 0 ? done * 100 / total : 100
        line = String(format: "%d/%d rows (%d %%)  %.0f rows/s  ETA %.0f s", done, total, percent, rate, eta)
        if terminal {
            guard done == total || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
            lastDraw = now
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            let tenth = percent / 10
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// Ends the in-place line and prints the total time.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        let suffix = String(format: "done in %.1f s\n", elapsed)
        FileHandle.standardError.write(Data(((terminal ? "\n" : "") + suffix).utf8))
    }
}

/// The import report as text: counts first, then every problem on a line of its own.
enum SheetImportReportText {
    static func render(_ report: SheetImportReport) -> String {
        let verb = report.dryRun ? "would import" : "imported"
        var lines = [
            report.dryRun ? "Dry run: nothing was written." : nil,
            "ChatLog rows           \(report.chatLogRows)",
            "  \(verb.padding(toLength: 21, withPad: " ", startingAt: 0))\(report.imported)",
            "  already imported     \(report.alreadyImported)"
                + (report.changedSinceImport.isEmpty ? "" : " (\(report.changedSinceImport.count) changed since; left as imported)"),
            "  rejected             \(report.rejected)",
            "agents matched         \(report.agentsMatched)",
            "agents \(report.dryRun ? "to create" : "created  ")       \(report.agentsCreated.count)"
                + (report.agentsCreated.isEmpty ? "" : ": " + report.agentsCreated.joined(separator: ", ")),
        ].compactMap { $0 }
        if report.presenceRecorded > 0 {
            lines.append((report.dryRun ? "presence to record     " : "presence recorded      ") + "\(report.presenceRecorded)")
        }
        if let enabled = report.aiChatEnabled { lines.append("ai_chat_enabled        \(enabled)") }
        if !report.orphanSessionRows.isEmpty {
            lines.append("Sessions rows without a ChatLog row (ignored): \(report.orphanSessionRows.map(String.init).joined(separator: ", "))")
        }
        if !report.unknownColumns.isEmpty { lines.append("unknown columns (ignored): \(report.unknownColumns.joined(separator: ", "))") }
        if !report.ignoredSettings.isEmpty {
            lines.append("settings without a place here (ignored): \(report.ignoredSettings.joined(separator: ", "))")
        }
        if !report.changedSinceImport.isEmpty {
            lines.append("changed since the earlier import (not applied): \(report.changedSinceImport.joined(separator: ", "))")
        }
        for problem in report.problems { lines.append("problem: \(problem)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
import SwitchboardDomain

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

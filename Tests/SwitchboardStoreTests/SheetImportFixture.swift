import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import Testing

/// The hand-written sheet exports in Tests/Fixtures/sheet-import, an organisation to import them
/// into, and the import itself through the Store's repository.
struct SheetImportFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/sheet-import")
    /// The organisation's time zone: times without a zone in the fixtures are Berlin times.
    static let zone = TimeZone(identifier: "Europe/Berlin")!

    let db: StoreDatabase
    let orgID: UUID

    static func make() async throws -> SheetImportFixture {
        let db = try await StoreDatabase.shared()
        let organisation = try await PostgresOrganisationRepository(pool: db.app).create(
            slug: "import-\(uniqueSuffix())",
            name: "Sheet import",
            isDemo: false,
            settings: OrganisationSettings(timeZone: zone.identifier)
        )
        return SheetImportFixture(db: db, orgID: organisation.id)
    }

    static func file(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    static func plan(chatLog: String = "ChatLog.csv", sessions: String = "Sessions.csv", extras: Bool = true) throws -> SheetImportPlan {
        try SheetImportPlan(
            chatLog: file(chatLog),
            sessions: file(sessions),
            presence: extras ? file("Presence.csv") : nil,
            settings: extras ? file("Settings.csv") : nil,
            zone: zone
        )
    }

    /// Imports in batches of 2 on 2 writers, so the fixtures span several batches.
    @discardableResult
    func run(_ plan: SheetImportPlan, dryRun: Bool = false) async throws -> SheetImportReport {
        let service = SheetImportService(repository: PostgresSheetImportRepository(pool: db.app), batchSize: 2, writers: 2)
        return try await service.run(orgID: orgID, plan: plan, dryRun: dryRun)
    }

    /// Digests of every table an import writes, read as the superuser: equal digests mean
    /// nothing changed.
    func digests() async throws -> [String] {
        var result: [String] = []
        for table in ["conversations", "messages", "contacts", "ownership_events", "qa_reviews", "kb_updates", "followups", "agents", "presence"] {
            result.append(table + " " + (try await fingerprint(of: table, orgID: orgID, admin: db.admin)))
        }
        return result
    }

    /// The CSV's records by session_id, each as column → cell.
    static func records(_ name: String) throws -> [String: [String: String]] {
        let (header, records) = try CSVReader.read(file(name))
        var result: [String: [String: String]] = [:]
        for record in records {
            let row = Dictionary(uniqueKeysWithValues: zip(header, record.cells))
            result[row["session_id"]!] = row
        }
        return result
    }

    /// One view's rows for this organisation by the sheet's session_id, read as the app role in
    /// the organisation's tenant.
    func viewRows(_ view: String) async throws -> [String: PostgresRow] {
        try await db.app.withTenant(orgID) { session in
            let rows = try await session.query(
                """
                SELECT v.*, c.external_id FROM reporting.\(view) v
                JOIN conversations c ON c.org_id = v.org_id AND c.conversation_id = v.session_id
                WHERE v.org_id = $1
                """,
                [orgID]
            )
            var result: [String: PostgresRow] = [:]
            // Conversations that started here (no external id) are not the sheet's.
            for row in rows {
                if let sessionID = try row.decode("external_id", as: String?.self) { result[sessionID] = row }
            }
            return result
        }
    }
}

/// How a sheet cell compares with a view value: blank equals NULL, line endings are normalised.
enum SheetCell {
    static func text(_ cell: String?) -> String? {
        guard let cell, !cell.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return Transcript.normaliseLineEndings(cell)
    }

    static func time(_ cell: String?) -> Date? {
        text(cell).flatMap { SheetValues.timestamp($0, zone: SheetImportFixture.zone) }
    }

    /// A JSON array of strings, with line endings normalised; blank is [].
    static func strings(_ json: String?) throws -> [String] {
        guard let json = text(json) else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(json.utf8)).map(Transcript.normaliseLineEndings)
    }
}

import Foundation
import PostgresClient
import SwitchboardStore
import TestSupport
import Testing

/// The migrator applies sql/migrations once each, in order, all or nothing, and refuses edits.
@Suite struct MigrationTests {
    // MARK: Applying

    @Test func firstRunAppliesEveryFileInNameOrderAndRecordsItsChecksum() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let names = try folder.sqlFileNames()
        try #require(names.count >= 4)
        let urls = try await StoreDatabase.makeUnmigrated()

        let applied = try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            try await Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger).migrate(using: owner)
        }
        #expect(applied == names)

        try await TestDatabase.withPool(urls.admin, size: 1) { admin in
            let recorded = try await admin.withConnection { session in
                try await session.query("SELECT name, checksum FROM switchboard.schema_migrations ORDER BY applied_at, name")
            }
            #expect(try recorded.map { try $0.decode("name", as: String.self) } == names)
            for row in recorded {
                let name: String = try row.decode("name")
                let bytes = try Data(contentsOf: folder.migrations.appendingPathComponent(name))
                let expected = try await admin.withConnection { session in
                    try await session.query("SELECT encode(sha256($1), 'hex') AS sha", [bytes])
                }
                #expect(try row.decode("checksum", as: String.self) == expected[0].decode("sha", as: String.self), "\(name)")
            }
            let views = try await admin.withConnection { session in
                try await session.query("SELECT to_regclass('reporting.chat_log') IS NOT NULL AS exists")
            }
            #expect(try views[0].decode("exists", as: Bool.self))
        }
    }

    @Test func filesAreAppliedInNameOrderWhateverOrderTheyWereWritten() async throws {
        let folder = try MigrationFolder(copyingRealMigrations: false)
        defer { folder.remove() }
        // Written last-first; each later file needs the table the first one creates.
        try folder.write("0010_fourth.sql", "INSERT INTO switchboard.order_probe (name) VALUES ('0010');")
        try folder.write("0003_third.sql", "INSERT INTO switchboard.order_probe (name) VALUES ('0003');")
        try folder.write("0002_second.sql", "INSERT INTO switchboard.order_probe (name) VALUES ('0002');")
        try folder.write(
            "0001_first.sql",
            """
            CREATE TABLE switchboard.order_probe (position integer GENERATED ALWAYS AS IDENTITY, name text);
            INSERT INTO switchboard.order_probe (name) VALUES ('0001');
            """
        )
        let urls = try await StoreDatabase.makeUnmigrated()

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            let applied = try await Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger).migrate(using: owner)
            #expect(applied == ["0001_first.sql", "0002_second.sql", "0003_third.sql", "0010_fourth.sql"])
            let order = try await owner.withConnection { session in
                try await session.query("SELECT name FROM switchboard.order_probe ORDER BY position")
            }
            #expect(try order.map { try $0.decode("name", as: String.self) } == ["0001", "0002", "0003", "0010"])
        }
    }

    @Test func secondRunAppliesNothing() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let urls = try await StoreDatabase.makeUnmigrated()
        let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            let first = try await migrator.migrate(using: owner)
            try #require(!first.isEmpty)
            let recordedAfterFirst = try await recordedMigrations(owner)

            #expect(try await migrator.migrate(using: owner) == [])
            #expect(try await migrator.pending(using: owner) == [])
            #expect(try await recordedMigrations(owner) == recordedAfterFirst)
        }
    }

    @Test func pendingListsFilesAddedSinceTheLastRun() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let urls = try await StoreDatabase.makeUnmigrated()
        let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            try await migrator.migrate(using: owner)
            try folder.write("9001_later.sql", "CREATE TABLE switchboard.later (id integer);")
            try folder.write("9000_sooner.sql", "CREATE TABLE switchboard.sooner (id integer);")

            #expect(try await migrator.pending(using: owner) == ["9000_sooner.sql", "9001_later.sql"])
            #expect(try await migrator.migrate(using: owner) == ["9000_sooner.sql", "9001_later.sql"])
            #expect(try await migrator.pending(using: owner) == [])
        }
    }

    @Test func pendingOnANeverMigratedDatabaseListsEveryFile() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let names = try folder.sqlFileNames()
        let urls = try await StoreDatabase.makeUnmigrated()

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)
            let pending = try await migrator.pending(using: owner)
            #expect(pending == names)
        }
    }

    // MARK: Refusing

    enum AddedFile: String, CaseIterable, Sendable {
        /// Sorts between the applied files, as when two branches each add a migration.
        case beforeTheChangedFile
        case afterEveryFile
    }

    @Test(arguments: AddedFile.allCases)
    func changedAppliedFileIsRefusedAndNothingNewIsApplied(_ added: AddedFile) async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let names = try folder.sqlFileNames()
        let changed = try #require(names.last)
        let urls = try await StoreDatabase.makeUnmigrated()
        let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            try await migrator.migrate(using: owner)
            let recorded = try await recordedMigrations(owner)

            try folder.append("\n-- edited after it was applied\n", to: changed)
            let newFile =
                switch added {
                case .beforeTheChangedFile: "\(changed.prefix(5))0_added_later.sql"
                case .afterEveryFile: "9999_added_later.sql"
                }
            try folder.write(newFile, "CREATE TABLE switchboard.added_later (id integer);")
            try #require(try folder.sqlFileNames().contains(newFile))

            await #expect(throws: MigrationError.changedAfterApplying(changed)) {
                try await migrator.migrate(using: owner)
            }
            await #expect(throws: MigrationError.changedAfterApplying(changed)) {
                try await migrator.pending(using: owner)
            }
            #expect(try await recordedMigrations(owner) == recorded)
            let probe = try await owner.withConnection { session in
                try await session.query("SELECT to_regclass('switchboard.added_later') IS NULL AS absent")
            }
            #expect(try probe[0].decode("absent", as: Bool.self))
        }
    }

    @Test func failingMigrationIsRolledBackEntirelyAndNotRecorded() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let names = try folder.sqlFileNames()
        try folder.write(
            "0099_bad.sql",
            """
            CREATE TABLE switchboard.left_behind (id integer);
            INSERT INTO switchboard.left_behind VALUES (1);
            COMMENT ON TABLE switchboard.organisations IS 'rewritten by a failed migration';
            SELECT 1 / 0;
            """
        )
        let urls = try await StoreDatabase.makeUnmigrated()
        let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            let error = await #expect(throws: MigrationError.self) {
                try await migrator.migrate(using: owner)
            }
            guard case .failed(let name, let reason) = error else {
                Issue.record("expected MigrationError.failed, got \(String(describing: error))")
                return
            }
            #expect(name == "0099_bad.sql")
            #expect(reason.contains("division by zero"))

            // The files before it were applied, each in its own transaction; its own DDL was not.
            #expect(try await recordedMigrations(owner).map(\.name) == names)
            let state = try await owner.withConnection { session in
                try await session.query(
                    """
                    SELECT to_regclass('switchboard.left_behind') IS NULL AS table_absent,
                           obj_description('switchboard.organisations'::regclass, 'pg_class') AS comment
                    """
                )
            }
            #expect(try state[0].decode("table_absent", as: Bool.self))
            #expect(try state[0].decode("comment", as: String?.self)?.hasPrefix("One row per tenant.") == true)

            // Once fixed, the same file applies: a failed file is not held against it.
            try folder.write("0099_bad.sql", "CREATE TABLE switchboard.left_behind (id integer);")
            #expect(try await migrator.migrate(using: owner) == ["0099_bad.sql"])
        }
    }

    @Test(arguments: [
        "1_init.sql", "00001_init.sql", "0005-init.sql", "0005_Init.sql", "0005_init-v2.sql", "0005_.sql",
        "abcd_init.sql", "0005 init.sql",
    ])
    func badFileNamesAreRefused(_ name: String) throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        try folder.write(name, "SELECT 1;")
        let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)
        #expect(throws: MigrationError.badFileName(name)) { try migrator.migrations() }
    }

    @Test func badFileNameIsRefusedBeforeTheDatabaseIsTouched() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        try folder.write("0005-init.sql", "CREATE TABLE switchboard.never (id integer);")
        let urls = try await StoreDatabase.makeUnmigrated()

        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            await #expect(throws: MigrationError.badFileName("0005-init.sql")) {
                try await Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger).migrate(using: owner)
            }
            let probe = try await owner.withConnection { session in
                try await session.query("SELECT to_regnamespace('switchboard') IS NULL AS untouched")
            }
            #expect(try probe[0].decode("untouched", as: Bool.self))
        }
    }

    @Test func filesThatAreNotSQLAreIgnored() throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let names = try folder.sqlFileNames()
        try folder.write("README.md", "Numbered, forward-only migrations.")
        try folder.write("0005_draft.sql.orig", "DROP SCHEMA switchboard CASCADE;")
        let migrations = try Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger).migrations()
        #expect(migrations.map(\.name) == names)
    }

    @Test func missingMigrationsFolderIsReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("no-sql-\(uniqueSuffix())")
        let migrator = Migrator(sqlDirectory: root, logger: TestDatabase.quietLogger)
        #expect(throws: MigrationError.directoryMissing(root.appendingPathComponent("migrations").path)) {
            try migrator.migrations()
        }
    }

    // MARK: Concurrency and access

    @Test func migratorsStartingTogetherApplyEachFileOnce() async throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let names = try folder.sqlFileNames()
        let urls = try await StoreDatabase.makeUnmigrated()
        let migrator = Migrator(sqlDirectory: folder.root, logger: TestDatabase.quietLogger)

        // Each file is applied by exactly one of them; none fails.
        let runs = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await TestDatabase.withPool(urls.owner, size: 1) { try await migrator.migrate(using: $0) }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.flatMap { $0 }.sorted() == names)
        // A later run finds nothing to do and every file is recorded once.
        try await TestDatabase.withPool(urls.owner, size: 1) { owner in
            try await migrator.migrate(using: owner)
            #expect(try await recordedMigrations(owner).map(\.name) == names)
        }
    }

    @Test func appCanReadButNotChangeTheMigrationRecord() async throws {
        let db = try await StoreDatabase.shared()
        let count = try await db.app.withConnection { session in
            try await session.query("SELECT count(*) AS n FROM switchboard.schema_migrations")
        }
        #expect(try count[0].decode("n", as: Int.self) > 0)
        await expectRefusal("42501") {
            try await db.app.withConnection { session in
                try await session.execute("DELETE FROM switchboard.schema_migrations")
            }
        }
    }

    // MARK: Helpers

    private func recordedMigrations(_ pool: PostgresPool) async throws -> [RecordedMigration] {
        let rows = try await pool.withConnection { session in
            try await session.query("SELECT name, checksum, applied_at FROM switchboard.schema_migrations ORDER BY name")
        }
        return try rows.map {
            RecordedMigration(
                name: try $0.decode("name"),
                checksum: try $0.decode("checksum"),
                appliedAt: try $0.decode("applied_at")
            )
        }
    }
}

struct RecordedMigration: Equatable {
    let name: String
    let checksum: String
    let appliedAt: Date
}

/// A temporary sql/ folder whose `migrations/` starts as a copy of the real one (or empty).
struct MigrationFolder {
    let root: URL
    var migrations: URL { root.appendingPathComponent("migrations", isDirectory: true) }

    init(copyingRealMigrations: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-sql-\(uniqueSuffix())")
        let source = TestDatabase.sqlDirectory.appendingPathComponent("migrations", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copyingRealMigrations {
            try FileManager.default.copyItem(at: source, to: migrations)
        } else {
            try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        }
    }

    /// The `.sql` files, sorted by name, as listed by the file system.
    func sqlFileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: migrations.path).filter { $0.hasSuffix(".sql") }.sorted()
    }

    func write(_ name: String, _ sql: String) throws {
        try Data(sql.utf8).write(to: migrations.appendingPathComponent(name))
    }

    func append(_ text: String, to name: String) throws {
        let file = migrations.appendingPathComponent(name)
        try (try Data(contentsOf: file) + Data(text.utf8)).write(to: file)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

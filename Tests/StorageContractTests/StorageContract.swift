import Foundation
import Storage
import StorePostgres
import StoreSQLite
import Testing

/// The storage contract: every parameterised test runs once per backend in `Backend.all`.
@Suite("Storage contract")
struct StorageContract {
    // MARK: - Which backends run

    @Test(
        "PostgreSQL backend configured",
        .enabled(if: Backend.postgresURL != nil, "POSTAGE_TEST_POSTGRES_URL is not set: PostgreSQL cases are skipped"))
    func postgresConfigured() async throws {
        let applied = try await withDatabase(.postgres) { try await $0.migrate() }
        #expect(applied == Self.allMigrations)
    }

    @Test("PostgreSQL present when required (POSTAGE_TEST_REQUIRE_POSTGRES=1)")
    func postgresPresentWhenRequired() {
        if Backend.postgresRequired && Backend.postgresURL == nil {
            Issue.record(
                "POSTAGE_TEST_REQUIRE_POSTGRES=1 but POSTAGE_TEST_POSTGRES_URL is unset: the PostgreSQL contract did not run"
            )
        }
    }

    // MARK: - Migrations

    /// Every migration, by name, in order: the same list on both backends.
    static let allMigrations = [
        "0001_accounts_servers_streams", "0002_messages_queue", "0003_templates", "0004_dkim_keys",
        "0005_suppressions", "0006_bounces", "0007_domains", "0008_sender_signatures",
    ]

    @Test(arguments: Backend.all)
    func migrationsApplyOnceByName(_ backend: Backend) async throws {
        try await withDatabase(backend) { database in
            #expect(try await database.migrate() == Self.allMigrations)
            #expect(try await database.migrate() == [])
            let store = try await database.open()
            #expect(try await store.bootstrap(accountToken: nil, at: Fixture.epoch) != nil)
            try await store.close()
            #expect(try await database.migrate() == [])
        }
    }

    @Test(
        "PostgreSQL: nodes migrating at once apply each migration exactly once",
        .enabled(if: Backend.postgresURL != nil))
    func concurrentMigrationsPostgres() async throws {
        try await withDatabase(.postgres) { database in
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<8 { group.addTask { try await database.migrate() } }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == Self.allMigrations)
            #expect(results.filter { !$0.isEmpty }.count == 1)
        }
    }

    // MARK: - Backend specifics

    @Test("SQLite runs in WAL mode with synchronous=FULL")
    func sqliteDurability() async throws {
        try await withDatabase(.sqlite) { database in
            let store = try SQLiteStore.open(path: database.location)
            let settings = try await store.durabilitySettings()
            try await store.close()
            #expect(settings.journalMode == "wal")
            #expect(settings.synchronous == 2)
        }
    }

    @Test("PostgreSQL flushes commits (fsync, synchronous_commit)", .enabled(if: Backend.postgresURL != nil))
    func postgresDurability() async throws {
        // scripts/pg.sh keeps both on; a cluster without them cannot keep promise 1.
        let settings = try await withStore(.postgres) { store in
            try await #require(store as? PostgresStore).durabilitySettings()
        }
        #expect(settings.fsync == "on")
        #expect(settings.synchronousCommit == "on")
    }

    @Test(
        "PostgreSQL URLs parse",
        arguments: [
            ("postgres://postage@127.0.0.1:55433/postgres", "127.0.0.1", 55433, "postage", nil, "postgres"),
            ("postgresql://u%40x:p%3Aw%2F@db.test/app?sslmode=disable", "db.test", 5432, "u@x", "p:w/", "app"),
            ("postgres://me@[::1]:6000", "::1", 6000, "me", nil, "me"),
        ] as [(String, String, Int, String, String?, String)])
    func postgresURLs(_ text: String, host: String, port: Int, user: String, password: String?, database: String)
        throws
    {
        let url = try PostgresURL(parsing: text)
        #expect(url == PostgresURL(host: host, port: port, username: user, password: password, database: database))
        #expect(try PostgresURL(parsing: url.text) == url)
    }

    @Test(
        "PostgreSQL URLs that are refused",
        arguments: [
            "mysql://u@h/db", "postgres://h:5432/db", "postgres://u@/db", "postgres://u@h/db?sslmode=require",
            "postgres://u@h/db/extra", "not a url",
        ])
    func badPostgresURLs(_ text: String) {
        #expect(throws: StoreError.self) { try PostgresURL(parsing: text) }
    }

    @Test("PostgreSQL open fails fast when the server is unreachable", .timeLimit(.minutes(1)))
    func postgresUnreachable() async {
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: (any Error).self) {
            try await PostgresStore.open(url: "postgres://postage@127.0.0.1:1/postgres")
        }
        #expect(clock.now - start < .seconds(15))
    }

    @Test("PostgreSQL open fails on a missing database", .enabled(if: Backend.postgresURL != nil))
    func postgresMissingDatabase() async throws {
        let url = try PostgresURL(parsing: try #require(Backend.postgresURL)).with(database: "postage_missing_db").text
        await #expect(throws: (any Error).self) { try await PostgresStore.open(url: url) }
    }

    @Test("PostgreSQL database names are restricted", arguments: ["", "a-b", "x; DROP TABLE y", "Upper", "9lives"])
    func badDatabaseNames(_ name: String) async {
        await #expect(throws: StoreError.self) {
            try await PostgresAdmin.createDatabase(url: "postgres://nobody@127.0.0.1:1/x", name: name)
        }
    }
}

import Foundation
import Storage
import StorePostgres
import StoreSQLite
import Testing

/// The backends every contract test runs against. SQLite always; PostgreSQL when
/// `POSTAGE_TEST_POSTGRES_URL` names a server whose user may create databases (for example the one
/// `scripts/pg.sh start DIR PORT` prints). With `POSTAGE_TEST_REQUIRE_POSTGRES=1` a missing URL is a
/// test failure instead of a skip.
enum Backend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["POSTAGE_TEST_POSTGRES_URL"], !url.isEmpty else {
            return nil
        }
        return url
    }

    static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["POSTAGE_TEST_REQUIRE_POSTGRES"] == "1"
    }

    /// The arguments of every parameterised contract test.
    static var all: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Pool size for PostgreSQL stores in tests: small, so that many tests in parallel stay far below
    /// the server's `max_connections`.
    static let testPoolSize = 4
}

/// A fresh, empty database of one backend, deleted by `withDatabase` when the test ends.
struct TestDatabase: Sendable {
    let backend: Backend
    /// The SQLite file path or the PostgreSQL URL.
    let location: String

    func open(maximumConnections: Int = Backend.testPoolSize) async throws -> any Store {
        switch backend {
        case .sqlite: try SQLiteStore.open(path: location)
        case .postgres: try await PostgresStore.open(url: location, maximumConnections: maximumConnections)
        }
    }

    func migrate() async throws -> [String] {
        switch backend {
        case .sqlite: try SQLiteStore.migrate(path: location)
        case .postgres: try await PostgresStore.migrate(url: location)
        }
    }
}

func withDatabase<R: Sendable>(
    _ backend: Backend, _ body: (TestDatabase) async throws -> R
) async throws -> R {
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("postage-contract-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(
            TestDatabase(backend: .sqlite, location: directory.appendingPathComponent("postage.sqlite").path))
    case .postgres:
        guard let adminURL = Backend.postgresURL else {
            throw StoreError(.invalidConfiguration, "POSTAGE_TEST_POSTGRES_URL is not set")
        }
        let name = "postage_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await PostgresAdmin.createDatabase(url: adminURL, name: name)
        let url = try PostgresURL(parsing: adminURL).with(database: name).text
        do {
            let result = try await body(TestDatabase(backend: .postgres, location: url))
            try await PostgresAdmin.dropDatabase(url: adminURL, name: name)
            return result
        } catch {
            try? await PostgresAdmin.dropDatabase(url: adminURL, name: name)
            throw error
        }
    }
}

/// Opens a store on a fresh database, runs `body`, closes the store and deletes the database.
func withStore<R: Sendable>(
    _ backend: Backend, maximumConnections: Int = Backend.testPoolSize, _ body: (any Store) async throws -> R
) async throws -> R {
    try await withDatabase(backend) { database in
        let store = try await database.open(maximumConnections: maximumConnections)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}

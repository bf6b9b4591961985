import Foundation
import GRDB
import Storage

/// The embedded default store: SQLite in WAL mode with `synchronous=FULL`, one writer that folds
/// concurrent submissions into shared commits, and a pool of readers.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    let committer: GroupCommitter

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public static func open(path: String) throws -> SQLiteStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        configuration.prepareDatabase { db in
            // RFC-free but essential: durability after power loss needs FULL in WAL mode.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator().migrate(pool)
        return SQLiteStore(pool: pool)
    }

    /// Applies migrations without keeping the store open; returns the names applied.
    public static func migrate(path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let migrator = SQLiteSchema.migrator()
        let before = try queue.read { try migrator.appliedIdentifiers($0) }
        try migrator.migrate(queue)
        return migrator.migrations.filter { !before.contains($0) }
    }

    init(pool: DatabasePool) {
        self.pool = pool
        self.committer = GroupCommitter(writer: pool)
    }

    /// The effective journal mode and synchronous level, for diagnostics and tests.
    public func durabilitySettings() async throws -> (journalMode: String, synchronous: Int) {
        try await pool.read { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let sync = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return (mode, sync)
        }
    }
}

extension SQLiteStore: Store {
    public func close() async throws {
        try pool.close()
    }
}

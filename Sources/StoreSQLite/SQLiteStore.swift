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
            // Durability after power loss needs FULL in WAL mode: every commit syncs the WAL.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrate(SQLiteSchema.migrator(), pool)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Checkpointer.writerFallback)")
        }
        let checkpointer = try Checkpointer(path: path)
        checkpointer.start()
        return SQLiteStore(pool: pool, checkpointer: checkpointer)
    }

    /// Applies migrations without keeping the store open; returns the names applied.
    public static func migrate(path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let migrator = SQLiteSchema.migrator()
        return try SQLiteSchema.migrate(migrator, queue)
    }

    let checkpointer: Checkpointer

    init(pool: DatabasePool, checkpointer: Checkpointer) {
        self.pool = pool
        self.committer = GroupCommitter(writer: pool)
        self.checkpointer = checkpointer
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
        await checkpointer.stop()
        try pool.close()
    }
}

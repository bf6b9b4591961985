import Foundation
import Logging
import Storage
import StorePostgres
import StoreSQLite

/// Opens the configured backend and applies its migrations.
public enum StoreFactory {
    public static func open(_ database: Configuration.Database, logger: Logger) async throws -> any Store {
        switch database {
        case .sqlite(let path):
            try createParentDirectory(of: path)
            return try SQLiteStore.open(path: path)
        case .postgres(let url):
            return try await PostgresStore.open(url: url, logger: logger)
        }
    }

    /// Applies pending migrations and returns their names (`postage migrate`).
    public static func migrate(_ database: Configuration.Database, logger: Logger) async throws -> [String] {
        switch database {
        case .sqlite(let path):
            try createParentDirectory(of: path)
            return try SQLiteStore.migrate(path: path)
        case .postgres(let url):
            return try await PostgresStore.migrate(url: url, logger: logger)
        }
    }

    static func createParentDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }
}

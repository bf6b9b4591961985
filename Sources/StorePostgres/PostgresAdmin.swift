import Logging
import PostgresNIO
import Storage

/// Creating and dropping whole databases, for tests and operators. Database names cannot be bound
/// as parameters, so they are restricted to `[a-z_][a-z0-9_]*` (at most 63 characters) and refused
/// otherwise, which keeps them safe to place in SQL.
public enum PostgresAdmin {
    /// Creates database `name` through the server at `url` (any database the user may connect to).
    public static func createDatabase(url: String, name: String, logger: Logger = PostgresStore.silentLogger)
        async throws
    {
        let identifier = try validated(name)
        try await PostgresStore.withConnection(to: try PostgresURL(parsing: url), logger: logger) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(identifier)"), logger: logger)
        }
    }

    /// Drops database `name` if it exists, disconnecting its sessions first.
    public static func dropDatabase(url: String, name: String, logger: Logger = PostgresStore.silentLogger) async throws
    {
        let identifier = try validated(name)
        try await PostgresStore.withConnection(to: try PostgresURL(parsing: url), logger: logger) { connection in
            _ = try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(identifier) WITH (FORCE)"), logger: logger)
        }
    }

    static func validated(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        let valid =
            !bytes.isEmpty && bytes.count <= 63
            && bytes.enumerated().allSatisfy { index, byte in
                byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (index > 0 && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
            }
        guard valid else { throw StoreError(.invalidConfiguration, "invalid database name \(name)") }
        return name
    }
}

import Foundation
import Logging
import PostgresNIO
import Storage

/// The scale-out store: several Postage nodes share one PostgreSQL database (architecture section 3).
///
/// Built on a `PostgresClient` connection pool that the store runs in a task of its own; `close()`
/// cancels that task and waits for the pool to shut down. Every write that must be atomic runs in
/// one transaction; PostgreSQL's defaults (`fsync=on`, `synchronous_commit=on`) make a returned
/// `COMMIT` durable.
public final class PostgresStore: Store {
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>

    /// The default upper bound on pooled connections per store (per node).
    public static let defaultMaximumConnections = 10

    /// The logger used when a caller passes none: silent.
    public static let silentLogger = Logger(label: "postage.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Connects to the database at `url` (`postgres://` or `postgresql://`), applies pending
    /// migrations and starts the connection pool. Fails fast when the server cannot be reached.
    public static func open(
        url: String, maximumConnections: Int = defaultMaximumConnections, logger: Logger = silentLogger
    ) async throws -> PostgresStore {
        let target = try PostgresURL(parsing: url)
        guard maximumConnections >= 1 else {
            throw StoreError(.invalidConfiguration, "maximumConnections must be at least 1")
        }
        // Migrations run on a connection of their own: it reports an unreachable server or a failed
        // login right away, where the pool would keep retrying in the background.
        _ = try await migrate(target, logger: logger)
        var configuration = PostgresClient.Configuration(
            host: target.host, port: target.port, username: target.username, password: target.password,
            database: target.database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let store = PostgresStore(client: client, logger: logger)
        do {
            // Promise 1 (a 200 survives power loss) needs the server to flush its WAL at commit.
            let settings = try await store.durabilitySettings()
            if settings.fsync != "on" || settings.synchronousCommit == "off" {
                logger.warning(
                    "PostgreSQL does not flush commits to disk: accepted mail can be lost on a crash",
                    metadata: [
                        "postage.pg_fsync": "\(settings.fsync)",
                        "postage.pg_synchronous_commit": "\(settings.synchronousCommit)",
                    ])
            }
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// The server's `fsync` and this session's `synchronous_commit`, for diagnostics and tests.
    public func durabilitySettings() async throws -> (fsync: String, synchronousCommit: String) {
        let rows = try await fetchRows(
            "SELECT current_setting('fsync'), current_setting('synchronous_commit')")
        guard let row = rows.first else { return ("", "") }
        return try row.decode((String, String).self)
    }

    /// Applies pending migrations to the database at `url` and returns the names applied (empty
    /// when the schema was already current). Safe when several nodes call it at once.
    public static func migrate(url: String, logger: Logger = silentLogger) async throws -> [String] {
        try await migrate(try PostgresURL(parsing: url), logger: logger)
    }

    static func migrate(_ target: PostgresURL, logger: Logger) async throws -> [String] {
        try await withConnection(to: target, logger: logger) { connection in
            do {
                return try await PostgresSchema.migrate(on: connection, logger: logger)
            } catch {
                throw Self.unwrap(error)
            }
        }
    }

    let coalescer: CommitCoalescer<NewMessage>

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.coalescer = CommitCoalescer { messages in
            try await PostgresStore.commit(messages, client: client, logger: logger)
        }
        // `immediate`: run() starts (and marks the client running) before the first lease.
        self.runTask = Task.immediate { await client.run() }
    }

    /// Stops the pool and closes its connections; the store is unusable afterwards. Idempotent.
    public func close() async throws {
        runTask.cancel()
        await runTask.value
    }

    // MARK: - Helpers shared by the extensions

    /// Runs `body` in one transaction on a pooled connection. Errors come back unwrapped from
    /// `PostgresTransactionError` and with unique violations mapped to `StoreError`s.
    func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch {
            throw Self.unwrap(error)
        }
    }

    /// Runs one statement and collects its rows.
    func fetchRows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw Self.unwrap(error)
        }
    }

    /// A single direct connection (not pooled), closed when `body` returns.
    static func withConnection<Result: Sendable>(
        to target: PostgresURL, logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let configuration = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.username, password: target.password,
            database: target.database, tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The error a caller should see: `StoreError`s thrown inside a transaction as themselves,
    /// everything else as the underlying database error.
    static func unwrap(_ error: any Error) -> any Error {
        if let transactionError = error as? PostgresTransactionError {
            if let inner = transactionError.closureError ?? transactionError.commitError ?? transactionError.beginError
            {
                return unwrap(inner)
            }
        }
        return error
    }

    /// The SQLSTATE of a server error (e.g. `23505` unique_violation), if `error` is one.
    static func sqlState(of error: any Error) -> String? {
        guard let error = unwrap(error) as? PSQLError, error.code == .server else { return nil }
        return error.serverInfo?[.sqlState]
    }

    /// The constraint a server error names, if any.
    static func constraint(of error: any Error) -> String? {
        guard let error = unwrap(error) as? PSQLError, error.code == .server else { return nil }
        return error.serverInfo?[.constraintName]
    }
}

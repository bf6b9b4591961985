import Foundation
import Storage

/// A parsed `postgres://user:password@host:port/database?sslmode=...` connection URL.
///
/// Accepted schemes are `postgres` and `postgresql`. User and password are percent-decoded; the
/// port defaults to 5432 and the database to the user name (as libpq does). TLS is not supported:
/// `sslmode` may be absent, `disable`, `allow` or `prefer` (all connect in plaintext); `require`
/// and the `verify-*` modes are rejected rather than silently downgraded.
public struct PostgresURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int, username: String, password: String?, database: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError(.invalidConfiguration, "not a postgres:// URL")
        }
        guard var host = components.host, !host.isEmpty else {
            throw StoreError(.invalidConfiguration, "the PostgreSQL URL has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.invalidConfiguration, "the PostgreSQL URL has no user name")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw StoreError(.invalidConfiguration, "the PostgreSQL URL has an invalid port")
        }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else {
            throw StoreError(.invalidConfiguration, "the PostgreSQL URL path must be a database name")
        }
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow", "prefer": break
            default:
                throw StoreError(
                    .invalidConfiguration,
                    "sslmode=\(item.value ?? "") is not supported (TLS to PostgreSQL is not implemented)")
            }
        }
        self.host = host
        self.port = port
        self.username = user
        self.password = components.password
        self.database = path.isEmpty ? user : path
    }

    /// The URL text (`postgres://...`), with user and password percent-encoded.
    public var text: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = "/" + database
        return components.string ?? "postgres://\(host):\(port)/\(database)"
    }

    /// The same server with another database, e.g. to reach `postgres` for administration.
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }
}

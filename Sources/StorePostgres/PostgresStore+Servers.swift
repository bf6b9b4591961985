import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func bootstrap(accountToken: String?, at date: Date) async throws -> Bootstrap? {
        let token = accountToken ?? Tokens.generate()
        let micros = StorageCoding.micros(date)
        return try await transaction { connection -> Bootstrap? in
            // Concurrent callers queue on the primary key of the single account row: the first inserts,
            // the others wait for its commit, then insert nothing and report "already initialised".
            let inserted = try await connection.query(
                """
                INSERT INTO account (id, account_token, created_at) VALUES (1, \(token), \(micros))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            if inserted.isEmpty { return nil }
            let server = try await Self.insertServer(
                connection, name: "Default", deliveryType: .live, settings: ServerSettings(), at: date, logger: logger)
            return Bootstrap(accountToken: token, server: server)
        }
    }

    public func isAccountToken(_ token: String) async throws -> Bool {
        let rows = try await fetchRows("SELECT account_token FROM account WHERE id = 1")
        guard let row = rows.first else { return false }
        let stored = try row.decode(String.self)
        // As in the SQLite store: the account token compares case-insensitively (Postmark's rule).
        return Tokens.constantTimeEquals(stored.lowercased(), token.lowercased())
    }

    public func server(forToken token: String) async throws -> ServerRecord? {
        // The index lookup goes through the hash; the token itself is compared in constant time.
        let candidates = try await fetchRows(
            "SELECT token, server_id FROM api_tokens WHERE lookup_key = \(Tokens.lookupKey(token))")
        for row in candidates {
            let (stored, serverID) = try row.decode((String, Int64).self)
            if Tokens.constantTimeEquals(stored, token) {
                return try await server(id: serverID).flatMap { $0.isSystem ? nil : $0 }
            }
        }
        return nil
    }

    public func server(id: Int64) async throws -> ServerRecord? {
        let rows = try await fetchRows(
            PostgresQuery(unsafeSQL: Self.serverSelect + " WHERE s.id = $1", binds: Self.binds(id)))
        return try rows.first.map(Self.server(from:))
    }

    public func listServers(nameFilter: String?, count: Int, offset: Int) async throws -> SearchPage<ServerRecord> {
        var binds = PostgresBindings()
        // The system server (empty name) is never listed.
        var whereClause = " WHERE s.name_key <> ''"
        if let nameFilter, !nameFilter.isEmpty {
            binds.append(StorageCoding.key(nameFilter))
            whereClause += " AND strpos(s.name_key, $1) > 0"
        }
        binds.append(Int64(count))
        let limit = binds.count
        binds.append(Int64(offset))
        let skip = binds.count
        // One statement, so the total and the page come from the same snapshot. The LEFT JOIN keeps
        // one row (with a NULL page) when the page is empty, so the total is always there.
        let sql = """
            SELECT t.total, p.* FROM (SELECT count(*) AS total FROM servers s\(whereClause)) t
            LEFT JOIN LATERAL (
                \(Self.serverSelect)\(whereClause) ORDER BY s.id LIMIT $\(limit) OFFSET $\(skip)
            ) p ON true
            """
        let rows = try await fetchRows(PostgresQuery(unsafeSQL: sql, binds: binds))
        var total = 0
        var servers: [ServerRecord] = []
        for row in rows {
            let cells = row.makeRandomAccess()
            total = Int(try cells[0].decode(Int64.self))
            if try cells[1].decode(Int64?.self) == nil { continue }
            servers.append(try Self.server(from: cells, offset: 1))
        }
        return SearchPage(totalCount: total, items: servers)
    }

    public func createServer(name: String, deliveryType: DeliveryType, settings: ServerSettings, at date: Date)
        async throws -> ServerRecord
    {
        try await transaction { connection in
            try await Self.insertServer(
                connection, name: name, deliveryType: deliveryType, settings: settings, at: date, logger: logger)
        }
    }

    public func updateServer(id: Int64, name: String, settings: ServerSettings) async throws -> ServerRecord {
        let key = StorageCoding.key(name)
        do {
            return try await transaction { connection -> ServerRecord in
                // Same order of checks as the SQLite store: a clash wins over a missing server.
                let clash = try await connection.query(
                    "SELECT id FROM servers WHERE name_key = \(key) AND id <> \(id)", logger: logger
                ).collect()
                if !clash.isEmpty { throw StoreError.duplicateName(name) }
                let updated = try await connection.query(
                    """
                    UPDATE servers SET name = \(name), name_key = \(key), settings = \(StorageCoding.encodeJSON(settings))
                    WHERE id = \(id) RETURNING id
                    """, logger: logger
                ).collect()
                guard !updated.isEmpty, let server = try await Self.fetchServer(connection, id: id, logger: logger)
                else {
                    throw StoreError.notFound("server \(id)")
                }
                return server
            }
        } catch  where Self.sqlState(of: error) == "23505" {
            // Another node took the name between our check and our update.
            throw StoreError.duplicateName(name)
        }
    }

    public func deleteServer(id: Int64) async throws {
        // Tokens, streams, messages and everything hanging off messages go by ON DELETE CASCADE.
        let deleted = try await fetchRows("DELETE FROM servers WHERE id = \(id) RETURNING id")
        if deleted.isEmpty { throw StoreError.notFound("server \(id)") }
    }

    public func systemServer(at date: Date) async throws -> ServerRecord {
        let existing = try await fetchRows("SELECT id FROM servers WHERE name_key = ''")
        if let row = existing.first, let server = try await server(id: try row.decode(Int64.self)) { return server }
        do {
            var settings = ServerSettings()
            settings.smtpApiActivated = false
            return try await transaction { connection in
                try await Self.insertServer(
                    connection, name: "", deliveryType: .live, settings: settings, at: date, logger: logger)
            }
        } catch let error as StoreError where error.code == .duplicateName {
            // Another node made it first.
            let made = try await fetchRows("SELECT id FROM servers WHERE name_key = ''")
            guard let row = made.first, let server = try await server(id: try row.decode(Int64.self)) else { throw error }
            return server
        }
    }

    public func streams(serverID: Int64) async throws -> [StreamRecord] {
        try await fetchRows(
            PostgresQuery(
                unsafeSQL: Self.streamSelect + " WHERE server_id = $1 ORDER BY created_at, id COLLATE \"C\"",
                binds: Self.binds(serverID))
        ).map(Self.stream(from:))
    }

    public func stream(serverID: Int64, id: String) async throws -> StreamRecord? {
        var binds = Self.binds(serverID)
        binds.append(id)
        return try await fetchRows(
            PostgresQuery(unsafeSQL: Self.streamSelect + " WHERE server_id = $1 AND id = $2", binds: binds)
        ).first.map(Self.stream(from:))
    }

    // MARK: - Rows

    static func binds(_ value: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    /// A server with its tokens (oldest first, then by token bytes, as SQLite orders them).
    static let serverSelect = """
        SELECT s.id, s.name, s.delivery_type, s.settings, s.created_at,
            ARRAY(SELECT t.token FROM api_tokens t WHERE t.server_id = s.id
                  ORDER BY t.created_at, t.token COLLATE "C") AS tokens
        FROM servers s
        """

    static let streamSelect = """
        SELECT id, server_id, name, type, description, created_at, updated_at, archived_at FROM message_streams
        """

    static func insertServer(
        _ connection: PostgresConnection, name: String, deliveryType: DeliveryType, settings: ServerSettings,
        at date: Date, logger: Logger
    ) async throws -> ServerRecord {
        let micros = StorageCoding.micros(date)
        var settings = settings
        if settings.inboundHash.isEmpty { settings.inboundHash = ServerSettings.newInboundHash() }
        // ON CONFLICT keeps the transaction usable and resolves concurrent creators of the same name:
        // the second waits for the first to commit, then inserts nothing.
        let inserted = try await connection.query(
            """
            INSERT INTO servers (name, name_key, delivery_type, settings, created_at)
            VALUES (\(name), \(StorageCoding.key(name)), \(deliveryType.rawValue), \(StorageCoding.encodeJSON(settings)),
                \(micros))
            ON CONFLICT (name_key) DO NOTHING RETURNING id
            """, logger: logger
        ).collect()
        guard let row = inserted.first else { throw StoreError.duplicateName(name) }
        let id = try row.decode(Int64.self)
        let token = Tokens.generate()
        try await connection.query(
            """
            INSERT INTO api_tokens (token, lookup_key, server_id, created_at)
            VALUES (\(token), \(Tokens.lookupKey(token)), \(id), \(micros))
            """, logger: logger)
        let streams = StreamRecord.defaults(serverID: id, at: date)
        try await connection.query(
            """
            INSERT INTO message_streams (server_id, id, name, type, description, created_at)
            SELECT \(id), s.id, s.name, s.type, NULL, \(micros)
            FROM unnest(\(streams.map(\.id))::text[], \(streams.map(\.name))::text[], \(streams.map(\.type.rawValue))::text[])
                WITH ORDINALITY AS s(id, name, type, ord)
            ORDER BY s.ord
            """, logger: logger)
        guard let server = try await fetchServer(connection, id: id, logger: logger) else {
            throw StoreError.notFound("server \(id)")
        }
        return server
    }

    static func fetchServer(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> ServerRecord? {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: serverSelect + " WHERE s.id = $1", binds: binds(id)), logger: logger
        ).collect()
        return try rows.first.map(server(from:))
    }

    static func server(from row: PostgresRow) throws -> ServerRecord {
        try server(from: row.makeRandomAccess(), offset: 0)
    }

    /// Decodes the columns of `serverSelect`, starting at column `offset`.
    static func server(from cells: PostgresRandomAccessRow, offset: Int) throws -> ServerRecord {
        let deliveryType = try cells[offset + 2].decode(String.self)
        return ServerRecord(
            id: try cells[offset].decode(Int64.self),
            name: try cells[offset + 1].decode(String.self),
            deliveryType: DeliveryType(rawValue: deliveryType) ?? .live,
            apiTokens: try cells[offset + 5].decode([String].self),
            settings: try StorageCoding.decodeJSON(ServerSettings.self, try cells[offset + 3].decode(String.self)),
            createdAt: StorageCoding.date(micros: try cells[offset + 4].decode(Int64.self)))
    }

    static func stream(from row: PostgresRow) throws -> StreamRecord {
        let (id, serverID, name, type, description, created, updated, archived) = try row.decode(
            (String, Int64, String, String, String?, Int64, Int64?, Int64?).self)
        return StreamRecord(
            id: id, serverID: serverID, name: name, type: StreamType(rawValue: type) ?? .transactional,
            description: description, createdAt: StorageCoding.date(micros: created),
            updatedAt: updated.map(StorageCoding.date(micros:)),
            archivedAt: archived.map(StorageCoding.date(micros:)))
    }
}

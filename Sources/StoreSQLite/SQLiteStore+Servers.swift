import Foundation
import GRDB
import Storage

extension SQLiteStore: ServerStore {
    public func bootstrap(accountToken: String?, at date: Date) async throws -> Bootstrap? {
        try await pool.write { db -> Bootstrap? in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0 > 0 { return nil }
            let token = accountToken ?? Tokens.generate()
            try db.execute(
                sql: "INSERT INTO account (id, account_token, created_at) VALUES (1, ?, ?)",
                arguments: [token, StorageCoding.micros(date)])
            let server = try Self.insertServer(
                db, name: "Default", deliveryType: .live, settings: ServerSettings(), at: date)
            return Bootstrap(accountToken: token, server: server)
        }
    }

    public func isAccountToken(_ token: String) async throws -> Bool {
        let stored = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT account_token FROM account WHERE id = 1")
        }
        guard let stored else { return false }
        // Postmark's docs say token values compare case-insensitively.
        return Tokens.constantTimeEquals(stored.lowercased(), token.lowercased())
    }

    public func server(forToken token: String) async throws -> ServerRecord? {
        try await pool.read { db -> ServerRecord? in
            let rows = try Row.fetchAll(
                db, sql: "SELECT token, server_id FROM api_tokens WHERE lookup_key = ?",
                arguments: [Tokens.lookupKey(token)])
            for row in rows where Tokens.constantTimeEquals(row["token"], token) {
                return try Self.fetchServer(db, id: row["server_id"]).flatMap { $0.isSystem ? nil : $0 }
            }
            return nil
        }
    }

    public func server(id: Int64) async throws -> ServerRecord? {
        try await pool.read { db in try Self.fetchServer(db, id: id) }
    }

    public func listServers(nameFilter: String?, count: Int, offset: Int) async throws -> SearchPage<ServerRecord> {
        try await pool.read { db -> SearchPage<ServerRecord> in
            // The system server (empty name) is never listed.
            var whereClause = "WHERE name_key <> ''"
            var arguments: StatementArguments = []
            if let nameFilter, !nameFilter.isEmpty {
                whereClause += " AND instr(name_key, ?) > 0"
                arguments += [StorageCoding.key(nameFilter)]
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM servers \(whereClause)", arguments: arguments) ?? 0
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM servers \(whereClause) ORDER BY id LIMIT ? OFFSET ?",
                arguments: arguments + [count, offset])
            let servers = try ids.compactMap { try Self.fetchServer(db, id: $0) }
            return SearchPage(totalCount: total, items: servers)
        }
    }

    public func createServer(name: String, deliveryType: DeliveryType, settings: ServerSettings, at date: Date)
        async throws -> ServerRecord
    {
        try await pool.write { db in
            try Self.insertServer(db, name: name, deliveryType: deliveryType, settings: settings, at: date)
        }
    }

    public func updateServer(id: Int64, name: String, settings: ServerSettings) async throws -> ServerRecord {
        try await pool.write { db -> ServerRecord in
            let clash = try Int64.fetchOne(
                db, sql: "SELECT id FROM servers WHERE name_key = ? AND id <> ?",
                arguments: [StorageCoding.key(name), id])
            if clash != nil { throw StoreError.duplicateName(name) }
            try db.execute(
                sql: "UPDATE servers SET name = ?, name_key = ?, settings = ? WHERE id = ?",
                arguments: [name, StorageCoding.key(name), StorageCoding.encodeJSON(settings), id])
            guard db.changesCount > 0, let server = try Self.fetchServer(db, id: id) else {
                throw StoreError.notFound("server \(id)")
            }
            return server
        }
    }

    public func deleteServer(id: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM servers WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StoreError.notFound("server \(id)") }
        }
    }

    public func systemServer(at date: Date) async throws -> ServerRecord {
        let existing = try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM servers WHERE name_key = ''").flatMap { try Self.fetchServer(db, id: $0) }
        }
        if let existing { return existing }
        return try await pool.write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM servers WHERE name_key = ''"),
                let server = try Self.fetchServer(db, id: id)
            {
                return server
            }
            var settings = ServerSettings()
            settings.smtpApiActivated = false
            return try Self.insertServer(db, name: "", deliveryType: .live, settings: settings, at: date)
        }
    }

    public func streams(serverID: Int64) async throws -> [StreamRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM message_streams WHERE server_id = ? ORDER BY created_at, id",
                arguments: [serverID]
            ).map(Self.stream(from:))
        }
    }

    public func stream(serverID: Int64, id: String) async throws -> StreamRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM message_streams WHERE server_id = ? AND id = ?",
                arguments: [serverID, id]
            ).map(Self.stream(from:))
        }
    }

    // MARK: - Rows

    static func insertServer(
        _ db: Database, name: String, deliveryType: DeliveryType, settings: ServerSettings, at date: Date
    ) throws -> ServerRecord {
        if try Int64.fetchOne(db, sql: "SELECT id FROM servers WHERE name_key = ?", arguments: [StorageCoding.key(name)])
            != nil
        {
            throw StoreError.duplicateName(name)
        }
        let micros = StorageCoding.micros(date)
        var settings = settings
        if settings.inboundHash.isEmpty { settings.inboundHash = ServerSettings.newInboundHash() }
        try db.execute(
            sql: """
                INSERT INTO servers (name, name_key, delivery_type, settings, created_at) VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [name, StorageCoding.key(name), deliveryType.rawValue, StorageCoding.encodeJSON(settings), micros])
        let id = db.lastInsertedRowID
        let token = Tokens.generate()
        try db.execute(
            sql: "INSERT INTO api_tokens (token, lookup_key, server_id, created_at) VALUES (?, ?, ?, ?)",
            arguments: [token, Tokens.lookupKey(token), id, micros])
        for stream in StreamRecord.defaults(serverID: id, at: date) {
            try db.execute(
                sql: """
                    INSERT INTO message_streams (server_id, id, name, type, description, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, stream.id, stream.name, stream.type.rawValue, stream.description, micros])
        }
        guard let server = try fetchServer(db, id: id) else { throw StoreError.notFound("server \(id)") }
        return server
    }

    static func fetchServer(_ db: Database, id: Int64) throws -> ServerRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM servers WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let tokens = try String.fetchAll(
            db, sql: "SELECT token FROM api_tokens WHERE server_id = ? ORDER BY created_at, token", arguments: [id])
        return ServerRecord(
            id: row["id"], name: row["name"],
            deliveryType: DeliveryType(rawValue: row["delivery_type"]) ?? .live,
            apiTokens: tokens,
            settings: try StorageCoding.decodeJSON(ServerSettings.self, row["settings"]),
            createdAt: StorageCoding.date(micros: row["created_at"]))
    }

    static func stream(from row: Row) -> StreamRecord {
        StreamRecord(
            id: row["id"], serverID: row["server_id"], name: row["name"],
            type: StreamType(rawValue: row["type"]) ?? .transactional,
            description: row["description"],
            createdAt: StorageCoding.date(micros: row["created_at"]),
            updatedAt: (row["updated_at"] as Int64?).map(StorageCoding.date(micros:)),
            archivedAt: (row["archived_at"] as Int64?).map(StorageCoding.date(micros:)))
    }
}

import Foundation
import PostgresNIO
import Storage

/// Templates on PostgreSQL. Every write first locks its server's row (`FOR UPDATE`), so writes to one server's
/// templates are serialised across nodes: the per-server limit, alias uniqueness, layout references and
/// "a layout in use cannot go" are checked and written in one transaction without races. The partial unique
/// index on active aliases stays as the last guard.
extension PostgresStore {
    public func createTemplate(serverID: Int64, draft: TemplateDraft, limit: Int, at date: Date) async throws
        -> TemplateRecord
    {
        try await writeTemplates(serverID: serverID, [.create(draft)], limit: limit, at: date)[0]
    }

    public func template(serverID: Int64, id: Int64) async throws -> TemplateRecord? {
        var sql = SQLBuilder()
        let condition = "server_id = \(sql.bind(serverID)) AND id = \(sql.bind(id))"
        return try await fetchRows(PostgresQuery(unsafeSQL: Self.templateSelect + " WHERE " + condition, binds: sql.binds))
            .first.map(Self.template(from:))
    }

    public func template(serverID: Int64, alias: String) async throws -> TemplateRecord? {
        let query = Self.activeTemplateQuery(serverID: serverID, alias: alias)
        return try await fetchRows(query).first.map(Self.template(from:))
    }

    public func listTemplates(serverID: Int64, query: TemplateQuery) async throws -> SearchPage<TemplateRecord> {
        var sql = SQLBuilder()
        var conditions = ["t.server_id = \(sql.bind(serverID))", "t.active"]
        if let kind = query.kind { conditions.append("t.template_type = \(sql.bind(kind.rawValue))") }
        if let layoutAlias = query.layoutAlias { conditions.append("t.layout_alias = \(sql.bind(layoutAlias))") }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        let limit = sql.bind(Int64(query.count))
        let offset = sql.bind(Int64(query.offset))
        // One statement, so the total and the page come from one snapshot (as `listServers`).
        let statement = """
            SELECT c.total, p.* FROM (SELECT count(*) AS total FROM templates t\(whereClause)) c
            LEFT JOIN LATERAL (
                \(Self.templateSelect) t\(whereClause) ORDER BY t.id LIMIT \(limit) OFFSET \(offset)
            ) p ON true
            """
        var total = 0
        var items: [TemplateRecord] = []
        for row in try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)) {
            let cells = row.makeRandomAccess()
            total = Int(try cells[0].decode(Int64.self))
            if try cells[1].decode(Int64?.self) == nil { continue }
            items.append(try Self.template(from: cells, offset: 1))
        }
        return SearchPage(totalCount: total, items: items)
    }

    public func updateTemplate(serverID: Int64, id: Int64, draft: TemplateDraft, at date: Date) async throws
        -> TemplateRecord
    {
        try await writeTemplates(serverID: serverID, [.update(id: id, draft)], limit: .max, at: date)[0]
    }

    public func deleteTemplate(serverID: Int64, id: Int64, at date: Date) async throws {
        let micros = StorageCoding.micros(date)
        try await transaction { connection in
            try await Self.lockServer(connection, serverID: serverID, logger: logger)
            guard let current = try await Self.activeTemplate(connection, serverID: serverID, id: id, logger: logger)
            else { throw StoreError.notFound("template \(id)") }
            if current.kind == .layout, let alias = current.alias,
                try await Self.layoutUsage(connection, serverID: serverID, alias: alias, logger: logger) > 0
            {
                throw StoreError(.inUse, "layout \(alias)")
            }
            try await connection.query(
                "UPDATE templates SET active = false, deleted_at = \(micros), updated_at = \(micros) WHERE id = \(id)",
                logger: logger)
        }
    }

    public func writeTemplates(serverID: Int64, _ writes: [TemplateWrite], limit: Int, at date: Date) async throws
        -> [TemplateRecord]
    {
        do {
            return try await transaction { connection -> [TemplateRecord] in
                try await Self.lockServer(connection, serverID: serverID, logger: logger)
                var stored: [TemplateRecord] = []
                for write in writes {
                    switch write {
                    case .create(let draft):
                        stored.append(
                            try await Self.insertTemplate(
                                connection, serverID: serverID, draft: draft, limit: limit, at: date, logger: logger))
                    case .update(let id, let draft):
                        stored.append(
                            try await Self.updateTemplate(
                                connection, serverID: serverID, id: id, draft: draft, at: date, logger: logger))
                    }
                }
                return stored
            }
        } catch where Self.sqlState(of: error) == "23505" {
            throw StoreError.duplicateName("template alias")
        }
    }

    // MARK: - Rows

    static let templateSelect = """
        SELECT id, server_id, name, alias, template_type, subject, html_body, text_body, layout_alias, active,
            created_at, updated_at
        FROM templates
        """

    static func lockServer(_ connection: PostgresConnection, serverID: Int64, logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT id FROM servers WHERE id = \(serverID) FOR UPDATE", logger: logger
        ).collect()
        if rows.isEmpty { throw StoreError.notFound("server \(serverID)") }
    }

    static func insertTemplate(
        _ connection: PostgresConnection, serverID: Int64, draft: TemplateDraft, limit: Int, at date: Date,
        logger: Logger
    ) async throws -> TemplateRecord {
        let counted = try await connection.query(
            "SELECT count(*) FROM templates WHERE server_id = \(serverID) AND active", logger: logger
        ).collect()
        let count = try counted.first?.decode(Int64.self) ?? 0
        if count >= Int64(limit) { throw StoreError(.limitReached, "\(limit) templates") }
        try await checkAlias(connection, serverID: serverID, alias: draft.alias, excluding: nil, logger: logger)
        try await checkLayout(
            connection, serverID: serverID, kind: draft.kind, layoutAlias: draft.layoutAlias, logger: logger)
        let micros = StorageCoding.micros(date)
        let layoutAlias = draft.kind == .layout ? nil : draft.layoutAlias
        let inserted = try await connection.query(
            """
            INSERT INTO templates (server_id, name, alias, template_type, subject, html_body, text_body, layout_alias,
                active, created_at, updated_at)
            VALUES (\(serverID), \(draft.name), \(draft.alias), \(draft.kind.rawValue), \(draft.subject),
                \(draft.htmlBody), \(draft.textBody), \(layoutAlias), true, \(micros), \(micros))
            RETURNING id
            """, logger: logger
        ).collect()
        let id = try inserted[0].decode(Int64.self)
        guard let record = try await activeTemplate(connection, serverID: serverID, id: id, logger: logger) else {
            throw StoreError.notFound("template \(id)")
        }
        return record
    }

    static func updateTemplate(
        _ connection: PostgresConnection, serverID: Int64, id: Int64, draft: TemplateDraft, at date: Date,
        logger: Logger
    ) async throws -> TemplateRecord {
        guard let current = try await activeTemplate(connection, serverID: serverID, id: id, logger: logger) else {
            throw StoreError.notFound("template \(id)")
        }
        try await checkAlias(connection, serverID: serverID, alias: draft.alias, excluding: id, logger: logger)
        if current.kind == .layout, let alias = current.alias, alias != draft.alias,
            try await layoutUsage(connection, serverID: serverID, alias: alias, logger: logger) > 0
        {
            throw StoreError(.inUse, "layout \(alias)")
        }
        try await checkLayout(
            connection, serverID: serverID, kind: current.kind, layoutAlias: draft.layoutAlias, logger: logger)
        let layoutAlias = current.kind == .layout ? nil : draft.layoutAlias
        try await connection.query(
            """
            UPDATE templates SET name = \(draft.name), alias = \(draft.alias), subject = \(draft.subject),
                html_body = \(draft.htmlBody), text_body = \(draft.textBody), layout_alias = \(layoutAlias),
                updated_at = \(StorageCoding.micros(date))
            WHERE id = \(id)
            """, logger: logger)
        guard let record = try await activeTemplate(connection, serverID: serverID, id: id, logger: logger) else {
            throw StoreError.notFound("template \(id)")
        }
        return record
    }

    static func checkAlias(
        _ connection: PostgresConnection, serverID: Int64, alias: String?, excluding id: Int64?, logger: Logger
    ) async throws {
        guard let alias else { return }
        let rows = try await connection.query(activeTemplateQuery(serverID: serverID, alias: alias), logger: logger)
            .collect()
        if let owner = try rows.first.map(template(from:)), owner.id != id {
            throw StoreError.duplicateName("alias \(alias)")
        }
    }

    static func checkLayout(
        _ connection: PostgresConnection, serverID: Int64, kind: TemplateRecord.Kind, layoutAlias: String?,
        logger: Logger
    ) async throws {
        guard kind == .standard, let layoutAlias else { return }
        let rows = try await connection.query(
            activeTemplateQuery(serverID: serverID, alias: layoutAlias), logger: logger
        ).collect()
        guard let layout = try rows.first.map(template(from:)), layout.kind == .layout else {
            throw StoreError(.missingReference, "layout \(layoutAlias)")
        }
    }

    static func layoutUsage(_ connection: PostgresConnection, serverID: Int64, alias: String, logger: Logger)
        async throws -> Int64
    {
        let rows = try await connection.query(
            "SELECT count(*) FROM templates WHERE server_id = \(serverID) AND active AND layout_alias = \(alias)",
            logger: logger
        ).collect()
        return try rows.first?.decode(Int64.self) ?? 0
    }

    static func activeTemplate(_ connection: PostgresConnection, serverID: Int64, id: Int64, logger: Logger)
        async throws -> TemplateRecord?
    {
        var sql = SQLBuilder()
        let condition = "server_id = \(sql.bind(serverID)) AND id = \(sql.bind(id)) AND active"
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: templateSelect + " WHERE " + condition, binds: sql.binds), logger: logger
        ).collect()
        return try rows.first.map(template(from:))
    }

    static func activeTemplateQuery(serverID: Int64, alias: String) -> PostgresQuery {
        var sql = SQLBuilder()
        let condition = "server_id = \(sql.bind(serverID)) AND alias = \(sql.bind(alias)) AND active"
        return PostgresQuery(unsafeSQL: templateSelect + " WHERE " + condition, binds: sql.binds)
    }

    static func template(from row: PostgresRow) throws -> TemplateRecord {
        try template(from: row.makeRandomAccess(), offset: 0)
    }

    /// Decodes the columns of `templateSelect`, starting at column `offset`.
    static func template(from cells: PostgresRandomAccessRow, offset: Int) throws -> TemplateRecord {
        TemplateRecord(
            id: try cells[offset].decode(Int64.self),
            serverID: try cells[offset + 1].decode(Int64.self),
            name: try cells[offset + 2].decode(String.self),
            alias: try cells[offset + 3].decode(String?.self),
            kind: TemplateRecord.Kind(rawValue: try cells[offset + 4].decode(String.self)) ?? .standard,
            subject: try cells[offset + 5].decode(String?.self),
            htmlBody: try cells[offset + 6].decode(String?.self),
            textBody: try cells[offset + 7].decode(String?.self),
            layoutAlias: try cells[offset + 8].decode(String?.self),
            active: try cells[offset + 9].decode(Bool.self),
            createdAt: StorageCoding.date(micros: try cells[offset + 10].decode(Int64.self)),
            updatedAt: StorageCoding.date(micros: try cells[offset + 11].decode(Int64.self)))
    }
}

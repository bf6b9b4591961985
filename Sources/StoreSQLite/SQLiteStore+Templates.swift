import Foundation
import GRDB
import Storage

extension SQLiteStore: TemplateStore {
    public func createTemplate(serverID: Int64, draft: TemplateDraft, limit: Int, at date: Date) async throws
        -> TemplateRecord
    {
        try await writeTemplates(serverID: serverID, [.create(draft)], limit: limit, at: date)[0]
    }

    public func template(serverID: Int64, id: Int64) async throws -> TemplateRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM templates WHERE server_id = ? AND id = ?", arguments: [serverID, id]
            ).map(Self.template(from:))
        }
    }

    public func template(serverID: Int64, alias: String) async throws -> TemplateRecord? {
        try await pool.read { db in try Self.activeTemplate(db, serverID: serverID, alias: alias) }
    }

    public func listTemplates(serverID: Int64, query: TemplateQuery) async throws -> SearchPage<TemplateRecord> {
        try await pool.read { db -> SearchPage<TemplateRecord> in
            var conditions = ["server_id = ?", "active = 1"]
            var arguments: StatementArguments = [serverID]
            if let kind = query.kind {
                conditions.append("template_type = ?")
                arguments += [kind.rawValue]
            }
            if let layoutAlias = query.layoutAlias {
                conditions.append("layout_alias = ?")
                arguments += [layoutAlias]
            }
            let whereClause = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM templates WHERE \(whereClause)", arguments: arguments) ?? 0
            let items = try Row.fetchAll(
                db, sql: "SELECT * FROM templates WHERE \(whereClause) ORDER BY id LIMIT ? OFFSET ?",
                arguments: arguments + [query.count, query.offset]
            ).map(Self.template(from:))
            return SearchPage(totalCount: total, items: items)
        }
    }

    public func updateTemplate(serverID: Int64, id: Int64, draft: TemplateDraft, at date: Date) async throws
        -> TemplateRecord
    {
        try await writeTemplates(serverID: serverID, [.update(id: id, draft)], limit: .max, at: date)[0]
    }

    public func deleteTemplate(serverID: Int64, id: Int64, at date: Date) async throws {
        try await pool.write { db in
            guard let current = try Self.activeTemplate(db, serverID: serverID, id: id) else {
                throw StoreError.notFound("template \(id)")
            }
            if current.kind == .layout, let alias = current.alias,
                try Self.layoutUsage(db, serverID: serverID, alias: alias) > 0
            {
                throw StoreError(.inUse, "layout \(alias)")
            }
            let micros = StorageCoding.micros(date)
            try db.execute(
                sql: "UPDATE templates SET active = 0, deleted_at = ?, updated_at = ? WHERE id = ?",
                arguments: [micros, micros, id])
        }
    }

    public func writeTemplates(serverID: Int64, _ writes: [TemplateWrite], limit: Int, at date: Date) async throws
        -> [TemplateRecord]
    {
        try await pool.write { db -> [TemplateRecord] in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM servers WHERE id = ?", arguments: [serverID]) != nil
            else { throw StoreError.notFound("server \(serverID)") }
            var stored: [TemplateRecord] = []
            for write in writes {
                switch write {
                case .create(let draft):
                    stored.append(try Self.insertTemplate(db, serverID: serverID, draft: draft, limit: limit, at: date))
                case .update(let id, let draft):
                    stored.append(try Self.updateTemplate(db, serverID: serverID, id: id, draft: draft, at: date))
                }
            }
            return stored
        }
    }

    // MARK: - Rows

    static func insertTemplate(_ db: Database, serverID: Int64, draft: TemplateDraft, limit: Int, at date: Date)
        throws -> TemplateRecord
    {
        let count = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM templates WHERE server_id = ? AND active = 1", arguments: [serverID]) ?? 0
        if count >= limit { throw StoreError(.limitReached, "\(limit) templates") }
        try checkAlias(db, serverID: serverID, alias: draft.alias, excluding: nil)
        try checkLayout(db, serverID: serverID, kind: draft.kind, layoutAlias: draft.layoutAlias)
        let micros = StorageCoding.micros(date)
        try db.execute(
            sql: """
                INSERT INTO templates (server_id, name, alias, template_type, subject, html_body, text_body,
                    layout_alias, active, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """,
            arguments: [
                serverID, draft.name, draft.alias, draft.kind.rawValue, draft.subject, draft.htmlBody, draft.textBody,
                draft.kind == .layout ? nil : draft.layoutAlias, micros, micros,
            ])
        let id = db.lastInsertedRowID
        guard let record = try activeTemplate(db, serverID: serverID, id: id) else {
            throw StoreError.notFound("template \(id)")
        }
        return record
    }

    static func updateTemplate(_ db: Database, serverID: Int64, id: Int64, draft: TemplateDraft, at date: Date)
        throws -> TemplateRecord
    {
        guard let current = try activeTemplate(db, serverID: serverID, id: id) else {
            throw StoreError.notFound("template \(id)")
        }
        try checkAlias(db, serverID: serverID, alias: draft.alias, excluding: id)
        if current.kind == .layout, let alias = current.alias, alias != draft.alias,
            try layoutUsage(db, serverID: serverID, alias: alias) > 0
        {
            throw StoreError(.inUse, "layout \(alias)")
        }
        try checkLayout(db, serverID: serverID, kind: current.kind, layoutAlias: draft.layoutAlias)
        try db.execute(
            sql: """
                UPDATE templates SET name = ?, alias = ?, subject = ?, html_body = ?, text_body = ?, layout_alias = ?,
                    updated_at = ?
                WHERE id = ?
                """,
            arguments: [
                draft.name, draft.alias, draft.subject, draft.htmlBody, draft.textBody,
                current.kind == .layout ? nil : draft.layoutAlias, StorageCoding.micros(date), id,
            ])
        guard let record = try activeTemplate(db, serverID: serverID, id: id) else {
            throw StoreError.notFound("template \(id)")
        }
        return record
    }

    static func checkAlias(_ db: Database, serverID: Int64, alias: String?, excluding id: Int64?) throws {
        guard let alias else { return }
        if let owner = try activeTemplate(db, serverID: serverID, alias: alias), owner.id != id {
            throw StoreError.duplicateName("alias \(alias)")
        }
    }

    static func checkLayout(_ db: Database, serverID: Int64, kind: TemplateRecord.Kind, layoutAlias: String?) throws {
        guard kind == .standard, let layoutAlias else { return }
        guard let layout = try activeTemplate(db, serverID: serverID, alias: layoutAlias), layout.kind == .layout else {
            throw StoreError(.missingReference, "layout \(layoutAlias)")
        }
    }

    static func layoutUsage(_ db: Database, serverID: Int64, alias: String) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT count(*) FROM templates WHERE server_id = ? AND active = 1 AND layout_alias = ?",
            arguments: [serverID, alias]) ?? 0
    }

    static func activeTemplate(_ db: Database, serverID: Int64, id: Int64) throws -> TemplateRecord? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM templates WHERE server_id = ? AND id = ? AND active = 1", arguments: [serverID, id]
        ).map(template(from:))
    }

    static func activeTemplate(_ db: Database, serverID: Int64, alias: String) throws -> TemplateRecord? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM templates WHERE server_id = ? AND alias = ? AND active = 1",
            arguments: [serverID, alias]
        ).map(template(from:))
    }

    static func template(from row: Row) -> TemplateRecord {
        TemplateRecord(
            id: row["id"], serverID: row["server_id"], name: row["name"], alias: row["alias"],
            kind: TemplateRecord.Kind(rawValue: row["template_type"]) ?? .standard,
            subject: row["subject"], htmlBody: row["html_body"], textBody: row["text_body"],
            layoutAlias: row["layout_alias"], active: (row["active"] as Int64) != 0,
            createdAt: StorageCoding.date(micros: row["created_at"]),
            updatedAt: StorageCoding.date(micros: row["updated_at"]))
    }
}

import Foundation
import GRDB
import Storage
import Synchronization

extension SQLiteStore: BounceStore {
    public func recordBounce(_ bounce: NewBounce) async throws -> (id: Int64, matched: Bool) {
        let result = BounceInsertResult()
        try await committer.write { db in
            let (id, matched) = try Self.insertBounce(bounce, db: db, addEvent: true)
            result.set(id: id, matched: matched)
        }
        return result.value
    }

    /// Inserts the bounce row; when it matches a message, also the recipient's event (unless the
    /// caller records its own, as the delivery role does) and the suppression.
    static func insertBounce(_ bounce: NewBounce, db: Database, addEvent: Bool) throws -> (Int64, Bool) {
        let message = try bounce.messageID.flatMap {
            try Row.fetchOne(
                db, sql: "SELECT pk, server_id, stream, from_display, subject, tag FROM messages WHERE message_id = ?",
                arguments: [$0.lowercased()])
        }
        let at = StorageCoding.micros(bounce.bouncedAt)
        try db.execute(
            sql: """
                INSERT INTO bounces (server_id, message_pk, message_id, stream, type, type_code, email, email_key,
                    from_display, subject, tag, description, details, bounced_at, content, inactive, can_activate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                message?["server_id"] as Int64?, message?["pk"] as Int64?, bounce.messageID?.lowercased(),
                message?["stream"] as String?, bounce.type, bounce.typeCode, bounce.email, StorageCoding.key(bounce.email),
                (message?["from_display"] as String?) ?? "", (message?["subject"] as String?) ?? "",
                message?["tag"] as String?, bounce.description, bounce.details, at, bounce.content.map { Data($0) },
                message != nil && bounce.suppression != nil, bounce.suppression != .spamComplaint,
            ])
        let id = db.lastInsertedRowID
        guard let message else { return (id, false) }
        let messagePK: Int64 = message["pk"]
        if addEvent {
            let details = StorageCoding.encodeJSON([
                "BounceID": String(id), "BounceType": bounce.type, "TypeCode": String(bounce.typeCode),
                "Summary": bounce.details,
            ])
            try db.execute(
                sql: "INSERT INTO message_events (message_pk, recipient, type, received_at, details_json) VALUES (?, ?, ?, ?, ?)",
                arguments: [messagePK, bounce.email, bounce.type == "SpamComplaint" ? "SpamComplaint" : "Bounced", at, details])
        }
        if let reason = bounce.suppression {
            try db.execute(
                sql: """
                    INSERT INTO suppressions (server_id, stream, email_key, email, reason, origin, created_at)
                    VALUES (?, ?, ?, ?, ?, 'Recipient', ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [message["server_id"] as Int64, message["stream"] as String, StorageCoding.key(bounce.email),
                            bounce.email, reason.rawValue, at])
        }
        return (id, true)
    }

    static let bounceColumns = """
        id, server_id, message_id, stream, type, type_code, email, from_display, subject, tag, description, details,
        bounced_at, content IS NOT NULL AND length(content) > 0 AS dump_available, inactive, can_activate
        """

    static func bounceRecord(_ row: Row) -> BounceRecord {
        BounceRecord(
            id: row["id"], serverID: row["server_id"] ?? 0, messageID: row["message_id"] ?? "", stream: row["stream"] ?? "",
            type: row["type"], typeCode: row["type_code"], email: row["email"], from: row["from_display"],
            subject: row["subject"], tag: row["tag"], description: row["description"], details: row["details"],
            bouncedAt: StorageCoding.date(micros: row["bounced_at"]), dumpAvailable: row["dump_available"],
            inactive: row["inactive"], canActivate: row["can_activate"])
    }

    public func bounces(serverID: Int64, query: BounceQuery) async throws -> SearchPage<BounceRecord> {
        var conditions = ["server_id = ?", "stream = ?"]
        var bound: StatementArguments = [serverID, query.stream]
        if let type = query.type {
            conditions.append("type = ?")
            bound += [type]
        }
        if let inactive = query.inactive {
            conditions.append("inactive = ?")
            bound += [inactive]
        }
        if let filter = query.emailFilter {
            conditions.append("instr(email_key, ?) > 0")
            bound += [StorageCoding.key(filter)]
        }
        if let tag = query.tag {
            conditions.append("tag = ?")
            bound += [tag]
        }
        if let messageID = query.messageID {
            conditions.append("message_id = ?")
            bound += [messageID.lowercased()]
        }
        if let from = query.fromDate {
            conditions.append("bounced_at >= ?")
            bound += [StorageCoding.micros(from)]
        }
        if let to = query.toDate {
            conditions.append("bounced_at <= ?")
            bound += [StorageCoding.micros(to)]
        }
        let whereClause = conditions.joined(separator: " AND ")
        let arguments = bound
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM bounces WHERE \(whereClause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(Self.bounceColumns) FROM bounces WHERE \(whereClause) ORDER BY bounced_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: arguments + [query.count, query.offset])
            return SearchPage(totalCount: total, items: rows.map(Self.bounceRecord))
        }
    }

    public func bounce(serverID: Int64, id: Int64) async throws -> BounceRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.bounceColumns) FROM bounces WHERE server_id = ? AND id = ?", arguments: [serverID, id]
            ).map(Self.bounceRecord)
        }
    }

    public func unmatchedBounces(count: Int, offset: Int) async throws -> SearchPage<BounceRecord> {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM bounces WHERE server_id IS NULL") ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.bounceColumns) FROM bounces WHERE server_id IS NULL
                    ORDER BY bounced_at DESC, id DESC LIMIT ? OFFSET ?
                    """,
                arguments: [count, offset])
            return SearchPage(totalCount: total, items: rows.map(Self.bounceRecord))
        }
    }

    public func unmatchedBounceDump(id: Int64) async throws -> [UInt8]? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT content FROM bounces WHERE server_id IS NULL AND id = ?", arguments: [id])
            else { return nil }
            return (row["content"] as Data?).map { [UInt8]($0) } ?? []
        }
    }

    public func bounceDump(serverID: Int64, id: Int64) async throws -> [UInt8]? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT content FROM bounces WHERE server_id = ? AND id = ?", arguments: [serverID, id])
            else { return nil }
            return (row["content"] as Data?).map { [UInt8]($0) } ?? []
        }
    }

    public func activateBounce(serverID: Int64, id: Int64) async throws -> BounceRecord? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT stream, email_key, can_activate FROM bounces WHERE server_id = ? AND id = ?",
                arguments: [serverID, id])
            else { return nil }
            if row["can_activate"] as Bool {
                try db.execute(
                    sql: "DELETE FROM suppressions WHERE server_id = ? AND stream = ? AND email_key = ? AND reason <> 'SpamComplaint'",
                    arguments: [serverID, row["stream"] as String?, row["email_key"] as String])
                try db.execute(
                    sql: "UPDATE bounces SET inactive = 0 WHERE server_id = ? AND stream = ? AND email_key = ?",
                    arguments: [serverID, row["stream"] as String?, row["email_key"] as String])
            }
            return try Row.fetchOne(
                db, sql: "SELECT \(Self.bounceColumns) FROM bounces WHERE server_id = ? AND id = ?", arguments: [serverID, id]
            ).map(Self.bounceRecord)
        }
    }

    public func deliveryStats(serverID: Int64) async throws -> (inactive: Int, counts: [(type: String, count: Int)]) {
        try await pool.read { db in
            let inactive = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM suppressions WHERE server_id = ?", arguments: [serverID]) ?? 0
            let counts = try Row.fetchAll(
                db, sql: "SELECT type, count(*) AS n FROM bounces WHERE server_id = ? GROUP BY type ORDER BY type",
                arguments: [serverID]
            ).map { (type: $0["type"] as String, count: $0["n"] as Int) }
            return (inactive, counts)
        }
    }

    public func bounceTags(serverID: Int64) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT tag FROM bounces WHERE server_id = ? AND tag IS NOT NULL ORDER BY tag",
                arguments: [serverID])
        }
    }
}

/// Carries the new bounce's ID out of the write closure.
final class BounceInsertResult: Sendable {
    private let storage = Mutex<(Int64, Bool)>((0, false))
    func set(id: Int64, matched: Bool) { storage.withLock { $0 = (id, matched) } }
    var value: (id: Int64, matched: Bool) { storage.withLock { (id: $0.0, matched: $0.1) } }
}

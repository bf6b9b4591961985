import Foundation
import NIOCore
import PostgresNIO
import Storage

extension PostgresStore {
    public func recordBounce(_ bounce: NewBounce) async throws -> (id: Int64, matched: Bool) {
        try await transaction { connection in
            try await Self.insertBounce(bounce, connection: connection, addEvent: true, logger: self.logger)
        }
    }

    /// The PostgreSQL twin of `SQLiteStore.insertBounce`: the bounce row, and for a matched message
    /// the recipient's event (unless the caller records its own) and the suppression.
    static func insertBounce(
        _ bounce: NewBounce, connection: PostgresConnection, addEvent: Bool, logger: Logger
    ) async throws -> (id: Int64, matched: Bool) {
        let messageID = bounce.messageID?.lowercased()
        let at = StorageCoding.micros(bounce.bouncedAt)
        let key = StorageCoding.key(bounce.email)
        let content = bounce.content.map { ByteBuffer(bytes: $0) }
        let canActivate = bounce.suppression != .spamComplaint
        let wantsSuppression = bounce.suppression != nil
        let rows = try await connection.query(
            """
            WITH m AS (SELECT pk, server_id, stream, from_display, subject, tag FROM messages WHERE message_id = \(messageID))
            INSERT INTO bounces (server_id, message_pk, message_id, stream, type, type_code, email, email_key,
                from_display, subject, tag, description, details, bounced_at, content, inactive, can_activate)
            SELECT m.server_id, m.pk, \(messageID), m.stream, \(bounce.type), \(bounce.typeCode), \(bounce.email), \(key),
                COALESCE(m.from_display, ''), COALESCE(m.subject, ''), m.tag, \(bounce.description), \(bounce.details),
                \(at), \(content), (m.pk IS NOT NULL AND \(wantsSuppression)), \(canActivate)
            FROM (SELECT 1) AS one LEFT JOIN m ON true
            RETURNING id, message_pk, server_id, stream
            """, logger: logger
        ).collect()
        guard let row = rows.first else { throw StoreError(.notFound, "bounce") }
        let (id, messagePK, serverID, stream) = try row.decode((Int64, Int64?, Int64?, String?).self)
        guard let messagePK, let serverID, let stream else { return (id, false) }
        if addEvent {
            let details = StorageCoding.encodeJSON([
                "BounceID": String(id), "BounceType": bounce.type, "TypeCode": String(bounce.typeCode),
                "Summary": bounce.details,
            ])
            let eventType = bounce.type == "SpamComplaint" ? "SpamComplaint" : "Bounced"
            _ = try await connection.query(
                """
                INSERT INTO message_events (message_pk, recipient, type, received_at, details_json)
                VALUES (\(messagePK), \(bounce.email), \(eventType), \(at), \(details))
                """, logger: logger
            ).collect()
        }
        if let reason = bounce.suppression?.rawValue {
            _ = try await connection.query(
                """
                INSERT INTO suppressions (server_id, stream, email_key, email, reason, origin, created_at)
                VALUES (\(serverID), \(stream), \(key), \(bounce.email), \(reason), 'Recipient', \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger
            ).collect()
        }
        return (id, true)
    }

    static let bounceColumns = """
        id, server_id, message_id, stream, type, type_code, email, from_display, subject, tag, description, details,
        bounced_at, (content IS NOT NULL AND length(content) > 0) AS dump_available, inactive, can_activate
        """

    static func bounceRecord(_ row: PostgresRow) throws -> BounceRecord {
        let cells = row.makeRandomAccess()
        return BounceRecord(
            id: try cells[0].decode(Int64.self), serverID: try cells[1].decode(Int64?.self) ?? 0,
            messageID: try cells[2].decode(String?.self) ?? "", stream: try cells[3].decode(String?.self) ?? "",
            type: try cells[4].decode(String.self), typeCode: Int(try cells[5].decode(Int32.self)),
            email: try cells[6].decode(String.self), from: try cells[7].decode(String.self),
            subject: try cells[8].decode(String.self), tag: try cells[9].decode(String?.self),
            description: try cells[10].decode(String.self), details: try cells[11].decode(String.self),
            bouncedAt: StorageCoding.date(micros: try cells[12].decode(Int64.self)),
            dumpAvailable: try cells[13].decode(Bool.self), inactive: try cells[14].decode(Bool.self),
            canActivate: try cells[15].decode(Bool.self))
    }

    public func bounces(serverID: Int64, query: BounceQuery) async throws -> SearchPage<BounceRecord> {
        var sql = SQLBuilder()
        var conditions = ["server_id = \(sql.bind(serverID))", "stream = \(sql.bind(query.stream))"]
        if let type = query.type { conditions.append("type = \(sql.bind(type))") }
        if let inactive = query.inactive { conditions.append("inactive = \(sql.bind(inactive))") }
        if let filter = query.emailFilter { conditions.append("strpos(email_key, \(sql.bind(StorageCoding.key(filter)))) > 0") }
        if let tag = query.tag { conditions.append("tag = \(sql.bind(tag))") }
        if let messageID = query.messageID { conditions.append("message_id = \(sql.bind(messageID.lowercased()))") }
        if let from = query.fromDate { conditions.append("bounced_at >= \(sql.bind(StorageCoding.micros(from)))") }
        if let to = query.toDate { conditions.append("bounced_at <= \(sql.bind(StorageCoding.micros(to)))") }
        let whereClause = conditions.joined(separator: " AND ")
        let limit = sql.bind(Int64(query.count))
        let offset = sql.bind(Int64(query.offset))
        let statement = """
            SELECT c.total, p.* FROM (SELECT count(*) AS total FROM bounces WHERE \(whereClause)) c
            LEFT JOIN LATERAL (
                SELECT \(Self.bounceColumns) FROM bounces WHERE \(whereClause)
                ORDER BY bounced_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
            ) p ON true
            """
        var total = 0
        var items: [BounceRecord] = []
        for row in try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)) {
            let cells = row.makeRandomAccess()
            total = Int(try cells[0].decode(Int64.self))
            if try cells[1].decode(Int64?.self) == nil { continue }
            items.append(
                BounceRecord(
                    id: try cells[1].decode(Int64.self), serverID: try cells[2].decode(Int64.self),
                    messageID: try cells[3].decode(String?.self) ?? "", stream: try cells[4].decode(String?.self) ?? "",
                    type: try cells[5].decode(String.self), typeCode: Int(try cells[6].decode(Int32.self)),
                    email: try cells[7].decode(String.self), from: try cells[8].decode(String.self),
                    subject: try cells[9].decode(String.self), tag: try cells[10].decode(String?.self),
                    description: try cells[11].decode(String.self), details: try cells[12].decode(String.self),
                    bouncedAt: StorageCoding.date(micros: try cells[13].decode(Int64.self)),
                    dumpAvailable: try cells[14].decode(Bool.self), inactive: try cells[15].decode(Bool.self),
                    canActivate: try cells[16].decode(Bool.self)))
        }
        return SearchPage(totalCount: total, items: items)
    }

    public func bounce(serverID: Int64, id: Int64) async throws -> BounceRecord? {
        try await fetchRows("SELECT \(unescaped: Self.bounceColumns) FROM bounces WHERE server_id = \(serverID) AND id = \(id)")
            .first.map(Self.bounceRecord)
    }

    public func unmatchedBounces(count: Int, offset: Int) async throws -> SearchPage<BounceRecord> {
        try await transaction { connection in
            let total = try await connection.query(
                "SELECT count(*) FROM bounces WHERE server_id IS NULL", logger: self.logger
            ).collect().first?.decode(Int64.self) ?? 0
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.bounceColumns) FROM bounces WHERE server_id IS NULL
                ORDER BY bounced_at DESC, id DESC LIMIT \(Int64(count)) OFFSET \(Int64(offset))
                """, logger: self.logger
            ).collect()
            return SearchPage(totalCount: Int(total), items: try rows.map(Self.bounceRecord))
        }
    }

    public func unmatchedBounceDump(id: Int64) async throws -> [UInt8]? {
        guard let row = try await fetchRows("SELECT content FROM bounces WHERE server_id IS NULL AND id = \(id)").first
        else { return nil }
        guard let buffer = try row.decode(ByteBuffer?.self) else { return [] }
        return Array(buffer.readableBytesView)
    }

    public func bounceDump(serverID: Int64, id: Int64) async throws -> [UInt8]? {
        guard let row = try await fetchRows("SELECT content FROM bounces WHERE server_id = \(serverID) AND id = \(id)").first
        else { return nil }
        guard let buffer = try row.decode(ByteBuffer?.self) else { return [] }
        return Array(buffer.readableBytesView)
    }

    public func activateBounce(serverID: Int64, id: Int64) async throws -> BounceRecord? {
        try await transaction { connection -> BounceRecord? in
            let found = try await connection.query(
                "SELECT stream, email_key, can_activate FROM bounces WHERE server_id = \(serverID) AND id = \(id) FOR UPDATE",
                logger: self.logger
            ).collect()
            guard let row = found.first else { return nil }
            let (stream, key, canActivate) = try row.decode((String?, String, Bool).self)
            if canActivate {
                _ = try await connection.query(
                    """
                    DELETE FROM suppressions WHERE server_id = \(serverID) AND stream = \(stream) AND email_key = \(key)
                        AND reason <> 'SpamComplaint'
                    """, logger: self.logger
                ).collect()
                _ = try await connection.query(
                    "UPDATE bounces SET inactive = false WHERE server_id = \(serverID) AND stream = \(stream) AND email_key = \(key)",
                    logger: self.logger
                ).collect()
            }
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.bounceColumns) FROM bounces WHERE server_id = \(serverID) AND id = \(id)",
                logger: self.logger
            ).collect()
            return try rows.first.map(Self.bounceRecord)
        }
    }

    public func deliveryStats(serverID: Int64) async throws -> (inactive: Int, counts: [(type: String, count: Int)]) {
        let inactive = try await fetchRows("SELECT count(*) FROM suppressions WHERE server_id = \(serverID)")
            .first?.decode(Int64.self) ?? 0
        let counts = try await fetchRows(
            "SELECT type, count(*) FROM bounces WHERE server_id = \(serverID) GROUP BY type ORDER BY type"
        ).map { row -> (type: String, count: Int) in
            let (type, count) = try row.decode((String, Int64).self)
            return (type, Int(count))
        }
        return (Int(inactive), counts)
    }

    public func bounceTags(serverID: Int64) async throws -> [String] {
        try await fetchRows(
            "SELECT DISTINCT tag FROM bounces WHERE server_id = \(serverID) AND tag IS NOT NULL ORDER BY tag"
        ).map { try $0.decode(String.self) }
    }
}

import Foundation
import GRDB
import Storage

extension SQLiteStore: MessageStore {
    public func accept(_ messages: [NewMessage]) async throws {
        if messages.isEmpty { return }
        // Everything that does not need the database is done here, in parallel on the caller's
        // thread, so the single writer only executes statements.
        let rows = messages.map(MessageRows.init)
        try await committer.write { db in
            for row in rows { try Self.insert(row, into: db) }
        }
    }

    /// The bound values of one message's rows, encoded before the write transaction.
    struct MessageRows: Sendable {
        var messageID: String
        var values: [DatabaseValue]
        var raw: Data
        var serverID: Int64
        var received: Int64
        var recipients: [(address: String, key: String)]
        var metadata: [(key: String, value: String)]
        /// `queued`, or `failed` for a message refused before delivery.
        var deliveryStatus: String
        /// The event each recipient of a refused message gets: type and JSON details.
        var rejection: (type: String, details: String)?
        /// The Bounces API row of a refused message, and what it shows of the message.
        var rejectionBounce: BounceClassification?
        var stream: String
        var fromDisplay: String
        var subject: String
        var tag: String?

        init(_ message: NewMessage) {
            deliveryStatus = message.rejection == nil ? "queued" : "failed"
            rejectionBounce = message.rejection?.bounce
            stream = message.stream
            fromDisplay = message.fromDisplay
            subject = message.subject
            tag = message.tag
            rejection = message.rejection.map { ($0.eventType, StorageCoding.encodeJSON($0.details)) }
            let status = message.rejection == nil ? MessageStatus.queued : MessageStatus.sent
            messageID = message.messageID
            serverID = message.serverID
            received = StorageCoding.micros(message.receivedAt)
            values = [
                message.messageID.databaseValue, message.serverID.databaseValue, message.stream.databaseValue,
                StorageCoding.key(message.fromEmail).databaseValue, message.fromDisplay.databaseValue,
                message.subject.databaseValue, message.tag.databaseValue,
                StorageCoding.encodeJSON(message.to).databaseValue, StorageCoding.encodeJSON(message.cc).databaseValue,
                StorageCoding.encodeJSON(message.bcc).databaseValue,
                StorageCoding.encodeJSON(message.metadata).databaseValue,
                StorageCoding.encodeJSON(message.attachmentNames).databaseValue, message.trackOpens.databaseValue,
                message.trackLinks.databaseValue, message.sandboxed.databaseValue,
                status.rawValue.databaseValue, received.databaseValue, message.textBody.databaseValue,
                message.htmlBody.databaseValue,
            ]
            raw = Data(message.raw)
            recipients = message.envelopeRecipients.map { ($0, StorageCoding.key($0)) }
            metadata = message.metadata.map { (StorageCoding.key($0.key), $0.value) }
        }
    }

    static func insert(_ rows: MessageRows, into db: Database) throws {
        let insertMessage = try db.cachedStatement(
            sql: """
                INSERT INTO messages (message_id, server_id, stream, from_email, from_display, subject, tag,
                    to_json, cc_json, bcc_json, metadata_json, attachments_json, track_opens, track_links,
                    sandboxed, status, received_at, text_body, html_body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        do {
            try insertMessage.execute(arguments: StatementArguments(rows.values))
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw StoreError(.duplicateMessageID, rows.messageID)
        }
        let pk = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO message_raw (message_pk, raw) VALUES (?, ?)")
            .execute(arguments: [pk, rows.raw])
        let insertRecipient = try db.cachedStatement(
            sql: "INSERT INTO message_recipients (message_pk, server_id, email) VALUES (?, ?, ?)")
        let insertDelivery = try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (message_pk, recipient, status, due_at, attempts, updated_at)
                VALUES (?, ?, ?, ?, 0, ?)
                """)
        for recipient in rows.recipients {
            try insertRecipient.execute(arguments: [pk, rows.serverID, recipient.key])
            try insertDelivery.execute(arguments: [pk, recipient.address, rows.deliveryStatus, rows.received, rows.received])
        }
        if let rejection = rows.rejection {
            let insertEvent = try db.cachedStatement(
                sql: """
                    INSERT INTO message_events (message_pk, recipient, type, received_at, details_json)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            for recipient in rows.recipients {
                try insertEvent.execute(arguments: [pk, recipient.address, rejection.type, rows.received, rejection.details])
            }
        }
        if let bounce = rows.rejectionBounce {
            let insertBounce = try db.cachedStatement(
                sql: """
                    INSERT INTO bounces (server_id, message_pk, message_id, stream, type, type_code, email, email_key,
                        from_display, subject, tag, description, details, bounced_at, content, inactive, can_activate)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)
                    """)
            for recipient in rows.recipients {
                try insertBounce.execute(arguments: [
                    rows.serverID, pk, rows.messageID, rows.stream, bounce.type, bounce.typeCode, recipient.address,
                    recipient.key, rows.fromDisplay, rows.subject, rows.tag, bounce.description, bounce.details,
                    rows.received, rows.raw,
                ])
            }
        }
        let insertMetadata = try db.cachedStatement(
            sql: "INSERT INTO message_metadata (message_pk, server_id, key, value) VALUES (?, ?, ?, ?)")
        for entry in rows.metadata {
            try insertMetadata.execute(arguments: [pk, rows.serverID, entry.key, entry.value])
        }
    }

    public func searchOutbound(serverID: Int64, query: OutboundQuery) async throws -> SearchPage<MessageSummary> {
        let filter = Self.searchFilter(serverID: serverID, query: query)
        return try await pool.read { db -> SearchPage<MessageSummary> in
            let total = try Int.fetchOne(db, sql: filter.countSQL, arguments: filter.arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: filter.pageSQL, arguments: filter.arguments + [query.count, query.offset])
            return SearchPage(totalCount: total, items: try rows.map(Self.summary(from:)))
        }
    }

    /// The SQL of one search: every filter is answered by an index or the FTS5 table, never by
    /// scanning `messages` (checked by `SQLiteQueryPlanTests`).
    struct SearchFilter {
        var whereClause: String
        var arguments: StatementArguments
        var countSQL: String { "SELECT count(*) FROM messages m WHERE \(whereClause)" }
        var pageSQL: String {
            "SELECT \(summaryColumns) FROM messages m WHERE \(whereClause) ORDER BY m.received_at DESC, m.pk DESC LIMIT ? OFFSET ?"
        }
    }

    static func searchFilter(serverID: Int64, query: OutboundQuery) -> SearchFilter {
        var conditions = ["m.server_id = ?", "m.stream = ?"]
        var arguments: StatementArguments = [serverID, query.stream]
        if let recipient = query.recipient {
            conditions.append("m.pk IN (SELECT message_pk FROM message_recipients WHERE server_id = ? AND email = ?)")
            arguments += [serverID, StorageCoding.key(recipient)]
        }
        if let fromEmail = query.fromEmail {
            conditions.append("m.from_email = ?")
            arguments += [StorageCoding.key(fromEmail)]
        }
        if let tag = query.tag {
            conditions.append("m.tag = ?")
            arguments += [tag]
        }
        if let statuses = query.statuses, !statuses.isEmpty {
            conditions.append("m.status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            for status in statuses { arguments += [status.rawValue] }
        }
        if let subject = query.subject {
            let words = StorageCoding.searchWords(subject)
            if !words.isEmpty {
                // FTS5 prefix query on each word; all words must match (implicit AND). Words hold only
                // letters and digits, and each is quoted, so no FTS5 syntax reaches the engine.
                let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
                conditions.append("m.pk IN (SELECT rowid FROM message_subjects WHERE message_subjects MATCH ?)")
                arguments += [match]
            }
        }
        if let fromDate = query.fromDate {
            conditions.append("m.received_at >= ?")
            arguments += [StorageCoding.micros(fromDate)]
        }
        if let toDate = query.toDate {
            conditions.append("m.received_at < ?")
            arguments += [StorageCoding.micros(toDate)]
        }
        if let metadata = query.metadata {
            conditions.append(
                "m.pk IN (SELECT message_pk FROM message_metadata WHERE server_id = ? AND key = ? AND value = ?)")
            arguments += [serverID, StorageCoding.key(metadata.key), metadata.value]
        }
        return SearchFilter(whereClause: conditions.joined(separator: " AND "), arguments: arguments)
    }

    public func outboundDetails(serverID: Int64, messageID: String) async throws -> MessageDetails? {
        try await pool.read { db -> MessageDetails? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM messages WHERE message_id = ? AND server_id = ?",
                    arguments: [messageID, serverID])
            else { return nil }
            let pk: Int64 = row["pk"]
            let raw = try Data.fetchOne(db, sql: "SELECT raw FROM message_raw WHERE message_pk = ?", arguments: [pk])
            let events = try Row.fetchAll(
                db, sql: "SELECT * FROM message_events WHERE message_pk = ? ORDER BY received_at, id", arguments: [pk]
            ).map { event in
                MessageEvent(
                    recipient: event["recipient"], type: event["type"],
                    receivedAt: StorageCoding.date(micros: event["received_at"]),
                    details: try StorageCoding.decodeJSON([String: String].self, event["details_json"]))
            }
            return MessageDetails(
                summary: try Self.summary(from: row), textBody: row["text_body"], htmlBody: row["html_body"],
                raw: raw.map { [UInt8]($0) } ?? [], events: events)
        }
    }

    public func outboundDump(serverID: Int64, messageID: String) async throws -> [UInt8]? {
        try await pool.read { db -> [UInt8]? in
            let data = try Data.fetchOne(
                db,
                sql: """
                    SELECT r.raw FROM messages m JOIN message_raw r ON r.message_pk = m.pk
                    WHERE m.message_id = ? AND m.server_id = ?
                    """,
                arguments: [messageID, serverID])
            return data.map { [UInt8]($0) }
        }
    }

    public func deliveries(messageID: String) async throws -> [DeliveryRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.* FROM deliveries d JOIN messages m ON m.pk = d.message_pk
                    WHERE m.message_id = ? ORDER BY d.id
                    """,
                arguments: [messageID]
            ).map { row in
                DeliveryRecord(
                    messageID: messageID, recipient: row["recipient"], status: row["status"],
                    dueAt: StorageCoding.date(micros: row["due_at"]), attempts: row["attempts"])
            }
        }
    }

    /// The columns `summary(from:)` reads: a search page never loads bodies.
    static let summaryColumns = """
        m.message_id, m.stream, m.tag, m.to_json, m.cc_json, m.bcc_json, m.from_display, m.subject, \
        m.attachments_json, m.status, m.track_opens, m.track_links, m.metadata_json, m.sandboxed, m.received_at
        """

    static func summary(from row: Row) throws -> MessageSummary {
        MessageSummary(
            messageID: row["message_id"], stream: row["stream"], tag: row["tag"],
            to: try StorageCoding.decodeJSON([RecipientEntry].self, row["to_json"]),
            cc: try StorageCoding.decodeJSON([RecipientEntry].self, row["cc_json"]),
            bcc: try StorageCoding.decodeJSON([RecipientEntry].self, row["bcc_json"]),
            fromDisplay: row["from_display"], subject: row["subject"],
            attachmentNames: try StorageCoding.decodeJSON([String].self, row["attachments_json"]),
            status: MessageStatus(rawValue: row["status"]) ?? .queued,
            trackOpens: row["track_opens"], trackLinks: row["track_links"],
            metadata: try StorageCoding.decodeJSON([MetadataEntry].self, row["metadata_json"]),
            sandboxed: row["sandboxed"],
            receivedAt: StorageCoding.date(micros: row["received_at"]))
    }
}

import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    /// Concurrent calls are coalesced (`CommitCoalescer`): their messages go into one transaction
    /// and one statement, so many small sends share a commit as they do on SQLite.
    public func accept(_ messages: [NewMessage]) async throws {
        if messages.isEmpty { return }
        try Self.checkUnique(messages)
        try await coalescer.submit(messages)
    }

    /// A MessageID twice in one commit is refused up front (the statement joins child rows by
    /// MessageID).
    static func checkUnique(_ messages: [NewMessage]) throws {
        var unique = Set<String>()
        for message in messages where !unique.insert(message.messageID).inserted {
            throw StoreError(.duplicateMessageID, message.messageID)
        }
    }

    /// Commits the messages in one transaction and one statement: each table gets one multi-row
    /// insert fed by `unnest` over array parameters, so a commit costs the same few round trips
    /// whether it carries one message or five hundred.
    static func commit(_ messages: [NewMessage], client: PostgresClient, logger: Logger) async throws {
        try checkUnique(messages)
        let batch = AcceptBatch(messages)
        do {
            _ = try await client.withTransaction(logger: logger) { connection -> Int in
                var stored = Set<String>()
                for try await id in try await connection.query(batch.query, logger: logger).decode(String.self) {
                    stored.insert(id)
                }
                // A MessageID that already exists was skipped by ON CONFLICT DO NOTHING (after
                // waiting for any concurrent transaction inserting it); throwing rolls back the
                // whole commit.
                if stored.count != messages.count {
                    let clash = messages.first { !stored.contains($0.messageID) }
                    throw StoreError(.duplicateMessageID, clash?.messageID ?? "")
                }
                return stored.count
            }
        } catch {
            throw unwrap(error)
        }
    }

    public func searchOutbound(serverID: Int64, query: OutboundQuery) async throws -> SearchPage<MessageSummary> {
        var total = 0
        var items: [MessageSummary] = []
        for row in try await fetchRows(Self.searchStatement(serverID: serverID, query: query)) {
            let cells = row.makeRandomAccess()
            total = Int(try cells[0].decode(Int64.self))
            if try cells[1].decode(String?.self) == nil { continue }
            items.append(try Self.summary(from: cells, offset: 1))
        }
        return SearchPage(totalCount: total, items: items)
    }

    /// The one statement of a search: its first column is the total, the others a page of summaries.
    /// Every filter is answerable from an index (checked with EXPLAIN by the contract suite); user
    /// input only ever travels as bound parameters.
    static func searchStatement(serverID: Int64, query: OutboundQuery) -> PostgresQuery {
        var sql = SQLBuilder()
        var conditions = ["m.server_id = \(sql.bind(serverID))", "m.stream = \(sql.bind(query.stream))"]
        if let recipient = query.recipient {
            conditions.append(
                """
                m.pk IN (SELECT message_pk FROM message_recipients
                         WHERE server_id = \(sql.bind(serverID)) AND email = \(sql.bind(StorageCoding.key(recipient))))
                """)
        }
        if let fromEmail = query.fromEmail {
            conditions.append("m.from_email = \(sql.bind(StorageCoding.key(fromEmail)))")
        }
        if let tag = query.tag {
            conditions.append("m.tag = \(sql.bind(tag))")
        }
        if let statuses = query.statuses, !statuses.isEmpty {
            conditions.append("m.status = ANY(\(sql.bind(statuses.map(\.rawValue)))::text[])")
        }
        if let subject = query.subject, let tsquery = prefixQuery(subject) {
            conditions.append("m.subject_tsv @@ to_tsquery('simple'::regconfig, \(sql.bind(tsquery)))")
        }
        if let fromDate = query.fromDate {
            conditions.append("m.received_at >= \(sql.bind(StorageCoding.micros(fromDate)))")
        }
        if let toDate = query.toDate {
            conditions.append("m.received_at < \(sql.bind(StorageCoding.micros(toDate)))")
        }
        if let metadata = query.metadata {
            conditions.append(
                """
                m.pk IN (SELECT message_pk FROM message_metadata
                         WHERE server_id = \(sql.bind(serverID)) AND key = \(sql.bind(StorageCoding.key(metadata.key)))
                           AND value = \(sql.bind(metadata.value)))
                """)
        }
        let whereClause = conditions.joined(separator: " AND ")
        // One statement, so the total and the page come from the same snapshot; the LEFT JOIN keeps a
        // row carrying the total when the page is empty.
        let statement = """
            SELECT t.total, p.* FROM (SELECT count(*) AS total FROM messages m WHERE \(whereClause)) t
            LEFT JOIN LATERAL (
                SELECT \(summaryColumns) FROM messages m WHERE \(whereClause)
                ORDER BY m.received_at DESC, m.pk DESC
                LIMIT \(sql.bind(Int64(query.count))) OFFSET \(sql.bind(Int64(query.offset)))
            ) p ON true
            """
        return PostgresQuery(unsafeSQL: statement, binds: sql.binds)
    }

    /// The plan of a search, after refreshing the planner's statistics, with sequential scans
    /// discouraged as far as the planner allows: a remaining `Seq Scan on messages` means no index can
    /// answer the filter. For tests.
    func searchPlan(serverID: Int64, query: OutboundQuery) async throws -> [String] {
        var explain = Self.searchStatement(serverID: serverID, query: query)
        explain.sql = "EXPLAIN " + explain.sql
        return try await transaction { connection -> [String] in
            try await connection.query("ANALYZE messages, message_recipients, message_metadata", logger: logger)
            try await connection.query("SET LOCAL enable_seqscan = off", logger: logger)
            var lines: [String] = []
            for try await line in try await connection.query(explain, logger: logger).decode(String.self) {
                lines.append(line)
            }
            return lines
        }
    }

    /// One statement, so the message's status and its events come from the same snapshot (a
    /// delivery outcome commits both together).
    public func outboundDetails(serverID: Int64, messageID: String) async throws -> MessageDetails? {
        let rows = try await fetchRows(
            """
            SELECT \(unescaped: Self.summaryColumns), m.pk, m.text_body, m.html_body, r.raw,
                (SELECT coalesce(json_agg(json_build_array(e.recipient, e.type, e.received_at, e.details_json)
                                          ORDER BY e.received_at, e.id), '[]'::json)::text
                 FROM message_events e WHERE e.message_pk = m.pk)
            FROM messages m LEFT JOIN message_raw r ON r.message_pk = m.pk
            WHERE m.message_id = \(messageID) AND m.server_id = \(serverID)
            """)
        guard let row = rows.first else { return nil }
        let cells = row.makeRandomAccess()
        let count = Self.summaryColumnCount
        let raw = try cells[count + 3].decode(ByteBuffer?.self)
        let eventsJSON = try cells[count + 4].decode(String.self)
        var events: [MessageEvent] = []
        for item in try StorageCoding.decodeJSON([EventRow].self, eventsJSON) {
            events.append(
                MessageEvent(
                    recipient: item.recipient, type: item.type, receivedAt: StorageCoding.date(micros: item.receivedAt),
                    details: try StorageCoding.decodeJSON([String: String].self, item.details)))
        }
        return MessageDetails(
            summary: try Self.summary(from: cells, offset: 0),
            textBody: try cells[count + 1].decode(String?.self),
            htmlBody: try cells[count + 2].decode(String?.self),
            raw: raw.map { Array($0.readableBytesView) } ?? [], events: events)
    }

    /// `[recipient, type, received_at, details_json]` as `json_build_array` writes it.
    struct EventRow: Decodable {
        var recipient: String
        var type: String
        var receivedAt: Int64
        var details: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            recipient = try container.decode(String.self)
            type = try container.decode(String.self)
            receivedAt = try container.decode(Int64.self)
            details = try container.decode(String.self)
        }
    }

    public func outboundDump(serverID: Int64, messageID: String) async throws -> [UInt8]? {
        let rows = try await fetchRows(
            """
            SELECT r.raw FROM messages m JOIN message_raw r ON r.message_pk = m.pk
            WHERE m.message_id = \(messageID) AND m.server_id = \(serverID)
            """)
        guard let row = rows.first else { return nil }
        return Array(try row.decode(ByteBuffer.self).readableBytesView)
    }

    public func deliveries(messageID: String) async throws -> [DeliveryRecord] {
        try await fetchRows(
            """
            SELECT d.recipient, d.status, d.due_at, d.attempts FROM deliveries d JOIN messages m ON m.pk = d.message_pk
            WHERE m.message_id = \(messageID) ORDER BY d.id
            """
        ).map { row in
            let (recipient, status, due, attempts) = try row.decode((String, String, Int64, Int32).self)
            return DeliveryRecord(
                messageID: messageID, recipient: recipient, status: status,
                dueAt: StorageCoding.date(micros: due), attempts: Int(attempts))
        }
    }

    // MARK: - Subject search

    /// The words of `text` as the subject index stores them and queries look them up:
    /// `StorageCoding.searchWords` after folding diacritics away, as SQLite's unicode61 tokenizer
    /// does (`Café` is found by `cafe` and by `café`).
    static func searchWords(_ text: String) -> [String] {
        StorageCoding.searchWords(text.folding(options: [.diacriticInsensitive], locale: nil))
    }

    /// The text stored in `messages.subject_search`: the subject's words separated by spaces.
    static func searchText(_ subject: String) -> String {
        searchWords(subject).joined(separator: " ")
    }

    /// A `to_tsquery` text requiring every word of `text` as a prefix (`'word1':* & 'word2':*`), or
    /// nil when `text` has no words (then the filter is ignored, as in the SQLite store). Words are
    /// quoted as tsquery literals; the result is always bound as a parameter, never spliced into SQL.
    static func prefixQuery(_ text: String) -> String? {
        let words = searchWords(text)
        if words.isEmpty { return nil }
        return words.map { word in
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
            return "'\(escaped)':*"
        }.joined(separator: " & ")
    }

    // MARK: - Rows

    static let summaryColumns = """
        m.message_id, m.stream, m.tag, m.to_json, m.cc_json, m.bcc_json, m.from_display, m.subject, \
        m.attachments_json, m.status, m.track_opens, m.track_links, m.metadata_json, m.sandboxed, m.received_at
        """
    static let summaryColumnCount = 15

    /// Decodes the columns of `summaryColumns`, starting at column `offset`.
    static func summary(from cells: PostgresRandomAccessRow, offset: Int) throws -> MessageSummary {
        func text(_ index: Int) throws -> String { try cells[offset + index].decode(String.self) }
        return MessageSummary(
            messageID: try text(0), stream: try text(1), tag: try cells[offset + 2].decode(String?.self),
            to: try StorageCoding.decodeJSON([RecipientEntry].self, try text(3)),
            cc: try StorageCoding.decodeJSON([RecipientEntry].self, try text(4)),
            bcc: try StorageCoding.decodeJSON([RecipientEntry].self, try text(5)),
            fromDisplay: try text(6), subject: try text(7),
            attachmentNames: try StorageCoding.decodeJSON([String].self, try text(8)),
            status: MessageStatus(rawValue: try text(9)) ?? .queued,
            trackOpens: try cells[offset + 10].decode(Bool.self), trackLinks: try text(11),
            metadata: try StorageCoding.decodeJSON([MetadataEntry].self, try text(12)),
            sandboxed: try cells[offset + 13].decode(Bool.self),
            receivedAt: StorageCoding.date(micros: try cells[offset + 14].decode(Int64.self)))
    }
}

/// Builds SQL with numbered parameters: `bind` appends a value and returns its placeholder.
struct SQLBuilder {
    var binds = PostgresBindings()

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }
}

/// The column arrays of one `accept` call and the single statement that inserts them.
struct AcceptBatch {
    let query: PostgresQuery

    init(_ messages: [NewMessage]) {
        let count = messages.count
        var messageIDs: [String] = []
        var serverIDs: [Int64] = []
        var streams: [String] = []
        var fromEmails: [String] = []
        var fromDisplays: [String] = []
        var subjects: [String] = []
        var searchTexts: [String] = []
        var tags: [String] = []
        var hasTags: [Bool] = []
        var toJSON: [String] = []
        var ccJSON: [String] = []
        var bccJSON: [String] = []
        var metadataJSON: [String] = []
        var attachmentsJSON: [String] = []
        var trackOpens: [Bool] = []
        var trackLinks: [String] = []
        var sandboxed: [Bool] = []
        var receivedAt: [Int64] = []
        var textBodies: [String] = []
        var hasText: [Bool] = []
        var htmlBodies: [String] = []
        var hasHTML: [Bool] = []
        var raws: [ByteBuffer] = []
        var recipientMessageIDs: [String] = []
        var recipientKeys: [String] = []
        var recipients: [String] = []
        var metadataMessageIDs: [String] = []
        var metadataKeys: [String] = []
        var metadataValues: [String] = []
        var statuses: [String] = []
        var rejectedIDs: [String] = []
        var rejectionTypes: [String] = []
        var rejectionDetails: [String] = []
        var bounceIDs: [String] = []
        var bounceTypes: [String] = []
        var bounceTypeCodes: [Int64] = []
        var bounceDescriptions: [String] = []
        var bounceDetails: [String] = []
        messageIDs.reserveCapacity(count)
        raws.reserveCapacity(count)
        for message in messages {
            messageIDs.append(message.messageID)
            serverIDs.append(message.serverID)
            streams.append(message.stream)
            fromEmails.append(StorageCoding.key(message.fromEmail))
            fromDisplays.append(message.fromDisplay)
            subjects.append(message.subject)
            searchTexts.append(PostgresStore.searchText(message.subject))
            tags.append(message.tag ?? "")
            hasTags.append(message.tag != nil)
            toJSON.append(StorageCoding.encodeJSON(message.to))
            ccJSON.append(StorageCoding.encodeJSON(message.cc))
            bccJSON.append(StorageCoding.encodeJSON(message.bcc))
            metadataJSON.append(StorageCoding.encodeJSON(message.metadata))
            attachmentsJSON.append(StorageCoding.encodeJSON(message.attachmentNames))
            trackOpens.append(message.trackOpens)
            trackLinks.append(message.trackLinks)
            sandboxed.append(message.sandboxed)
            statuses.append((message.rejection == nil ? MessageStatus.queued : MessageStatus.sent).rawValue)
            if let rejection = message.rejection {
                rejectedIDs.append(message.messageID)
                rejectionTypes.append(rejection.eventType)
                rejectionDetails.append(StorageCoding.encodeJSON(rejection.details))
                if let bounce = rejection.bounce {
                    bounceIDs.append(message.messageID)
                    bounceTypes.append(bounce.type)
                    bounceTypeCodes.append(Int64(bounce.typeCode))
                    bounceDescriptions.append(bounce.description)
                    bounceDetails.append(bounce.details)
                }
            }
            receivedAt.append(StorageCoding.micros(message.receivedAt))
            textBodies.append(message.textBody ?? "")
            hasText.append(message.textBody != nil)
            htmlBodies.append(message.htmlBody ?? "")
            hasHTML.append(message.htmlBody != nil)
            raws.append(ByteBuffer(bytes: message.raw))
            for recipient in message.envelopeRecipients {
                recipientMessageIDs.append(message.messageID)
                recipientKeys.append(StorageCoding.key(recipient))
                recipients.append(recipient)
            }
            for entry in message.metadata {
                metadataMessageIDs.append(message.messageID)
                metadataKeys.append(StorageCoding.key(entry.key))
                metadataValues.append(entry.value)
            }
        }

        var sql = SQLBuilder()
        let ids = sql.bind(messageIDs)
        let rawsBind = sql.bind(raws)
        // The data-modifying CTEs run as one statement: `ins` returns the new primary keys, and the
        // child rows join back to it by MessageID. WITH ORDINALITY + ORDER BY keep insertion order, so
        // deliveries and recipients get ids in envelope order, as in the SQLite store.
        let statement = """
            WITH ins AS (
                INSERT INTO messages (message_id, server_id, stream, from_email, from_display, subject, subject_search,
                    tag, to_json, cc_json, bcc_json, metadata_json, attachments_json, track_opens, track_links,
                    sandboxed, status, received_at, text_body, html_body)
                SELECT u.message_id, u.server_id, u.stream, u.from_email, u.from_display, u.subject, u.subject_search,
                    CASE WHEN u.has_tag THEN u.tag END, u.to_json, u.cc_json, u.bcc_json, u.metadata_json,
                    u.attachments_json, u.track_opens, u.track_links, u.sandboxed, u.status,
                    u.received_at, CASE WHEN u.has_text THEN u.text_body END, CASE WHEN u.has_html THEN u.html_body END
                FROM unnest(
                    \(ids)::text[], \(sql.bind(serverIDs))::int8[], \(sql.bind(streams))::text[],
                    \(sql.bind(fromEmails))::text[], \(sql.bind(fromDisplays))::text[], \(sql.bind(subjects))::text[],
                    \(sql.bind(searchTexts))::text[], \(sql.bind(tags))::text[], \(sql.bind(hasTags))::bool[],
                    \(sql.bind(toJSON))::text[], \(sql.bind(ccJSON))::text[], \(sql.bind(bccJSON))::text[],
                    \(sql.bind(metadataJSON))::text[], \(sql.bind(attachmentsJSON))::text[],
                    \(sql.bind(trackOpens))::bool[], \(sql.bind(trackLinks))::text[], \(sql.bind(sandboxed))::bool[],
                    \(sql.bind(receivedAt))::int8[], \(sql.bind(textBodies))::text[], \(sql.bind(hasText))::bool[],
                    \(sql.bind(htmlBodies))::text[], \(sql.bind(hasHTML))::bool[], \(sql.bind(statuses))::text[]
                ) WITH ORDINALITY AS u(message_id, server_id, stream, from_email, from_display, subject, subject_search,
                    tag, has_tag, to_json, cc_json, bcc_json, metadata_json, attachments_json, track_opens, track_links,
                    sandboxed, received_at, text_body, has_text, html_body, has_html, status, ord)
                ORDER BY u.ord
                ON CONFLICT (message_id) DO NOTHING
                RETURNING pk, message_id, server_id, received_at, status, stream, from_display, subject, tag
            ), raw AS (
                INSERT INTO message_raw (message_pk, raw)
                SELECT ins.pk, r.raw
                FROM unnest(\(ids)::text[], \(rawsBind)::bytea[]) AS r(message_id, raw)
                JOIN ins USING (message_id)
            ), envelope AS (
                SELECT ins.pk, ins.message_id, ins.server_id, ins.received_at, ins.status, ins.stream, ins.from_display,
                    ins.subject, ins.tag, e.email, e.recipient, e.ord
                FROM unnest(\(sql.bind(recipientMessageIDs))::text[], \(sql.bind(recipientKeys))::text[],
                    \(sql.bind(recipients))::text[]) WITH ORDINALITY AS e(message_id, email, recipient, ord)
                JOIN ins USING (message_id)
            ), recipient_rows AS (
                INSERT INTO message_recipients (message_pk, server_id, email)
                SELECT pk, server_id, email FROM envelope ORDER BY ord
            ), delivery_rows AS (
                INSERT INTO deliveries (message_pk, recipient, status, due_at, attempts, updated_at)
                SELECT pk, recipient, CASE WHEN status = \(sql.bind(MessageStatus.queued.rawValue)) THEN 'queued' ELSE 'failed' END,
                    received_at, 0, received_at
                FROM envelope ORDER BY ord
            ), rejection_events AS (
                INSERT INTO message_events (message_pk, recipient, type, received_at, details_json)
                SELECT envelope.pk, envelope.recipient, r.type, envelope.received_at, r.details
                FROM envelope JOIN unnest(\(sql.bind(rejectedIDs))::text[], \(sql.bind(rejectionTypes))::text[],
                    \(sql.bind(rejectionDetails))::text[]) AS r(message_id, type, details) USING (message_id)
                ORDER BY envelope.ord
            ), rejection_bounces AS (
                INSERT INTO bounces (server_id, message_pk, message_id, stream, type, type_code, email, email_key,
                    from_display, subject, tag, description, details, bounced_at, content, inactive, can_activate)
                SELECT envelope.server_id, envelope.pk, envelope.message_id, envelope.stream, b.type, b.type_code,
                    envelope.recipient, envelope.email, envelope.from_display, envelope.subject, envelope.tag,
                    b.description, b.details, envelope.received_at, r.raw, false, false
                FROM envelope
                JOIN unnest(\(sql.bind(bounceIDs))::text[], \(sql.bind(bounceTypes))::text[],
                    \(sql.bind(bounceTypeCodes))::int8[], \(sql.bind(bounceDescriptions))::text[],
                    \(sql.bind(bounceDetails))::text[]) AS b(message_id, type, type_code, description, details)
                    USING (message_id)
                JOIN unnest(\(ids)::text[], \(rawsBind)::bytea[]) AS r(message_id, raw) USING (message_id)
                ORDER BY envelope.ord
            ), metadata_rows AS (
                INSERT INTO message_metadata (message_pk, server_id, key, value)
                SELECT ins.pk, ins.server_id, md.key, md.value
                FROM unnest(\(sql.bind(metadataMessageIDs))::text[], \(sql.bind(metadataKeys))::text[],
                    \(sql.bind(metadataValues))::text[]) WITH ORDINALITY AS md(message_id, key, value, ord)
                JOIN ins USING (message_id)
                ORDER BY md.ord
            )
            SELECT message_id FROM ins
            """
        self.query = PostgresQuery(unsafeSQL: statement, binds: sql.binds)
    }
}

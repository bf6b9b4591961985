import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    /// `FOR UPDATE SKIP LOCKED` lets several nodes claim from the same queue without waiting on
    /// each other or claiming a row twice (architecture section 3).
    public func claimDue(now: Date, limit: Int, owner: String, lease: TimeInterval) async throws -> [ClaimedDelivery] {
        let nowMicros = StorageCoding.micros(now)
        let until = now.addingTimeInterval(lease)
        let untilMicros = StorageCoding.micros(until)
        let rows = try await fetchRows(
            """
            WITH due AS (
                SELECT id FROM deliveries
                WHERE status = 'queued' AND due_at <= \(nowMicros) AND (lease_until IS NULL OR lease_until <= \(nowMicros))
                ORDER BY due_at, id LIMIT \(Int64(limit))
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE deliveries d SET lease_owner = \(owner), lease_until = \(untilMicros), updated_at = \(nowMicros)
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.message_pk, d.recipient, d.attempts
            )
            SELECT c.id, m.message_id, m.server_id, c.recipient, c.attempts, m.sandboxed, m.received_at,
                COALESCE(s.return_path_domain, d.return_path_domain)
            FROM claimed c JOIN messages m ON m.pk = c.message_pk
            LEFT JOIN sender_signatures s ON s.email_key = lower(m.from_email) AND s.confirmed
                AND s.return_path_verified AND s.return_path_domain IS NOT NULL
            LEFT JOIN domains d ON d.name_key = lower(split_part(m.from_email, '@', 2)) AND d.return_path_verified
            ORDER BY c.id
            """)
        return try rows.map { row in
            let (id, messageID, serverID, recipient, attempts, sandboxed, receivedAt, returnPath) = try row.decode(
                (Int64, String, Int64, String, Int32, Bool, Int64, String?).self)
            return ClaimedDelivery(
                id: id, messageID: messageID, serverID: serverID, recipient: recipient, attempts: Int(attempts),
                sandboxed: sandboxed, queuedAt: StorageCoding.date(micros: receivedAt), leaseUntil: until,
                returnPathDomain: returnPath)
        }
    }

    public func rawMessage(messageID: String) async throws -> [UInt8]? {
        let rows = try await fetchRows(
            """
            SELECT r.raw FROM messages m JOIN message_raw r ON r.message_pk = m.pk WHERE m.message_id = \(messageID)
            """)
        guard let row = rows.first else { return nil }
        var buffer = try row.decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes)
    }

    public func record(
        _ attempt: DeliveryAttempt, resolution: DeliveryResolution, for delivery: ClaimedDelivery, owner: String
    ) async throws -> Bool {
        let details = StorageCoding.encodeJSON(attempt.details)
        let at = StorageCoding.micros(attempt.at)
        let status: String
        let dueAt: Int64?
        switch resolution {
        case .delivered: (status, dueAt) = ("delivered", nil)
        case .failed: (status, dueAt) = ("failed", nil)
        case .deferred(let until): (status, dueAt) = ("queued", StorageCoding.micros(until))
        }
        let eventType = attempt.eventType
        let suppression = attempt.suppression?.rawValue
        let recipient = delivery.recipient
        let messageID = delivery.messageID
        let deliveryID = delivery.id
        return try await transaction { connection -> Bool in
            let updated = try await connection.query(
                """
                UPDATE deliveries SET status = \(status), due_at = COALESCE(\(dueAt), due_at),
                    attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, updated_at = \(at)
                WHERE id = \(deliveryID) AND lease_owner = \(owner)
                RETURNING message_pk
                """, logger: logger
            ).collect()
            guard let row = updated.first else { return false }
            let messagePK = try row.decode(Int64.self)
            _ = try await connection.query(
                """
                INSERT INTO message_events (message_pk, recipient, type, received_at, details_json)
                VALUES (\(messagePK), \(recipient), \(eventType), \(at), \(details))
                """, logger: logger
            ).collect()
            if let bounce = attempt.bounce {
                // The Bounces API row (and the suppression) for this synchronous bounce.
                _ = try await Self.insertBounce(
                    NewBounce(
                        messageID: messageID, email: recipient, type: bounce.type, typeCode: bounce.typeCode,
                        description: bounce.description, details: bounce.details, bouncedAt: attempt.at, content: nil,
                        suppression: attempt.suppression),
                    connection: connection, addEvent: false, logger: self.logger)
            } else if let reason = suppression {
                let key = StorageCoding.key(recipient)
                _ = try await connection.query(
                    """
                    INSERT INTO suppressions (server_id, stream, email_key, email, reason, origin, created_at)
                    SELECT server_id, stream, \(key), \(recipient), \(reason), 'Recipient', \(at)
                    FROM messages WHERE pk = \(messagePK)
                    ON CONFLICT DO NOTHING
                    """, logger: logger
                ).collect()
            }
            // The message is Sent once no recipient is waiting for another attempt.
            _ = try await connection.query(
                """
                UPDATE messages SET status = 'Sent'
                WHERE pk = \(messagePK)
                  AND NOT EXISTS (SELECT 1 FROM deliveries WHERE message_pk = \(messagePK) AND status = 'queued')
                """, logger: logger
            ).collect()
            return true
        }
    }

    public func releaseLeases(owner: String) async throws -> Int {
        let rows = try await fetchRows(
            "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = \(owner) RETURNING id")
        return rows.count
    }
}

import Foundation
import GRDB
import Storage
import Synchronization

extension SQLiteStore: DeliveryStore {
    public func claimDue(now: Date, limit: Int, owner: String, lease: TimeInterval) async throws -> [ClaimedDelivery] {
        let nowMicros = StorageCoding.micros(now)
        let until = now.addingTimeInterval(lease)
        let untilMicros = StorageCoding.micros(until)
        return try await pool.write { db -> [ClaimedDelivery] in
            // One statement: the subquery walks deliveries_due (status, due_at) in order.
            let claimed = try Row.fetchAll(
                db,
                sql: """
                    UPDATE deliveries SET lease_owner = ?, lease_until = ?, updated_at = ?
                    WHERE id IN (
                        SELECT id FROM deliveries
                        WHERE status = 'queued' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                        ORDER BY due_at, id LIMIT ?)
                    RETURNING id, message_pk, recipient, attempts
                    """,
                arguments: [owner, untilMicros, nowMicros, nowMicros, nowMicros, limit])
            var result: [ClaimedDelivery] = []
            for row in claimed {
                let messagePK: Int64 = row["message_pk"]
                guard
                    let message = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT m.message_id, m.server_id, m.sandboxed, m.received_at,
                                COALESCE(s.return_path_domain, d.return_path_domain) AS return_path_domain
                            FROM messages m
                            LEFT JOIN sender_signatures s ON s.email_key = lower(m.from_email) AND s.confirmed = 1
                                AND s.return_path_verified = 1 AND s.return_path_domain IS NOT NULL
                            LEFT JOIN domains d ON d.name_key = lower(substr(m.from_email, instr(m.from_email, '@') + 1))
                                AND d.return_path_verified = 1
                            WHERE m.pk = ?
                            """,
                        arguments: [messagePK])
                else { continue }
                result.append(
                    ClaimedDelivery(
                        id: row["id"], messageID: message["message_id"], serverID: message["server_id"],
                        recipient: row["recipient"], attempts: row["attempts"], sandboxed: message["sandboxed"],
                        queuedAt: StorageCoding.date(micros: message["received_at"]), leaseUntil: until,
                        returnPathDomain: message["return_path_domain"]))
            }
            return result.sorted { $0.id < $1.id }
        }
    }

    public func rawMessage(messageID: String) async throws -> [UInt8]? {
        try await pool.read { db -> [UInt8]? in
            try Data.fetchOne(
                db,
                sql: "SELECT r.raw FROM messages m JOIN message_raw r ON r.message_pk = m.pk WHERE m.message_id = ?",
                arguments: [messageID]
            ).map { [UInt8]($0) }
        }
    }

    public func record(
        _ attempt: DeliveryAttempt, resolution: DeliveryResolution, for delivery: ClaimedDelivery, owner: String
    ) async throws -> Bool {
        let details = StorageCoding.encodeJSON(attempt.details)
        let at = StorageCoding.micros(attempt.at)
        let (status, dueAt): (String, Int64?) =
            switch resolution {
            case .delivered: ("delivered", nil)
            case .failed: ("failed", nil)
            case .deferred(let until): ("queued", StorageCoding.micros(until))
            }
        let held = LockedFlag()
        try await committer.write { db in
            try db.execute(
                sql: """
                    UPDATE deliveries SET status = ?, due_at = COALESCE(?, due_at), attempts = attempts + 1,
                        lease_owner = NULL, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND lease_owner = ?
                    """,
                arguments: [status, dueAt, at, delivery.id, owner])
            guard db.changesCount == 1 else { return }
            held.set()
            let messagePK = try Int64.fetchOne(
                db, sql: "SELECT message_pk FROM deliveries WHERE id = ?", arguments: [delivery.id])
            try db.execute(
                sql: """
                    INSERT INTO message_events (message_pk, recipient, type, received_at, details_json)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [messagePK, delivery.recipient, attempt.eventType, at, details])
            if let bounce = attempt.bounce {
                // The Bounces API row (and the suppression) for this synchronous bounce.
                _ = try Self.insertBounce(
                    NewBounce(
                        messageID: delivery.messageID, email: delivery.recipient, type: bounce.type,
                        typeCode: bounce.typeCode, description: bounce.description, details: bounce.details,
                        bouncedAt: attempt.at, content: nil, suppression: attempt.suppression),
                    db: db, addEvent: false)
            } else if let reason = attempt.suppression {
                try db.execute(
                    sql: """
                        INSERT INTO suppressions (server_id, stream, email_key, email, reason, origin, created_at)
                        SELECT server_id, stream, ?, ?, ?, 'Recipient', ? FROM messages WHERE pk = ?
                        ON CONFLICT DO NOTHING
                        """,
                    arguments: [
                        StorageCoding.key(delivery.recipient), delivery.recipient, reason.rawValue, at, messagePK,
                    ])
            }
            // The message is Sent once no recipient is waiting for another attempt.
            try db.execute(
                sql: """
                    UPDATE messages SET status = 'Sent'
                    WHERE pk = ? AND NOT EXISTS (SELECT 1 FROM deliveries WHERE message_pk = ? AND status = 'queued')
                    """,
                arguments: [messagePK, messagePK])
        }
        return held.value
    }

    public func releaseLeases(owner: String) async throws -> Int {
        try await pool.write { db -> Int in
            try db.execute(
                sql: "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                arguments: [owner])
            return db.changesCount
        }
    }
}

/// A flag set from inside a write closure and read after it, across the Sendable boundary.
final class LockedFlag: Sendable {
    private let storage = Mutex(false)
    func set() { storage.withLock { $0 = true } }
    var value: Bool { storage.withLock { $0 } }
}

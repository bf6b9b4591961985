import Foundation
import GRDB
import Storage

extension SQLiteStore: SuppressionStore {
    public func suppressedAddresses(serverID: Int64, stream: String, among emails: [String]) async throws -> Set<String> {
        let keys = Array(Set(emails.map(StorageCoding.key)))
        if keys.isEmpty { return [] }
        var bound: StatementArguments = [serverID, stream]
        for key in keys { bound += [key] }
        let arguments = bound
        let placeholders = keys.map { _ in "?" }.joined(separator: ",")
        return try await pool.read { db in
            return Set(
                try String.fetchAll(
                    db,
                    sql: "SELECT email_key FROM suppressions WHERE server_id = ? AND stream = ? AND email_key IN (\(placeholders))",
                    arguments: arguments))
        }
    }

    public func addSuppressions(serverID: Int64, stream: String, _ records: [SuppressionRecord]) async throws {
        if records.isEmpty { return }
        try await committer.write { db in
            try Self.insertSuppressions(db, serverID: serverID, stream: stream, records)
        }
    }

    static func insertSuppressions(_ db: Database, serverID: Int64, stream: String, _ records: [SuppressionRecord]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO suppressions (server_id, stream, email_key, email, reason, origin, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
        for record in records {
            try statement.execute(arguments: [
                serverID, stream, StorageCoding.key(record.emailAddress), record.emailAddress, record.reason.rawValue,
                record.origin.rawValue, StorageCoding.micros(record.createdAt),
            ])
        }
    }

    public func deleteSuppressions(serverID: Int64, stream: String, emails: [String]) async throws -> Set<String> {
        let keys = Array(Set(emails.map(StorageCoding.key)))
        if keys.isEmpty { return [] }
        return try await pool.write { db in
            let placeholders = keys.map { _ in "?" }.joined(separator: ",")
            var base: StatementArguments = [serverID, stream]
            for key in keys { base += [key] }
            let refused = try String.fetchAll(
                db,
                sql: """
                    SELECT email_key FROM suppressions WHERE server_id = ? AND stream = ? AND email_key IN (\(placeholders))
                    AND reason = 'SpamComplaint'
                    """, arguments: base)
            try db.execute(
                sql: """
                    DELETE FROM suppressions WHERE server_id = ? AND stream = ? AND email_key IN (\(placeholders))
                    AND reason <> 'SpamComplaint'
                    """, arguments: base)
            return Set(refused)
        }
    }

    public func suppressions(serverID: Int64, stream: String, query: SuppressionQuery) async throws -> [SuppressionRecord] {
        var conditions = ["server_id = ?", "stream = ?"]
        var arguments: StatementArguments = [serverID, stream]
        if let reason = query.reason {
            conditions.append("reason = ?")
            arguments += [reason.rawValue]
        }
        if let origin = query.origin {
            conditions.append("origin = ?")
            arguments += [origin.rawValue]
        }
        if let email = query.emailAddress {
            conditions.append("email_key = ?")
            arguments += [StorageCoding.key(email)]
        }
        if let from = query.fromDate {
            conditions.append("created_at >= ?")
            arguments += [StorageCoding.micros(from)]
        }
        if let to = query.toDate {
            conditions.append("created_at <= ?")
            arguments += [StorageCoding.micros(to)]
        }
        let sql = "SELECT email, reason, origin, created_at FROM suppressions WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, email_key"
        let bound = arguments
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: sql, arguments: bound
            ).map { row in
                SuppressionRecord(
                    emailAddress: row["email"], reason: SuppressionReason(rawValue: row["reason"]) ?? .manualSuppression,
                    origin: SuppressionOrigin(rawValue: row["origin"]) ?? .customer,
                    createdAt: StorageCoding.date(micros: row["created_at"]))
            }
        }
    }
}

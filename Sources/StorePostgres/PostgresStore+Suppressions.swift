import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func suppressedAddresses(serverID: Int64, stream: String, among emails: [String]) async throws -> Set<String> {
        let keys = Array(Set(emails.map(StorageCoding.key)))
        if keys.isEmpty { return [] }
        var sql = SQLBuilder()
        let statement = """
            SELECT email_key FROM suppressions
            WHERE server_id = \(sql.bind(serverID)) AND stream = \(sql.bind(stream)) AND email_key = ANY(\(sql.bind(keys))::text[])
            """
        return Set(try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)).map { try $0.decode(String.self) })
    }

    public func addSuppressions(serverID: Int64, stream: String, _ records: [SuppressionRecord]) async throws {
        if records.isEmpty { return }
        _ = try await fetchRows(Self.insertSuppressionsQuery(serverID: serverID, stream: stream, records))
    }

    static func insertSuppressionsQuery(serverID: Int64, stream: String, _ records: [SuppressionRecord]) -> PostgresQuery {
        var sql = SQLBuilder()
        let statement = """
            INSERT INTO suppressions (server_id, stream, email_key, email, reason, origin, created_at)
            SELECT \(sql.bind(serverID)), \(sql.bind(stream)), u.email_key, u.email, u.reason, u.origin, u.created_at
            FROM unnest(\(sql.bind(records.map { StorageCoding.key($0.emailAddress) }))::text[],
                \(sql.bind(records.map(\.emailAddress)))::text[], \(sql.bind(records.map(\.reason.rawValue)))::text[],
                \(sql.bind(records.map(\.origin.rawValue)))::text[],
                \(sql.bind(records.map { StorageCoding.micros($0.createdAt) }))::int8[])
                AS u(email_key, email, reason, origin, created_at)
            ON CONFLICT DO NOTHING
            """
        return PostgresQuery(unsafeSQL: statement, binds: sql.binds)
    }

    public func deleteSuppressions(serverID: Int64, stream: String, emails: [String]) async throws -> Set<String> {
        let keys = Array(Set(emails.map(StorageCoding.key)))
        if keys.isEmpty { return [] }
        var sql = SQLBuilder()
        let server = sql.bind(serverID)
        let streamBind = sql.bind(stream)
        let keysBind = sql.bind(keys)
        // One statement: delete what may go, and report the complaint rows that stay.
        let statement = """
            WITH gone AS (
                DELETE FROM suppressions WHERE server_id = \(server) AND stream = \(streamBind)
                    AND email_key = ANY(\(keysBind)::text[]) AND reason <> 'SpamComplaint'
            )
            SELECT email_key FROM suppressions WHERE server_id = \(server) AND stream = \(streamBind)
                AND email_key = ANY(\(keysBind)::text[]) AND reason = 'SpamComplaint'
            """
        return Set(try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)).map { try $0.decode(String.self) })
    }

    public func suppressions(serverID: Int64, stream: String, query: SuppressionQuery) async throws -> [SuppressionRecord] {
        var sql = SQLBuilder()
        var conditions = ["server_id = \(sql.bind(serverID))", "stream = \(sql.bind(stream))"]
        if let reason = query.reason { conditions.append("reason = \(sql.bind(reason.rawValue))") }
        if let origin = query.origin { conditions.append("origin = \(sql.bind(origin.rawValue))") }
        if let email = query.emailAddress { conditions.append("email_key = \(sql.bind(StorageCoding.key(email)))") }
        if let from = query.fromDate { conditions.append("created_at >= \(sql.bind(StorageCoding.micros(from)))") }
        if let to = query.toDate { conditions.append("created_at <= \(sql.bind(StorageCoding.micros(to)))") }
        let statement = """
            SELECT email, reason, origin, created_at FROM suppressions WHERE \(conditions.joined(separator: " AND "))
            ORDER BY created_at DESC, email_key
            """
        return try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)).map { row in
            let (email, reason, origin, created) = try row.decode((String, String, String, Int64).self)
            return SuppressionRecord(
                emailAddress: email, reason: SuppressionReason(rawValue: reason) ?? .manualSuppression,
                origin: SuppressionOrigin(rawValue: origin) ?? .customer, createdAt: StorageCoding.date(micros: created))
        }
    }
}

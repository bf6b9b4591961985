import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    static let dkimKeyColumns = "id, domain, selector, algorithm, private_key_pem, public_dns_value, created_at"

    public func activeDKIMKeys(domain: String) async throws -> [DKIMKeyRecord] {
        var sql = SQLBuilder()
        let statement =
            "SELECT \(Self.dkimKeyColumns) FROM dkim_keys WHERE domain = \(sql.bind(domain.lowercased())) AND active ORDER BY id"
        return try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)).map { try Self.dkimKey(from: $0) }
    }

    public func addDKIMKeyIfNone(_ key: DKIMKeyRecord) async throws -> DKIMKeyRecord {
        var sql = SQLBuilder()
        let domain = sql.bind(key.domain.lowercased())
        let algorithm = sql.bind(key.algorithm)
        // One statement: the insert loses quietly to a key another node made active first (the
        // partial unique index), and the select then returns that one.
        let statement = """
            WITH ins AS (
                INSERT INTO dkim_keys (domain, selector, algorithm, private_key_pem, public_dns_value, active, created_at)
                VALUES (\(domain), \(sql.bind(key.selector)), \(algorithm), \(sql.bind(key.privateKeyPEM)),
                    \(sql.bind(key.publicDNSValue)), true, \(sql.bind(StorageCoding.micros(key.createdAt))))
                ON CONFLICT DO NOTHING
                RETURNING \(Self.dkimKeyColumns)
            )
            SELECT \(Self.dkimKeyColumns) FROM ins
            UNION ALL
            SELECT \(Self.dkimKeyColumns) FROM dkim_keys WHERE domain = \(domain) AND algorithm = \(algorithm) AND active
            """
        guard let row = try await fetchRows(PostgresQuery(unsafeSQL: statement, binds: sql.binds)).first else {
            throw StoreError(.notFound, "dkim key")
        }
        return try Self.dkimKey(from: row)
    }

    static func dkimKey(from row: PostgresRow) throws -> DKIMKeyRecord {
        let (id, domain, selector, algorithm, pem, value, created) = try row.decode(
            (Int64, String, String, String, String, String, Int64).self)
        return DKIMKeyRecord(
            id: id, domain: domain, selector: selector, algorithm: algorithm, privateKeyPEM: pem,
            publicDNSValue: value, createdAt: StorageCoding.date(micros: created))
    }
}

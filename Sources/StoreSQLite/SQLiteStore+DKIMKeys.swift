import Foundation
import GRDB
import Storage

extension SQLiteStore: DKIMKeyStore {
    public func activeDKIMKeys(domain: String) async throws -> [DKIMKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM dkim_keys WHERE domain = ? AND active = 1 ORDER BY id",
                arguments: [domain.lowercased()]
            ).map(Self.dkimKey(from:))
        }
    }

    public func addDKIMKeyIfNone(_ key: DKIMKeyRecord) async throws -> DKIMKeyRecord {
        try await pool.write { db in
            // The partial unique index keeps one active key per domain and algorithm; a key another
            // node added first wins, and is what both return.
            try db.execute(
                sql: """
                    INSERT INTO dkim_keys (domain, selector, algorithm, private_key_pem, public_dns_value, active, created_at)
                    VALUES (?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    key.domain.lowercased(), key.selector, key.algorithm, key.privateKeyPEM, key.publicDNSValue,
                    StorageCoding.micros(key.createdAt),
                ])
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM dkim_keys WHERE domain = ? AND algorithm = ? AND active = 1",
                    arguments: [key.domain.lowercased(), key.algorithm])
            else { throw StoreError(.notFound, "dkim key") }
            return Self.dkimKey(from: row)
        }
    }

    static func dkimKey(from row: Row) -> DKIMKeyRecord {
        DKIMKeyRecord(
            id: row["id"], domain: row["domain"], selector: row["selector"], algorithm: row["algorithm"],
            privateKeyPEM: row["private_key_pem"], publicDNSValue: row["public_dns_value"],
            createdAt: StorageCoding.date(micros: row["created_at"]))
    }
}

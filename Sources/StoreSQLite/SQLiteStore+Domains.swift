import Foundation
import GRDB
import Storage

extension SQLiteStore: DomainStore {
    public func createDomain(name: String, returnPathDomain: String?, pendingKey: DKIMKeyRecord, at date: Date) async throws
        -> DomainRecord
    {
        let key = StorageCoding.key(name)
        let at = StorageCoding.micros(date)
        return try await pool.write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO domains (name, name_key, return_path_domain, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [name, key, returnPathDomain, at])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError(.duplicateName, name)
            }
            let id = db.lastInsertedRowID
            try Self.insertKey(db, pendingKey, domainKey: key, state: "pending")
            return try Self.domain(db, id: id)!
        }
    }

    static func insertKey(_ db: Database, _ key: DKIMKeyRecord, domainKey: String, state: String) throws {
        try db.execute(
            sql: """
                INSERT INTO dkim_keys (domain, selector, algorithm, private_key_pem, public_dns_value, active, state, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                domainKey, key.selector, key.algorithm, key.privateKeyPEM, key.publicDNSValue, state == "active", state,
                StorageCoding.micros(key.createdAt),
            ])
    }

    static func domain(_ db: Database, id: Int64) throws -> DomainRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM domains WHERE id = ?", arguments: [id]) else { return nil }
        return try domain(db, row: row)
    }

    static func domain(_ db: Database, row: Row) throws -> DomainRecord {
        let keys = try Row.fetchAll(
            db, sql: "SELECT * FROM dkim_keys WHERE domain = ? AND state IN ('pending', 'active', 'revoked') ORDER BY id DESC",
            arguments: [row["name_key"] as String])
        // The RSA key goes through pending, active and revoked; the Ed25519 key is pending or active.
        func key(_ state: String) -> DKIMKeyRecord? {
            keys.first { ($0["state"] as String) == state && ($0["algorithm"] as String) == Self.rsa }
                .map(Self.dkimKey(from:))
        }
        let ed25519 = keys.first { ($0["algorithm"] as String) == Self.ed25519 && ($0["state"] as String) != "revoked" }
        return DomainRecord(
            id: row["id"], name: row["name"], returnPathDomain: row["return_path_domain"],
            returnPathVerified: row["return_path_verified"], dkimVerified: row["dkim_verified"],
            spfVerified: row["spf_verified"], lastReason: row["last_reason"],
            createdAt: StorageCoding.date(micros: row["created_at"]), activeKey: key("active"), pendingKey: key("pending"),
            revokedKey: key("revoked"), ed25519Key: ed25519.map(Self.dkimKey(from:)),
            ed25519Verified: ed25519.map { ($0["state"] as String) == "active" } ?? false)
    }

    static let rsa = "rsa-sha256"
    static let ed25519 = "ed25519-sha256"

    public func listDomains(count: Int, offset: Int) async throws -> SearchPage<DomainRecord> {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM domains") ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM domains ORDER BY id LIMIT ? OFFSET ?", arguments: [count, offset])
            return SearchPage(totalCount: total, items: try rows.map { try Self.domain(db, row: $0) })
        }
    }

    public func domain(id: Int64) async throws -> DomainRecord? {
        try await pool.read { db in try Self.domain(db, id: id) }
    }

    public func domain(named name: String) async throws -> DomainRecord? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM domains WHERE name_key = ?", arguments: [StorageCoding.key(name)])
            else { return nil }
            return try Self.domain(db, row: row)
        }
    }

    public func updateDomain(id: Int64, returnPathDomain: String?) async throws -> DomainRecord {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE domains SET return_path_verified = CASE WHEN return_path_domain IS ? THEN return_path_verified ELSE 0 END,
                        return_path_domain = ? WHERE id = ?
                    """,
                arguments: [returnPathDomain, returnPathDomain, id])
            guard db.changesCount == 1, let domain = try Self.domain(db, id: id) else { throw StoreError(.notFound) }
            return domain
        }
    }

    public func deleteDomain(id: Int64) async throws {
        try await pool.write { db in
            guard let key = try String.fetchOne(db, sql: "SELECT name_key FROM domains WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound)
            }
            try db.execute(sql: "DELETE FROM dkim_keys WHERE domain = ?", arguments: [key])
            try db.execute(sql: "DELETE FROM domains WHERE id = ?", arguments: [id])
        }
    }

    public func recordDomainCheck(id: Int64, _ check: DomainCheck, verified: Bool, reason: String?, at date: Date)
        async throws -> DomainRecord
    {
        let at = StorageCoding.micros(date)
        return try await pool.write { db in
            guard let current = try Self.domain(db, id: id) else { throw StoreError(.notFound) }
            let key = StorageCoding.key(current.name)
            switch check {
            case .dkim:
                if verified, let pending = current.pendingKey {
                    // The new key is in DNS: it signs from now on; the one it replaces is revoked.
                    try db.execute(
                        sql: "UPDATE dkim_keys SET state = 'retired' WHERE domain = ? AND algorithm = ? AND state = 'revoked'",
                        arguments: [key, Self.rsa])
                    try db.execute(
                        sql: "UPDATE dkim_keys SET state = 'revoked', active = 0 WHERE domain = ? AND algorithm = ? AND state = 'active'",
                        arguments: [key, Self.rsa])
                    try db.execute(sql: "UPDATE dkim_keys SET state = 'active', active = 1 WHERE id = ?", arguments: [pending.id])
                    try db.execute(sql: "UPDATE domains SET dkim_verified = 1 WHERE id = ?", arguments: [id])
                } else if current.pendingKey == nil {
                    try db.execute(sql: "UPDATE domains SET dkim_verified = ? WHERE id = ?", arguments: [verified, id])
                }
            case .dkimEd25519:
                // It signs only beside an active RSA key: receivers that do not know Ed25519 (most)
                // must still find a signature of the domain, or DMARC fails.
                if let ed25519 = current.ed25519Key {
                    let signs = verified && current.activeKey != nil
                    try db.execute(
                        sql: "UPDATE dkim_keys SET state = ?, active = ? WHERE id = ?",
                        arguments: [signs ? "active" : "pending", signs, ed25519.id])
                }
            case .returnPath:
                try db.execute(sql: "UPDATE domains SET return_path_verified = ? WHERE id = ?", arguments: [verified, id])
            case .spf:
                try db.execute(sql: "UPDATE domains SET spf_verified = ? WHERE id = ?", arguments: [verified, id])
            }
            try db.execute(
                sql: "UPDATE domains SET last_reason = ?, checked_at = ? WHERE id = ?", arguments: [verified ? nil : reason, at, id])
            return try Self.domain(db, id: id)!
        }
    }

    public func addPendingKey(domainID: Int64, key: DKIMKeyRecord) async throws -> DomainRecord {
        try await pool.write { db in
            guard let current = try Self.domain(db, id: domainID) else { throw StoreError(.notFound) }
            if current.pendingKey != nil { throw StoreError(.inUse, "a rotation is pending") }
            try Self.insertKey(db, key, domainKey: StorageCoding.key(current.name), state: "pending")
            return try Self.domain(db, id: domainID)!
        }
    }

    public func setEd25519Key(domainID: Int64, key: DKIMKeyRecord?) async throws -> DomainRecord {
        try await pool.write { db in
            guard let current = try Self.domain(db, id: domainID) else { throw StoreError(.notFound) }
            let domainKey = StorageCoding.key(current.name)
            // Deleted rather than retired, so a new key may reuse the second-granular selector.
            try db.execute(sql: "DELETE FROM dkim_keys WHERE domain = ? AND algorithm = ?", arguments: [domainKey, Self.ed25519])
            if let key { try Self.insertKey(db, key, domainKey: domainKey, state: "pending") }
            return try Self.domain(db, id: domainID)!
        }
    }
}

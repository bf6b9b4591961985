import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    static let domainColumns =
        "id, name, name_key, return_path_domain, return_path_verified, dkim_verified, spf_verified, last_reason, created_at"

    public func createDomain(name: String, returnPathDomain: String?, pendingKey: DKIMKeyRecord, at date: Date) async throws
        -> DomainRecord
    {
        let key = StorageCoding.key(name)
        let at = StorageCoding.micros(date)
        return try await transaction { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO domains (name, name_key, return_path_domain, created_at)
                VALUES (\(name), \(key), \(returnPathDomain), \(at)) ON CONFLICT (name_key) DO NOTHING RETURNING id
                """, logger: self.logger
            ).collect()
            guard let row = inserted.first else { throw StoreError(.duplicateName, name) }
            let id = try row.decode(Int64.self)
            try await Self.insertKey(connection, pendingKey, domainKey: key, state: "pending", logger: self.logger)
            return try await Self.domain(connection, id: id, logger: self.logger)!
        }
    }

    static func insertKey(
        _ connection: PostgresConnection, _ key: DKIMKeyRecord, domainKey: String, state: String, logger: Logger
    ) async throws {
        let active = state == "active"
        _ = try await connection.query(
            """
            INSERT INTO dkim_keys (domain, selector, algorithm, private_key_pem, public_dns_value, active, state, created_at)
            VALUES (\(domainKey), \(key.selector), \(key.algorithm), \(key.privateKeyPEM), \(key.publicDNSValue), \(active),
                \(state), \(StorageCoding.micros(key.createdAt)))
            """, logger: logger
        ).collect()
    }

    static func domain(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> DomainRecord? {
        let rows = try await connection.query(
            "SELECT \(unescaped: domainColumns) FROM domains WHERE id = \(id)", logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        return try await domain(connection, row: row, logger: logger)
    }

    static func domain(_ connection: PostgresConnection, row: PostgresRow, logger: Logger) async throws -> DomainRecord {
        let (id, name, nameKey, returnPath, returnPathVerified, dkimVerified, spfVerified, reason, created) = try row.decode(
            (Int64, String, String, String?, Bool, Bool, Bool, String?, Int64).self)
        let keyRows = try await connection.query(
            """
            SELECT \(unescaped: dkimKeyColumns), state FROM dkim_keys
            WHERE domain = \(nameKey) AND state IN ('pending', 'active', 'revoked') ORDER BY id DESC
            """, logger: logger
        ).collect()
        var keys: [(String, DKIMKeyRecord)] = []
        for keyRow in keyRows {
            let (keyID, domain, selector, algorithm, pem, value, keyCreated, state) = try keyRow.decode(
                (Int64, String, String, String, String, String, Int64, String).self)
            keys.append(
                (state, DKIMKeyRecord(
                    id: keyID, domain: domain, selector: selector, algorithm: algorithm, privateKeyPEM: pem,
                    publicDNSValue: value, createdAt: StorageCoding.date(micros: keyCreated))))
        }
        // The RSA key goes through pending, active and revoked; the Ed25519 key is pending or active.
        func key(_ state: String) -> DKIMKeyRecord? { keys.first { $0.0 == state && $0.1.algorithm == rsa }?.1 }
        let ed25519 = keys.first { $0.1.algorithm == ed25519Algorithm && $0.0 != "revoked" }
        return DomainRecord(
            id: id, name: name, returnPathDomain: returnPath, returnPathVerified: returnPathVerified,
            dkimVerified: dkimVerified, spfVerified: spfVerified, lastReason: reason,
            createdAt: StorageCoding.date(micros: created), activeKey: key("active"), pendingKey: key("pending"),
            revokedKey: key("revoked"), ed25519Key: ed25519?.1, ed25519Verified: ed25519?.0 == "active")
    }

    static let rsa = "rsa-sha256"
    static let ed25519Algorithm = "ed25519-sha256"

    public func listDomains(count: Int, offset: Int) async throws -> SearchPage<DomainRecord> {
        try await transaction { connection in
            let total = try await connection.query("SELECT count(*) FROM domains", logger: self.logger).collect()
                .first?.decode(Int64.self) ?? 0
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.domainColumns) FROM domains ORDER BY id LIMIT \(Int64(count)) OFFSET \(Int64(offset))
                """, logger: self.logger
            ).collect()
            var items: [DomainRecord] = []
            for row in rows { items.append(try await Self.domain(connection, row: row, logger: self.logger)) }
            return SearchPage(totalCount: Int(total), items: items)
        }
    }

    public func domain(id: Int64) async throws -> DomainRecord? {
        try await transaction { connection in try await Self.domain(connection, id: id, logger: self.logger) }
    }

    public func domain(named name: String) async throws -> DomainRecord? {
        let key = StorageCoding.key(name)
        return try await transaction { connection -> DomainRecord? in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.domainColumns) FROM domains WHERE name_key = \(key)", logger: self.logger
            ).collect()
            guard let row = rows.first else { return nil }
            return try await Self.domain(connection, row: row, logger: self.logger)
        }
    }

    public func updateDomain(id: Int64, returnPathDomain: String?) async throws -> DomainRecord {
        try await transaction { connection in
            let updated = try await connection.query(
                """
                UPDATE domains SET return_path_verified = CASE WHEN return_path_domain IS NOT DISTINCT FROM \(returnPathDomain)
                    THEN return_path_verified ELSE false END, return_path_domain = \(returnPathDomain)
                WHERE id = \(id) RETURNING id
                """, logger: self.logger
            ).collect()
            guard !updated.isEmpty, let domain = try await Self.domain(connection, id: id, logger: self.logger) else {
                throw StoreError(.notFound)
            }
            return domain
        }
    }

    public func deleteDomain(id: Int64) async throws {
        try await transaction { connection in
            let deleted = try await connection.query(
                "DELETE FROM domains WHERE id = \(id) RETURNING name_key", logger: self.logger
            ).collect()
            guard let row = deleted.first else { throw StoreError(.notFound) }
            let key = try row.decode(String.self)
            _ = try await connection.query("DELETE FROM dkim_keys WHERE domain = \(key)", logger: self.logger).collect()
        }
    }

    public func recordDomainCheck(id: Int64, _ check: DomainCheck, verified: Bool, reason: String?, at date: Date)
        async throws -> DomainRecord
    {
        let at = StorageCoding.micros(date)
        let lastReason = verified ? nil : reason
        return try await transaction { connection in
            // Serialise checks of one domain across nodes.
            let locked = try await connection.query(
                "SELECT name_key FROM domains WHERE id = \(id) FOR UPDATE", logger: self.logger
            ).collect()
            guard let lockedRow = locked.first, let current = try await Self.domain(connection, id: id, logger: self.logger)
            else { throw StoreError(.notFound) }
            let key = try lockedRow.decode(String.self)
            switch check {
            case .dkim:
                if verified, let pending = current.pendingKey {
                    for statement: PostgresQuery in [
                        "UPDATE dkim_keys SET state = 'retired' WHERE domain = \(key) AND algorithm = \(Self.rsa) AND state = 'revoked'",
                        """
                        UPDATE dkim_keys SET state = 'revoked', active = false
                        WHERE domain = \(key) AND algorithm = \(Self.rsa) AND state = 'active'
                        """,
                        "UPDATE dkim_keys SET state = 'active', active = true WHERE id = \(pending.id)",
                        "UPDATE domains SET dkim_verified = true WHERE id = \(id)",
                    ] {
                        _ = try await connection.query(statement, logger: self.logger).collect()
                    }
                } else if current.pendingKey == nil {
                    _ = try await connection.query(
                        "UPDATE domains SET dkim_verified = \(verified) WHERE id = \(id)", logger: self.logger
                    ).collect()
                }
            case .dkimEd25519:
                // As in the SQLite store: it signs only beside an active RSA key.
                if let ed25519 = current.ed25519Key {
                    let signs = verified && current.activeKey != nil
                    let state = signs ? "active" : "pending"
                    _ = try await connection.query(
                        "UPDATE dkim_keys SET state = \(state), active = \(signs) WHERE id = \(ed25519.id)",
                        logger: self.logger
                    ).collect()
                }
            case .returnPath:
                _ = try await connection.query(
                    "UPDATE domains SET return_path_verified = \(verified) WHERE id = \(id)", logger: self.logger
                ).collect()
            case .spf:
                _ = try await connection.query(
                    "UPDATE domains SET spf_verified = \(verified) WHERE id = \(id)", logger: self.logger
                ).collect()
            }
            _ = try await connection.query(
                "UPDATE domains SET last_reason = \(lastReason), checked_at = \(at) WHERE id = \(id)", logger: self.logger
            ).collect()
            return try await Self.domain(connection, id: id, logger: self.logger)!
        }
    }

    public func addPendingKey(domainID: Int64, key: DKIMKeyRecord) async throws -> DomainRecord {
        try await transaction { connection in
            let locked = try await connection.query(
                "SELECT name_key FROM domains WHERE id = \(domainID) FOR UPDATE", logger: self.logger
            ).collect()
            guard let row = locked.first, let current = try await Self.domain(connection, id: domainID, logger: self.logger)
            else { throw StoreError(.notFound) }
            if current.pendingKey != nil { throw StoreError(.inUse, "a rotation is pending") }
            try await Self.insertKey(
                connection, key, domainKey: try row.decode(String.self), state: "pending", logger: self.logger)
            return try await Self.domain(connection, id: domainID, logger: self.logger)!
        }
    }

    public func setEd25519Key(domainID: Int64, key: DKIMKeyRecord?) async throws -> DomainRecord {
        try await transaction { connection in
            let locked = try await connection.query(
                "SELECT name_key FROM domains WHERE id = \(domainID) FOR UPDATE", logger: self.logger
            ).collect()
            guard let row = locked.first else { throw StoreError(.notFound) }
            let domainKey = try row.decode(String.self)
            _ = try await connection.query(
                "DELETE FROM dkim_keys WHERE domain = \(domainKey) AND algorithm = \(Self.ed25519Algorithm)",
                logger: self.logger
            ).collect()
            if let key {
                try await Self.insertKey(connection, key, domainKey: domainKey, state: "pending", logger: self.logger)
            }
            return try await Self.domain(connection, id: domainID, logger: self.logger)!
        }
    }
}

import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    static let senderColumns = """
        id, email, domain, name, reply_to, return_path_domain, return_path_verified, personal_note, confirmed, \
        spf_verified, created_at, confirmed_at, confirmation_sent_at
        """

    public func createSenderSignature(
        emailAddress: String, fields: SenderSignatureFields, confirmationDigest: String, at date: Date
    ) async throws -> SenderSignatureRecord {
        let domain = String(emailAddress.split(separator: "@").last ?? "")
        let at = StorageCoding.micros(date)
        let rows = try await fetchRows(
            """
            INSERT INTO sender_signatures (email, email_key, domain, name, reply_to, return_path_domain,
                return_path_verified, personal_note, confirmation_digest, created_at, confirmation_sent_at)
            VALUES (\(emailAddress), \(StorageCoding.key(emailAddress)), \(domain), \(fields.name),
                \(fields.replyToEmailAddress), \(fields.returnPathDomain), \(fields.returnPathVerified),
                \(fields.confirmationPersonalNote), \(confirmationDigest), \(at), \(at))
            ON CONFLICT (email_key) DO NOTHING
            RETURNING \(unescaped: Self.senderColumns)
            """)
        guard let row = rows.first else { throw StoreError(.duplicateName, emailAddress) }
        return try Self.senderSignature(from: row)
    }

    public func listSenderSignatures(count: Int, offset: Int) async throws -> SearchPage<SenderSignatureRecord> {
        try await transaction { connection in
            let total = try await connection.query("SELECT count(*) FROM sender_signatures", logger: self.logger).collect()
                .first?.decode(Int64.self) ?? 0
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.senderColumns) FROM sender_signatures ORDER BY id
                LIMIT \(Int64(count)) OFFSET \(Int64(offset))
                """, logger: self.logger
            ).collect()
            return SearchPage(totalCount: Int(total), items: try rows.map(Self.senderSignature(from:)))
        }
    }

    public func senderSignature(id: Int64) async throws -> SenderSignatureRecord? {
        try await fetchRows("SELECT \(unescaped: Self.senderColumns) FROM sender_signatures WHERE id = \(id)")
            .first.map(Self.senderSignature(from:))
    }

    public func senderSignature(emailAddress: String) async throws -> SenderSignatureRecord? {
        try await fetchRows(
            """
            SELECT \(unescaped: Self.senderColumns) FROM sender_signatures
            WHERE email_key = \(StorageCoding.key(emailAddress))
            """
        ).first.map(Self.senderSignature(from:))
    }

    public func updateSenderSignature(id: Int64, fields: SenderSignatureFields) async throws -> SenderSignatureRecord {
        let rows = try await fetchRows(
            """
            UPDATE sender_signatures SET name = \(fields.name), reply_to = \(fields.replyToEmailAddress),
                return_path_domain = \(fields.returnPathDomain), return_path_verified = \(fields.returnPathVerified),
                personal_note = \(fields.confirmationPersonalNote)
            WHERE id = \(id) RETURNING \(unescaped: Self.senderColumns)
            """)
        guard let row = rows.first else { throw StoreError(.notFound, "sender signature \(id)") }
        return try Self.senderSignature(from: row)
    }

    public func deleteSenderSignature(id: Int64) async throws {
        let rows = try await fetchRows("DELETE FROM sender_signatures WHERE id = \(id) RETURNING id")
        if rows.isEmpty { throw StoreError(.notFound, "sender signature \(id)") }
    }

    public func renewSenderConfirmation(id: Int64, confirmationDigest: String, at date: Date) async throws
        -> SenderSignatureRecord?
    {
        try await fetchRows(
            """
            UPDATE sender_signatures SET confirmation_digest = \(confirmationDigest),
                confirmation_sent_at = \(StorageCoding.micros(date))
            WHERE id = \(id) AND NOT confirmed RETURNING \(unescaped: Self.senderColumns)
            """
        ).first.map(Self.senderSignature(from:))
    }

    public func senderSignature(confirmationDigest: String) async throws -> SenderSignatureRecord? {
        try await fetchRows(
            """
            SELECT \(unescaped: Self.senderColumns) FROM sender_signatures
            WHERE confirmation_digest = \(confirmationDigest) AND NOT confirmed
            """
        ).first.map(Self.senderSignature(from:))
    }

    public func confirmSenderSignature(confirmationDigest: String, at date: Date) async throws -> SenderSignatureRecord? {
        // One statement: of two clicks at once, only one finds the token.
        try await fetchRows(
            """
            UPDATE sender_signatures SET confirmed = true, confirmed_at = \(StorageCoding.micros(date)),
                confirmation_digest = NULL
            WHERE confirmation_digest = \(confirmationDigest) AND NOT confirmed
            RETURNING \(unescaped: Self.senderColumns)
            """
        ).first.map(Self.senderSignature(from:))
    }

    public func confirmSenderSignature(emailAddress: String, at date: Date) async throws -> SenderSignatureRecord? {
        let key = StorageCoding.key(emailAddress)
        _ = try await fetchRows(
            """
            UPDATE sender_signatures SET confirmed = true, confirmed_at = \(StorageCoding.micros(date)),
                confirmation_digest = NULL
            WHERE email_key = \(key) AND NOT confirmed
            """)
        return try await senderSignature(emailAddress: emailAddress)
    }

    public func markSenderReturnPathUnverified(id: Int64, returnPathDomain: String) async throws -> Bool {
        !(try await fetchRows(
            """
            UPDATE sender_signatures SET return_path_verified = false
            WHERE id = \(id) AND return_path_domain = \(returnPathDomain) AND return_path_verified RETURNING id
            """
        ).isEmpty)
    }

    public func recordSenderSPF(id: Int64, verified: Bool) async throws -> SenderSignatureRecord {
        let rows = try await fetchRows(
            """
            UPDATE sender_signatures SET spf_verified = \(verified) WHERE id = \(id)
            RETURNING \(unescaped: Self.senderColumns)
            """)
        guard let row = rows.first else { throw StoreError(.notFound, "sender signature \(id)") }
        return try Self.senderSignature(from: row)
    }

    static func senderSignature(from row: PostgresRow) throws -> SenderSignatureRecord {
        let cells = row.makeRandomAccess()
        return SenderSignatureRecord(
            id: try cells[0].decode(Int64.self), emailAddress: try cells[1].decode(String.self),
            domain: try cells[2].decode(String.self), name: try cells[3].decode(String.self),
            replyToEmailAddress: try cells[4].decode(String?.self), returnPathDomain: try cells[5].decode(String?.self),
            returnPathVerified: try cells[6].decode(Bool.self), confirmationPersonalNote: try cells[7].decode(String?.self),
            confirmed: try cells[8].decode(Bool.self), spfVerified: try cells[9].decode(Bool.self),
            createdAt: StorageCoding.date(micros: try cells[10].decode(Int64.self)),
            confirmedAt: try cells[11].decode(Int64?.self).map(StorageCoding.date(micros:)),
            confirmationSentAt: try cells[12].decode(Int64?.self).map(StorageCoding.date(micros:)))
    }
}

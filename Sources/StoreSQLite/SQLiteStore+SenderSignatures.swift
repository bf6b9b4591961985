import Foundation
import GRDB
import Storage

extension SQLiteStore: SenderSignatureStore {
    public func createSenderSignature(
        emailAddress: String, fields: SenderSignatureFields, confirmationDigest: String, at date: Date
    ) async throws -> SenderSignatureRecord {
        let domain = String(emailAddress.split(separator: "@").last ?? "")
        return try await pool.write { db in
            do {
                try db.execute(
                    sql: """
                        INSERT INTO sender_signatures (email, email_key, domain, name, reply_to, return_path_domain,
                            return_path_verified, personal_note, confirmation_digest, created_at, confirmation_sent_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        emailAddress, StorageCoding.key(emailAddress), domain, fields.name, fields.replyToEmailAddress,
                        fields.returnPathDomain, fields.returnPathVerified, fields.confirmationPersonalNote,
                        confirmationDigest, StorageCoding.micros(date), StorageCoding.micros(date),
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError(.duplicateName, emailAddress)
            }
            return try Self.senderSignature(db, "id = ?", [db.lastInsertedRowID])!
        }
    }

    public func listSenderSignatures(count: Int, offset: Int) async throws -> SearchPage<SenderSignatureRecord> {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM sender_signatures") ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM sender_signatures ORDER BY id LIMIT ? OFFSET ?", arguments: [count, offset])
            return SearchPage(totalCount: total, items: rows.map(Self.senderSignature(from:)))
        }
    }

    public func senderSignature(id: Int64) async throws -> SenderSignatureRecord? {
        try await pool.read { db in try Self.senderSignature(db, "id = ?", [id]) }
    }

    public func senderSignature(emailAddress: String) async throws -> SenderSignatureRecord? {
        try await pool.read { db in try Self.senderSignature(db, "email_key = ?", [StorageCoding.key(emailAddress)]) }
    }

    public func updateSenderSignature(id: Int64, fields: SenderSignatureFields) async throws -> SenderSignatureRecord {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE sender_signatures SET name = ?, reply_to = ?, return_path_domain = ?, return_path_verified = ?,
                        personal_note = ?
                    WHERE id = ?
                    """,
                arguments: [
                    fields.name, fields.replyToEmailAddress, fields.returnPathDomain, fields.returnPathVerified,
                    fields.confirmationPersonalNote, id,
                ])
            guard db.changesCount == 1, let record = try Self.senderSignature(db, "id = ?", [id]) else {
                throw StoreError(.notFound, "sender signature \(id)")
            }
            return record
        }
    }

    public func deleteSenderSignature(id: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sender_signatures WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StoreError(.notFound, "sender signature \(id)") }
        }
    }

    public func renewSenderConfirmation(id: Int64, confirmationDigest: String, at date: Date) async throws
        -> SenderSignatureRecord?
    {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE sender_signatures SET confirmation_digest = ?, confirmation_sent_at = ?
                    WHERE id = ? AND confirmed = 0
                    """,
                arguments: [confirmationDigest, StorageCoding.micros(date), id])
            guard db.changesCount == 1 else { return nil }
            return try Self.senderSignature(db, "id = ?", [id])
        }
    }

    public func senderSignature(confirmationDigest: String) async throws -> SenderSignatureRecord? {
        try await pool.read { db in
            try Self.senderSignature(db, "confirmation_digest = ? AND confirmed = 0", [confirmationDigest])
        }
    }

    public func confirmSenderSignature(confirmationDigest: String, at date: Date) async throws -> SenderSignatureRecord? {
        try await pool.write { db in
            guard let record = try Self.senderSignature(db, "confirmation_digest = ? AND confirmed = 0", [confirmationDigest])
            else { return nil }
            try db.execute(
                sql: """
                    UPDATE sender_signatures SET confirmed = 1, confirmed_at = ?, confirmation_digest = NULL WHERE id = ?
                    """,
                arguments: [StorageCoding.micros(date), record.id])
            return try Self.senderSignature(db, "id = ?", [record.id])
        }
    }

    public func confirmSenderSignature(emailAddress: String, at date: Date) async throws -> SenderSignatureRecord? {
        try await pool.write { db in
            let key = StorageCoding.key(emailAddress)
            try db.execute(
                sql: """
                    UPDATE sender_signatures SET confirmed = 1, confirmed_at = ?, confirmation_digest = NULL
                    WHERE email_key = ? AND confirmed = 0
                    """,
                arguments: [StorageCoding.micros(date), key])
            return try Self.senderSignature(db, "email_key = ?", [key])
        }
    }

    public func markSenderReturnPathUnverified(id: Int64, returnPathDomain: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE sender_signatures SET return_path_verified = 0
                    WHERE id = ? AND return_path_domain = ? AND return_path_verified = 1
                    """,
                arguments: [id, returnPathDomain])
            return db.changesCount == 1
        }
    }

    public func recordSenderSPF(id: Int64, verified: Bool) async throws -> SenderSignatureRecord {
        try await pool.write { db in
            try db.execute(sql: "UPDATE sender_signatures SET spf_verified = ? WHERE id = ?", arguments: [verified, id])
            guard db.changesCount == 1, let record = try Self.senderSignature(db, "id = ?", [id]) else {
                throw StoreError(.notFound, "sender signature \(id)")
            }
            return record
        }
    }

    static func senderSignature(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws
        -> SenderSignatureRecord?
    {
        try Row.fetchOne(db, sql: "SELECT * FROM sender_signatures WHERE \(condition)", arguments: arguments)
            .map(senderSignature(from:))
    }

    static func senderSignature(from row: Row) -> SenderSignatureRecord {
        SenderSignatureRecord(
            id: row["id"], emailAddress: row["email"], domain: row["domain"], name: row["name"],
            replyToEmailAddress: row["reply_to"], returnPathDomain: row["return_path_domain"],
            returnPathVerified: row["return_path_verified"], confirmationPersonalNote: row["personal_note"],
            confirmed: row["confirmed"], spfVerified: row["spf_verified"],
            createdAt: StorageCoding.date(micros: row["created_at"]),
            confirmedAt: (row["confirmed_at"] as Int64?).map(StorageCoding.date(micros:)),
            confirmationSentAt: (row["confirmation_sent_at"] as Int64?).map(StorageCoding.date(micros:)))
    }
}

import Foundation
import Storage
import Testing

extension StorageContract {
    static func senderFields(
        _ name: String = "Ops", replyTo: String? = nil, returnPath: String? = nil, verified: Bool = false,
        note: String? = nil
    ) -> SenderSignatureFields {
        SenderSignatureFields(
            name: name, replyToEmailAddress: replyTo, returnPathDomain: returnPath, returnPathVerified: verified,
            confirmationPersonalNote: note)
    }

    @Test(arguments: Backend.all)
    func senderSignaturesAreConfirmedOnlyByTheirCurrentToken(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let created = try await store.createSenderSignature(
                emailAddress: "Alerts@Example.test", fields: Self.senderFields(note: "hi"), confirmationDigest: "d1",
                at: Fixture.time(0))
            #expect(created.emailAddress == "Alerts@Example.test" && created.domain == "Example.test")
            #expect(!created.confirmed && created.confirmationPersonalNote == "hi" && created.id > 0)
            #expect(created.createdAt == Fixture.time(0) && created.confirmationSentAt == Fixture.time(0))
            await #expect(throws: StoreError(.duplicateName, "alerts@EXAMPLE.test")) {
                _ = try await store.createSenderSignature(
                    emailAddress: "alerts@EXAMPLE.test", fields: Self.senderFields(), confirmationDigest: "d9",
                    at: Fixture.time(0))
            }
            #expect(try await store.senderSignature(emailAddress: "ALERTS@example.TEST")?.id == created.id)
            #expect(try await store.senderSignature(confirmationDigest: "d1")?.id == created.id)

            // A resend replaces the token: the old link no longer confirms.
            let renewed = try await store.renewSenderConfirmation(id: created.id, confirmationDigest: "d2", at: Fixture.time(5))
            #expect(renewed?.confirmationSentAt == Fixture.time(5))
            #expect(try await store.confirmSenderSignature(confirmationDigest: "d1", at: Fixture.time(6)) == nil)
            #expect(try await store.senderSignature(confirmationDigest: "d1") == nil)
            let confirmed = try await store.confirmSenderSignature(confirmationDigest: "d2", at: Fixture.time(7))
            #expect(confirmed?.confirmed == true && confirmed?.confirmedAt == Fixture.time(7))
            // Used once only; a confirmed signature gets no new token.
            #expect(try await store.confirmSenderSignature(confirmationDigest: "d2", at: Fixture.time(8)) == nil)
            #expect(try await store.renewSenderConfirmation(id: created.id, confirmationDigest: "d3", at: Fixture.time(9)) == nil)
            #expect(try await store.senderSignature(id: created.id)?.confirmed == true)

            // An operator confirms without the email: the token stops working.
            let other = try await store.createSenderSignature(
                emailAddress: "ops@example.test", fields: Self.senderFields(), confirmationDigest: "o1", at: Fixture.time(10))
            let byOperator = try await store.confirmSenderSignature(emailAddress: "OPS@example.test", at: Fixture.time(11))
            #expect(byOperator?.id == other.id && byOperator?.confirmed == true && byOperator?.confirmedAt == Fixture.time(11))
            #expect(try await store.confirmSenderSignature(confirmationDigest: "o1", at: Fixture.time(12)) == nil)
            // Again: unchanged. No signature: nil.
            #expect(try await store.confirmSenderSignature(emailAddress: "ops@example.test", at: Fixture.time(13))?.confirmedAt
                == Fixture.time(11))
            #expect(try await store.confirmSenderSignature(emailAddress: "nobody@example.test", at: Fixture.time(13)) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func senderSignaturesEditListAndDelete(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            var ids: [Int64] = []
            for index in 0..<3 {
                ids.append(
                    try await store.createSenderSignature(
                        emailAddress: "s\(index)@example.test", fields: Self.senderFields("S\(index)"),
                        confirmationDigest: "t\(index)", at: Fixture.time(index)
                    ).id)
            }
            let page = try await store.listSenderSignatures(count: 2, offset: 1)
            #expect(page.totalCount == 3 && page.items.map(\.emailAddress) == ["s1@example.test", "s2@example.test"])

            let edited = try await store.updateSenderSignature(
                id: ids[0],
                fields: Self.senderFields("New", replyTo: "r@example.test", returnPath: "pm.example.test", verified: true))
            #expect(edited.name == "New" && edited.replyToEmailAddress == "r@example.test")
            #expect(edited.returnPathDomain == "pm.example.test" && edited.returnPathVerified)
            #expect(try await store.recordSenderSPF(id: ids[0], verified: true).spfVerified)

            try await store.deleteSenderSignature(id: ids[1])
            #expect(try await store.senderSignature(id: ids[1]) == nil)
            await #expect(throws: StoreError.self) { try await store.deleteSenderSignature(id: ids[1]) }
            await #expect(throws: StoreError.self) {
                _ = try await store.updateSenderSignature(id: ids[1], fields: Self.senderFields())
            }
            await #expect(throws: StoreError.self) { _ = try await store.recordSenderSPF(id: 999_999, verified: true) }
            #expect(try await store.listSenderSignatures(count: 10, offset: 0).totalCount == 2)
        }
    }

    @Test(arguments: Backend.all)
    func aConfirmedSignatureWithAVerifiedReturnPathSetsTheEnvelopeDomain(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let signature = try await store.createSenderSignature(
                emailAddress: "billing@shop.test",
                fields: Self.senderFields(returnPath: "pm.shop.test", verified: true), confirmationDigest: "c",
                at: Fixture.time(0))
            try await store.accept([Fixture.message(server: server.id, id: "before", from: "Billing@Shop.test")])
            // Unconfirmed: the return path is not used yet.
            var claimed = try await store.claimDue(now: Fixture.time(1), limit: 10, owner: "n", lease: 60)
            #expect(claimed.map(\.returnPathDomain) == [nil])
            _ = try await store.confirmSenderSignature(confirmationDigest: "c", at: Fixture.time(2))
            try await store.accept([
                Fixture.message(server: server.id, id: "after", from: "Billing@Shop.test", at: Fixture.time(3)),
                Fixture.message(server: server.id, id: "other", from: "sales@shop.test", at: Fixture.time(3)),
            ])
            claimed = try await store.claimDue(now: Fixture.time(4), limit: 10, owner: "n", lease: 60)
            #expect(Dictionary(uniqueKeysWithValues: claimed.map { ($0.messageID, $0.returnPathDomain ?? "-") })
                == ["after": "pm.shop.test", "other": "-"])
            // A re-check that found the CNAME gone: the envelope goes back to the bounce domain.
            #expect(!(try await store.markSenderReturnPathUnverified(id: signature.id, returnPathDomain: "other.shop.test")))
            #expect(try await store.markSenderReturnPathUnverified(id: signature.id, returnPathDomain: "pm.shop.test"))
            #expect(!(try await store.markSenderReturnPathUnverified(id: signature.id, returnPathDomain: "pm.shop.test")))
            let marked = try #require(try await store.senderSignature(id: signature.id))
            #expect(!marked.returnPathVerified && marked.returnPathDomain == "pm.shop.test" && marked.name == "Ops")
            try await store.accept([Fixture.message(server: server.id, id: "later", from: "billing@shop.test", at: Fixture.time(5))])
            claimed = try await store.claimDue(now: Fixture.time(6), limit: 10, owner: "n", lease: 60)
            #expect(claimed.map(\.messageID) == ["later"] && claimed.map(\.returnPathDomain) == [nil])
        }
    }

    @Test(arguments: Backend.all)
    func theSystemServerIsMadeOnceAndNeverListed(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let system = try await store.systemServer(at: Fixture.time(1))
            #expect(system.isSystem && !server.isSystem && system.id != server.id)
            #expect(!system.settings.smtpApiActivated)
            #expect(try await store.systemServer(at: Fixture.time(2)).id == system.id)
            #expect(try await store.streams(serverID: system.id).map(\.id).contains("outbound"))
            // Its token finds nothing: no API or SMTP login reaches it.
            #expect(try await store.server(forToken: try #require(system.apiTokens.first)) == nil)
            #expect(try await store.server(forToken: try #require(server.apiTokens.first))?.id == server.id)
            let listed = try await store.listServers(nameFilter: nil, count: 50, offset: 0)
            #expect(listed.totalCount == 1 && listed.items.map(\.id) == [server.id])
            #expect(try await store.listServers(nameFilter: "", count: 50, offset: 0).totalCount == 1)
        }
    }
}

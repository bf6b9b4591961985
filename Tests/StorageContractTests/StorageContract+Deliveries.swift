import Foundation
import Storage
import Testing

extension StorageContract {
    // MARK: - Delivery queue: claims are leases, outcomes are events

    func queue(_ store: any Store) throws -> any DeliveryStore { store }

    @Test(arguments: Backend.all)
    func claimLeasesDueDeliveriesAndRetriesExpiredLeases(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let queue = try queue(store)
            let message = Fixture.message(server: server.id, to: ["a@x.test", "b@x.test"], at: Fixture.time(0))
            try await store.accept([message])

            // Not due before it was accepted.
            #expect(try await queue.claimDue(now: Fixture.time(-1), limit: 10, owner: "n1", lease: 60).isEmpty)
            let claimed = try await queue.claimDue(now: Fixture.time(1), limit: 10, owner: "n1", lease: 60)
            #expect(claimed.map(\.recipient) == ["a@x.test", "b@x.test"])
            #expect(claimed.allSatisfy { $0.messageID == message.messageID && $0.attempts == 0 && !$0.sandboxed })
            #expect(claimed.allSatisfy { $0.serverID == server.id })
            // Leased: nobody else gets them while the lease holds.
            #expect(try await queue.claimDue(now: Fixture.time(2), limit: 10, owner: "n2", lease: 60).isEmpty)
            // The lease of a dead node expires and the work is claimed again, never dropped.
            let again = try await queue.claimDue(now: Fixture.time(62), limit: 10, owner: "n2", lease: 60)
            #expect(Set(again.map(\.id)) == Set(claimed.map(\.id)))
            // The first owner lost its lease: its late outcome changes nothing.
            let late = try await queue.record(
                DeliveryAttempt(at: Fixture.time(63), eventType: "Delivered", details: [:]), resolution: .delivered,
                for: claimed[0], owner: "n1")
            #expect(!late)
            let details = try await store.outboundDetails(serverID: server.id, messageID: message.messageID)
            #expect(details?.events.isEmpty == true)
            #expect(try await queue.rawMessage(messageID: message.messageID) == message.raw)
        }
    }

    @Test(arguments: Backend.all)
    func outcomesBecomeEventsAndTheMessageIsSentWhenEveryRecipientIsDone(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let queue = try queue(store)
            let message = Fixture.message(server: server.id, to: ["a@x.test", "b@x.test"], at: Fixture.time(0))
            try await store.accept([message])
            let claimed = try await queue.claimDue(now: Fixture.time(1), limit: 10, owner: "n1", lease: 60)
            let a = try #require(claimed.first { $0.recipient == "a@x.test" })
            let b = try #require(claimed.first { $0.recipient == "b@x.test" })

            let delivered = DeliveryAttempt(
                at: Fixture.time(2), eventType: "Delivered",
                details: ["DeliveryMessage": "250 2.0.0 queued as X", "DestinationServer": "mx.x.test"])
            #expect(try await queue.record(delivered, resolution: .delivered, for: a, owner: "n1"))
            // b is deferred: the message is still queued.
            let transient = DeliveryAttempt(
                at: Fixture.time(3), eventType: "Transient", details: ["DeliveryMessage": "451 4.3.0 try later"])
            #expect(try await queue.record(transient, resolution: .deferred(until: Fixture.time(300)), for: b, owner: "n1"))
            var details = try #require(try await store.outboundDetails(serverID: server.id, messageID: message.messageID))
            #expect(details.summary.status == .queued)
            #expect(details.events.map(\.type) == ["Delivered", "Transient"])
            #expect(details.events[0].recipient == "a@x.test")
            #expect(details.events[0].details == delivered.details)

            // Not due again until the retry time, then claimed with its attempt counted.
            #expect(try await queue.claimDue(now: Fixture.time(299), limit: 10, owner: "n1", lease: 60).isEmpty)
            let retry = try await queue.claimDue(now: Fixture.time(300), limit: 10, owner: "n2", lease: 60)
            #expect(retry.map(\.recipient) == ["b@x.test"])
            #expect(retry.first?.attempts == 1)
            let bounced = DeliveryAttempt(at: Fixture.time(301), eventType: "Bounced", details: ["Summary": "550 5.1.1"])
            #expect(try await queue.record(bounced, resolution: .failed, for: retry[0], owner: "n2"))
            details = try #require(try await store.outboundDetails(serverID: server.id, messageID: message.messageID))
            #expect(details.summary.status == .sent)
            #expect(details.events.map(\.type) == ["Delivered", "Transient", "Bounced"])
            // Nothing left to claim.
            #expect(try await queue.claimDue(now: Fixture.time(10_000), limit: 10, owner: "n3", lease: 60).isEmpty)
            let rows = try await store.deliveries(messageID: message.messageID)
            #expect(rows.map(\.status).sorted() == ["delivered", "failed"])
        }
    }

    @Test(arguments: Backend.all)
    func releasedLeasesAreClaimableAtOnce(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let queue = try queue(store)
            try await store.accept([Fixture.message(server: server.id, to: ["a@x.test"], at: Fixture.time(0))])
            #expect(try await queue.claimDue(now: Fixture.time(1), limit: 10, owner: "n1", lease: 600).count == 1)
            #expect(try await queue.releaseLeases(owner: "other") == 0)
            #expect(try await queue.releaseLeases(owner: "n1") == 1)
            #expect(try await queue.claimDue(now: Fixture.time(2), limit: 10, owner: "n2", lease: 600).count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func concurrentClaimersNeverShareARow(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let queue = try queue(store)
            let messages = (0..<50).map { index in
                Fixture.message(server: server.id, to: ["a\(index)@x.test", "b\(index)@x.test"], at: Fixture.time(index))
            }
            try await store.accept(messages)
            let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await queue.claimDue(
                                now: Fixture.time(1000), limit: 7, owner: "worker-\(worker)", lease: 600)
                            if batch.isEmpty { return mine }
                            mine.append(contentsOf: batch.map(\.id))
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append(contentsOf: $1) }
            }
            #expect(ids.count == 100)
            #expect(Set(ids).count == 100)
        }
    }
}

extension StorageContract {
    @Test(arguments: Backend.all)
    func aRejectedMessageIsStoredWithItsEventsAndNothingQueued(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let queue = try queue(store)
            var rejected = Fixture.message(server: server.id, to: ["a@x.test", "b@x.test"], at: Fixture.time(0))
            rejected.rejection = MessageRejection(
                eventType: "Bounced", details: ["Type": "SMTPApiError", "Summary": "Unknown stream", "ErrorCode": "1235"],
                bounce: BounceClassification(
                    type: "SMTPApiError", typeCode: 100_007, description: "SMTP API error.", details: "ErrorCode 1235"))
            // In the same commit as an ordinary message, which stays queued.
            let ordinary = Fixture.message(server: server.id, to: ["c@x.test"], at: Fixture.time(0))
            try await store.accept([rejected, ordinary])

            let claimed = try await queue.claimDue(now: Fixture.time(1), limit: 10, owner: "n1", lease: 60)
            #expect(claimed.map(\.messageID) == [ordinary.messageID])
            let details = try #require(try await store.outboundDetails(serverID: server.id, messageID: rejected.messageID))
            #expect(details.summary.status == .sent)
            #expect(details.events.map(\.recipient) == ["a@x.test", "b@x.test"])
            #expect(details.events.allSatisfy { $0.type == "Bounced" && $0.details == rejected.rejection?.details })
            #expect(try await store.deliveries(messageID: rejected.messageID).map(\.status) == ["failed", "failed"])
            // Recorded in the Bounces API too, one per recipient, with the message as its dump.
            let bounces = try await store.bounces(serverID: server.id, query: BounceQuery(count: 10, offset: 0))
            #expect(bounces.items.map(\.email).sorted() == ["a@x.test", "b@x.test"])
            #expect(bounces.items.allSatisfy {
                $0.type == "SMTPApiError" && $0.typeCode == 100_007 && $0.messageID == rejected.messageID
                    && !$0.inactive && !$0.canActivate && $0.dumpAvailable && $0.details == "ErrorCode 1235"
            })
            #expect(try await store.bounceDump(serverID: server.id, id: bounces.items[0].id) == rejected.raw)
            let other = try #require(try await store.outboundDetails(serverID: server.id, messageID: ordinary.messageID))
            #expect(other.summary.status == .queued)
            #expect(other.events.isEmpty)
        }
    }
}

extension StorageContract {
    @Test(arguments: Backend.all)
    func suppressionsPerStreamCaseInsensitiveAndComplaintsStay(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let records = [
                SuppressionRecord(emailAddress: "Hard@X.test", reason: .hardBounce, origin: .recipient, createdAt: Fixture.time(1)),
                SuppressionRecord(emailAddress: "spam@x.test", reason: .spamComplaint, origin: .recipient, createdAt: Fixture.time(2)),
                SuppressionRecord(emailAddress: "manual@x.test", reason: .manualSuppression, origin: .customer, createdAt: Fixture.time(3)),
            ]
            try await store.addSuppressions(serverID: server.id, stream: "outbound", records)
            // A second add of the same address keeps the first reason.
            try await store.addSuppressions(serverID: server.id, stream: "outbound", [
                SuppressionRecord(emailAddress: "SPAM@x.test", reason: .manualSuppression, origin: .customer, createdAt: Fixture.time(4)),
            ])
            let found = try await store.suppressedAddresses(
                serverID: server.id, stream: "outbound", among: ["hard@x.test", "SPAM@X.TEST", "ok@x.test"])
            #expect(found == ["hard@x.test", "spam@x.test"])
            // Per stream: nothing on broadcast.
            #expect(try await store.suppressedAddresses(serverID: server.id, stream: "broadcast", among: ["hard@x.test"]).isEmpty)

            let all = try await store.suppressions(serverID: server.id, stream: "outbound", query: SuppressionQuery())
            #expect(all.map(\.emailAddress) == ["manual@x.test", "spam@x.test", "Hard@X.test"])
            #expect(all.last?.reason == .hardBounce && all.last?.origin == .recipient && all.last?.createdAt == Fixture.time(1))
            let complaints = try await store.suppressions(
                serverID: server.id, stream: "outbound", query: SuppressionQuery(reason: .spamComplaint))
            #expect(complaints.map(\.emailAddress) == ["spam@x.test"])
            let byAddress = try await store.suppressions(
                serverID: server.id, stream: "outbound", query: SuppressionQuery(emailAddress: "HARD@x.test"))
            #expect(byAddress.count == 1)
            let window = try await store.suppressions(
                serverID: server.id, stream: "outbound", query: SuppressionQuery(fromDate: Fixture.time(2), toDate: Fixture.time(2)))
            #expect(window.map(\.emailAddress) == ["spam@x.test"])

            let refused = try await store.deleteSuppressions(
                serverID: server.id, stream: "outbound", emails: ["hard@x.test", "spam@x.test", "never@x.test"])
            #expect(refused == ["spam@x.test"])
            #expect(try await store.suppressedAddresses(
                serverID: server.id, stream: "outbound", among: ["hard@x.test", "spam@x.test", "manual@x.test"])
                == ["spam@x.test", "manual@x.test"])
        }
    }

    @Test(arguments: Backend.all)
    func aHardBounceSuppressesTheRecipientOnTheMessagesStream(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let message = Fixture.message(server: server.id, to: ["gone@x.test", "busy@x.test"], at: Fixture.time(0))
            try await store.accept([message])
            let claimed = try await store.claimDue(now: Fixture.time(1), limit: 10, owner: "n1", lease: 60)
            let gone = try #require(claimed.first { $0.recipient == "gone@x.test" })
            let busy = try #require(claimed.first { $0.recipient == "busy@x.test" })
            let bounce = DeliveryAttempt(
                at: Fixture.time(2), eventType: "Bounced", details: ["BounceType": "HardBounce"], suppression: .hardBounce)
            #expect(try await store.record(bounce, resolution: .failed, for: gone, owner: "n1"))
            let soft = DeliveryAttempt(at: Fixture.time(2), eventType: "Bounced", details: ["BounceType": "SoftBounce"])
            #expect(try await store.record(soft, resolution: .failed, for: busy, owner: "n1"))
            let rows = try await store.suppressions(serverID: server.id, stream: message.stream, query: SuppressionQuery())
            #expect(rows.map(\.emailAddress) == ["gone@x.test"])
            #expect(rows.first?.reason == .hardBounce && rows.first?.origin == .recipient)
            #expect(rows.first?.createdAt == Fixture.time(2))
        }
    }
}

extension StorageContract {
    @Test(arguments: Backend.all)
    func bouncesAreTiedToTheirMessageOrKeptUnmatched(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            var message = Fixture.message(server: server.id, to: ["gone@x.test", "full@x.test"], at: Fixture.time(0))
            message.tag = "welcome"
            try await store.accept([message])

            // A synchronous hard bounce from the delivery role: event, bounce row and suppression in one commit.
            let claimed = try await store.claimDue(now: Fixture.time(1), limit: 10, owner: "n1", lease: 60)
            let gone = try #require(claimed.first { $0.recipient == "gone@x.test" })
            let attempt = DeliveryAttempt(
                at: Fixture.time(2), eventType: "Bounced", details: ["BounceType": "HardBounce"], suppression: .hardBounce,
                bounce: BounceClassification(type: "HardBounce", typeCode: 1, description: "Hard.", details: "550 5.1.1 unknown"))
            #expect(try await store.record(attempt, resolution: .failed, for: gone, owner: "n1"))

            // An asynchronous soft bounce (a DSN) with its dump, and a complaint.
            let dsn: [UInt8] = Array("From: MAILER-DAEMON\r\n\r\nmailbox full\r\n".utf8)
            let soft = try await store.recordBounce(
                NewBounce(
                    messageID: message.messageID.uppercased(), email: "full@x.test", type: "SoftBounce", typeCode: 4096,
                    description: "Soft.", details: "552 5.2.2 mailbox full", bouncedAt: Fixture.time(3), content: dsn,
                    suppression: nil))
            #expect(soft.matched)
            let complaint = try await store.recordBounce(
                NewBounce(
                    messageID: message.messageID, email: "full@x.test", type: "SpamComplaint", typeCode: 100_001,
                    description: "Spam.", details: "abuse", bouncedAt: Fixture.time(4), content: dsn, suppression: .spamComplaint))
            let unmatched = try await store.recordBounce(
                NewBounce(
                    messageID: "00000000-0000-4000-8000-000000000000", email: "who@x.test", type: "HardBounce", typeCode: 1,
                    description: "Hard.", details: "?", bouncedAt: Fixture.time(5), content: dsn, suppression: .hardBounce))
            #expect(!unmatched.matched)

            let page = try await store.bounces(serverID: server.id, query: BounceQuery(count: 10, offset: 0))
            #expect(page.totalCount == 3)
            #expect(page.items.map(\.type) == ["SpamComplaint", "SoftBounce", "HardBounce"])
            let hard = try #require(page.items.last)
            #expect(hard.email == "gone@x.test" && hard.messageID == message.messageID && hard.tag == "welcome")
            #expect(hard.inactive && hard.canActivate && !hard.dumpAvailable && hard.details == "550 5.1.1 unknown")
            #expect(hard.subject == message.subject && hard.stream == message.stream)
            let spam = try #require(page.items.first)
            #expect(spam.inactive && !spam.canActivate && spam.dumpAvailable)
            #expect(!page.items[1].inactive)

            var query = BounceQuery(count: 10, offset: 0)
            query.type = "HardBounce"
            #expect(try await store.bounces(serverID: server.id, query: query).items.map(\.email) == ["gone@x.test"])
            query = BounceQuery(count: 10, offset: 0)
            query.emailFilter = "FULL"
            #expect(try await store.bounces(serverID: server.id, query: query).totalCount == 2)
            query = BounceQuery(count: 10, offset: 0)
            query.inactive = false
            #expect(try await store.bounces(serverID: server.id, query: query).items.map(\.type) == ["SoftBounce"])

            #expect(try await store.bounceDump(serverID: server.id, id: soft.id) == dsn)
            #expect(try await store.bounceDump(serverID: server.id, id: hard.id) == [])
            #expect(try await store.bounceDump(serverID: server.id, id: unmatched.id) == nil)  // not the server's
            // Unmatched bounces are listed for operators only, with what the return path named.
            let kept = try await store.unmatchedBounces(count: 10, offset: 0)
            #expect(kept.totalCount == 1 && kept.items.map(\.id) == [unmatched.id])
            #expect(kept.items[0].serverID == 0 && kept.items[0].messageID == "00000000-0000-4000-8000-000000000000")
            #expect(kept.items[0].email == "who@x.test" && kept.items[0].dumpAvailable && !kept.items[0].inactive)
            #expect(try await store.unmatchedBounces(count: 10, offset: 1).items.isEmpty)
            #expect(try await store.unmatchedBounceDump(id: unmatched.id) == dsn)
            #expect(try await store.unmatchedBounceDump(id: soft.id) == nil)  // a matched one is its server's
            let events = try #require(try await store.outboundDetails(serverID: server.id, messageID: message.messageID)).events
            #expect(events.map(\.type) == ["Bounced", "Bounced", "SpamComplaint"])

            // Activation lifts a hard bounce's suppression, never a complaint's.
            let activated = try #require(try await store.activateBounce(serverID: server.id, id: hard.id))
            #expect(!activated.inactive)
            #expect(try await store.suppressedAddresses(serverID: server.id, stream: message.stream, among: ["gone@x.test"]).isEmpty)
            let still = try #require(try await store.activateBounce(serverID: server.id, id: spam.id))
            #expect(still.inactive)
            #expect(try await store.suppressedAddresses(serverID: server.id, stream: message.stream, among: ["full@x.test"])
                == ["full@x.test"])

            let stats = try await store.deliveryStats(serverID: server.id)
            #expect(stats.inactive == 1)
            #expect(stats.counts.map(\.type) == ["HardBounce", "SoftBounce", "SpamComplaint"])
            #expect(try await store.bounceTags(serverID: server.id) == ["welcome"])
        }
    }
}

import Foundation
import Storage
import Testing

/// A small corpus with one distinguishing attribute per message, shared by the filter tests.
struct SearchCorpus {
    let server: Int64
    let other: Int64
    let invoice: NewMessage  // subject words, tag, metadata
    let welcome: NewMessage  // cc/bcc recipients, other sender
    let cafe: NewMessage  // diacritics in the subject
    let broadcast: NewMessage  // another stream
    let late: NewMessage  // latest, shares recipient with invoice
    let foreign: NewMessage  // same recipient/subject/tag/metadata, other server

    static func make(_ store: any Store) async throws -> SearchCorpus {
        let server = try await store.defaultServer().id
        let other = try await store.createServer(
            name: "Other", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch
        ).id
        let invoice = Fixture.message(
            server: server, from: "Billing@Example.test", subject: "Your Invoice #4217 (March) from ACME-Corp",
            tag: "invoice",
            to: ["Bob@Example.test"],
            metadata: [MetadataEntry(key: "Customer", value: "Acme"), MetadataEntry(key: "plan", value: "pro")],
            at: Fixture.time(100))
        let welcome = Fixture.message(
            server: server, from: "hello@example.test", subject: "Welcome aboard, bob@example.test!", tag: "Welcome",
            to: ["new@example.test"], cc: ["CC.Person@example.test"], bcc: ["hidden@Example.test"],
            metadata: [MetadataEntry(key: "customer", value: "acme")], at: Fixture.time(200))
        let cafe = Fixture.message(
            server: server, from: "hello@example.test", subject: "Café résumé naïve", tag: nil,
            to: ["eve@example.test"],
            at: Fixture.time(300))
        let broadcast = Fixture.message(
            server: server, stream: "broadcast", from: "news@example.test", subject: "Monthly invoice digest",
            tag: "invoice", to: ["bob@example.test"], metadata: [MetadataEntry(key: "customer", value: "Acme")],
            at: Fixture.time(400))
        let late = Fixture.message(
            server: server, from: "billing@example.test", subject: "Invoice 4218 reminder", tag: "reminder",
            to: ["bob@example.test"], at: Fixture.time(500))
        let foreign = Fixture.message(
            server: other, from: "billing@example.test", subject: "Your Invoice #4217", tag: "invoice",
            to: ["bob@example.test"], metadata: [MetadataEntry(key: "customer", value: "Acme")], at: Fixture.time(150))
        try await store.accept([invoice, welcome])
        try await store.accept([cafe, broadcast, late, foreign])
        return SearchCorpus(
            server: server, other: other, invoice: invoice, welcome: welcome, cafe: cafe, broadcast: broadcast,
            late: late,
            foreign: foreign)
    }
}

extension StorageContract {
    static func query(
        recipient: String? = nil, fromEmail: String? = nil, tag: String? = nil, statuses: [MessageStatus]? = nil,
        subject: String? = nil, fromDate: Date? = nil, toDate: Date? = nil, stream: String = "outbound",
        metadata: MetadataEntry? = nil
    ) -> OutboundQuery {
        OutboundQuery(
            count: 100, offset: 0, recipient: recipient, fromEmail: fromEmail, tag: tag, statuses: statuses,
            subject: subject,
            fromDate: fromDate, toDate: toDate, stream: stream, metadata: metadata)
    }

    // MARK: - Filters one at a time

    @Test(arguments: Backend.all)
    func searchFiltersAlone(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let c = try await SearchCorpus.make(store)
            func ids(_ query: OutboundQuery, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String]
            {
                let page = try await store.searchOutbound(serverID: c.server, query: query)
                #expect(page.totalCount == page.items.count, sourceLocation: sourceLocation)
                return page.items.map(\.messageID)
            }
            let outbound = [c.late, c.cafe, c.welcome, c.invoice].map(\.messageID)
            #expect(try await ids(Self.query()) == outbound)

            // Recipient: exact address, any case, To, Cc and Bcc alike.
            #expect(try await ids(Self.query(recipient: "bob@example.test")) == [c.late, c.invoice].map(\.messageID))
            #expect(try await ids(Self.query(recipient: "BOB@EXAMPLE.TEST")) == [c.late, c.invoice].map(\.messageID))
            #expect(try await ids(Self.query(recipient: "cc.person@EXAMPLE.test")) == [c.welcome.messageID])
            #expect(try await ids(Self.query(recipient: "HIDDEN@example.test")) == [c.welcome.messageID])
            #expect(try await ids(Self.query(recipient: "bob@example")) == [])
            #expect(try await ids(Self.query(recipient: "ob@example.test")) == [])

            // From: exact address, any case.
            #expect(
                try await ids(Self.query(fromEmail: "BILLING@example.TEST")) == [c.late, c.invoice].map(\.messageID))
            #expect(try await ids(Self.query(fromEmail: "hello@example.test")) == [c.cafe, c.welcome].map(\.messageID))
            #expect(try await ids(Self.query(fromEmail: "billing")) == [])

            // Tag: exact.
            #expect(try await ids(Self.query(tag: "invoice")) == [c.invoice.messageID])
            #expect(try await ids(Self.query(tag: "Welcome")) == [c.welcome.messageID])
            #expect(try await ids(Self.query(tag: "welcome")) == [])
            #expect(try await ids(Self.query(tag: "invo")) == [])

            // Status: everything is Queued after accept.
            #expect(try await ids(Self.query(statuses: [.queued])) == outbound)
            #expect(try await ids(Self.query(statuses: [.sent])) == [])
            #expect(try await ids(Self.query(statuses: [.sent, .processed])) == [])
            #expect(try await ids(Self.query(statuses: [.sent, .queued])) == outbound)
            #expect(try await ids(Self.query(statuses: [])) == outbound)

            // Stream.
            #expect(try await ids(Self.query(stream: "broadcast")) == [c.broadcast.messageID])
            #expect(try await ids(Self.query(stream: "inbound")) == [])

            // Metadata: key in any case, value exact.
            #expect(
                try await ids(Self.query(metadata: MetadataEntry(key: "customer", value: "Acme"))) == [
                    c.invoice.messageID
                ])
            #expect(
                try await ids(Self.query(metadata: MetadataEntry(key: "CUSTOMER", value: "Acme"))) == [
                    c.invoice.messageID
                ])
            #expect(
                try await ids(Self.query(metadata: MetadataEntry(key: "Customer", value: "acme"))) == [
                    c.welcome.messageID
                ])
            #expect(
                try await ids(Self.query(metadata: MetadataEntry(key: "plan", value: "pro"))) == [c.invoice.messageID])
            #expect(try await ids(Self.query(metadata: MetadataEntry(key: "plan", value: "Pro"))) == [])
            #expect(try await ids(Self.query(metadata: MetadataEntry(key: "plan", value: "pr"))) == [])
            #expect(try await ids(Self.query(metadata: MetadataEntry(key: "plans", value: "pro"))) == [])

            // Dates: fromDate inclusive, toDate exclusive.
            #expect(try await ids(Self.query(fromDate: Fixture.time(300))) == [c.late, c.cafe].map(\.messageID))
            #expect(try await ids(Self.query(fromDate: Fixture.time(301))) == [c.late.messageID])
            #expect(try await ids(Self.query(toDate: Fixture.time(200))) == [c.invoice.messageID])
            #expect(try await ids(Self.query(toDate: Fixture.time(201))) == [c.welcome, c.invoice].map(\.messageID))
            #expect(
                try await ids(Self.query(fromDate: Fixture.time(200), toDate: Fixture.time(300))) == [
                    c.welcome.messageID
                ])
            #expect(try await ids(Self.query(fromDate: Fixture.time(300), toDate: Fixture.time(300))) == [])
            #expect(try await ids(Self.query(fromDate: Fixture.time(600))) == [])
        }
    }

    @Test(arguments: Backend.all)
    func searchSubjectWords(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let c = try await SearchCorpus.make(store)
            func ids(_ subject: String) async throws -> [String] {
                try await store.search(c.server, Self.query(subject: subject))
            }
            let invoices = [c.late, c.invoice].map(\.messageID)
            #expect(try await ids("invoice") == invoices)
            #expect(try await ids("INVOICE") == invoices)
            #expect(try await ids("inv") == invoices, "a word matches as a prefix")
            #expect(try await ids("voice") == [], "but only as a prefix")
            #expect(try await ids("invoice 4217") == [c.invoice.messageID], "every word must match")
            #expect(try await ids("4217 invoice") == [c.invoice.messageID], "in any order")
            #expect(try await ids("invoice 42") == invoices)
            #expect(try await ids("invoice 4219") == [])
            #expect(try await ids("#4217, (march)!") == [c.invoice.messageID], "punctuation separates words")
            #expect(try await ids("acme corp") == [c.invoice.messageID])
            #expect(try await ids("corp") == [c.invoice.messageID], "hyphenated parts are words")
            #expect(try await ids("example") == [c.welcome.messageID], "addresses in subjects split into words")
            #expect(try await ids("bob example test") == [c.welcome.messageID])
            #expect(try await ids("aboard bob") == [c.welcome.messageID])
            #expect(try await ids("your") == [c.invoice.messageID])
            #expect(try await ids("cafe") == [c.cafe.messageID], "diacritics are ignored")
            #expect(try await ids("café résumé") == [c.cafe.messageID])
            #expect(try await ids("RESUME NAIVE") == [c.cafe.messageID])
            #expect(try await ids("digest") == [], "other streams are not searched")
            #expect(try await ids("nothing-like-this") == [])
            // Quotes, operators and SQL in the query are only words (or nothing).
            #expect(try await ids("invoice' OR '1'='1") == [])
            #expect(try await ids("\"invoice\" & !reminder | x:*") == [])
            #expect(try await ids("inv*") == invoices)
            #expect(try await ids("'; DROP TABLE messages; --") == [])
            #expect(
                try await ids("\\ ' \" ) ( : * & | !") == [c.late, c.cafe, c.welcome, c.invoice].map(\.messageID),
                "a query without words does not filter")
            #expect(try await store.total(c.server) == 4)
        }
    }

    @Test(arguments: Backend.all)
    func searchFiltersCombined(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let c = try await SearchCorpus.make(store)
            func ids(_ query: OutboundQuery) async throws -> [String] { try await store.search(c.server, query) }
            #expect(try await ids(Self.query(recipient: "bob@example.test", tag: "invoice")) == [c.invoice.messageID])
            #expect(try await ids(Self.query(recipient: "bob@example.test", subject: "reminder")) == [c.late.messageID])
            #expect(
                try await ids(Self.query(recipient: "bob@example.test", fromDate: Fixture.time(101))) == [
                    c.late.messageID
                ])
            #expect(
                try await ids(
                    Self.query(fromEmail: "billing@example.test", subject: "invoice", toDate: Fixture.time(500)))
                    == [c.invoice.messageID])
            #expect(
                try await ids(
                    Self.query(
                        recipient: "BOB@example.test", fromEmail: "billing@EXAMPLE.test", tag: "invoice",
                        statuses: [.queued],
                        subject: "your inv", fromDate: Fixture.time(100), toDate: Fixture.time(101),
                        metadata: MetadataEntry(key: "customer", value: "Acme"))) == [c.invoice.messageID])
            #expect(try await ids(Self.query(tag: "invoice", stream: "broadcast")) == [c.broadcast.messageID])
            #expect(
                try await ids(Self.query(stream: "broadcast", metadata: MetadataEntry(key: "customer", value: "Acme")))
                    == [c.broadcast.messageID])
            #expect(try await ids(Self.query(recipient: "bob@example.test", tag: "reminder", subject: "4217")) == [])
            #expect(
                try await ids(
                    Self.query(recipient: "new@example.test", metadata: MetadataEntry(key: "customer", value: "Acme")))
                    == [])
            #expect(try await ids(Self.query(fromEmail: "hello@example.test", statuses: [.sent])) == [])
        }
    }

    // MARK: - Paging and order

    @Test(arguments: Backend.all)
    func searchPagesNewestFirst(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            // 25 messages: ten distinct times (accepted out of order), then fifteen sharing one time
            // (accepted in three calls): ties go to the most recently stored first.
            var distinct = (0..<10).map {
                Fixture.message(server: server, subject: "distinct \($0)", at: Fixture.time(1000 + $0))
            }
            distinct.shuffle()
            try await store.accept(Array(distinct.prefix(5)))
            try await store.accept(Array(distinct.dropFirst(5)))
            var tied: [NewMessage] = []
            for batch in 0..<3 {
                let messages = (0..<5).map {
                    Fixture.message(server: server, subject: "tied \(batch) \($0)", at: Fixture.time(500))
                }
                try await store.accept(messages)
                tied += messages
            }
            let expected =
                distinct.sorted { $0.receivedAt > $1.receivedAt }.map(\.messageID) + tied.reversed().map(\.messageID)

            var seen: [String] = []
            for offset in stride(from: 0, to: 30, by: 10) {
                let page = try await store.searchOutbound(
                    serverID: server, query: OutboundQuery(count: 10, offset: offset))
                #expect(page.totalCount == 25)
                #expect(page.items.count == min(10, 25 - offset))
                seen += page.items.map(\.messageID)
            }
            #expect(seen == expected)
            let all = try await store.searchOutbound(serverID: server, query: OutboundQuery(count: 500, offset: 0))
            #expect(all.items.map(\.messageID) == expected)
            let zero = try await store.searchOutbound(serverID: server, query: OutboundQuery(count: 0, offset: 0))
            #expect(zero.totalCount == 25)
            #expect(zero.items.isEmpty)
            let past = try await store.searchOutbound(serverID: server, query: OutboundQuery(count: 10, offset: 25))
            #expect(past.totalCount == 25)
            #expect(past.items.isEmpty)
            let filtered = try await store.searchOutbound(
                serverID: server, query: OutboundQuery(count: 2, offset: 1, subject: "tied"))
            #expect(filtered.totalCount == 15)
            #expect(filtered.items.map(\.messageID) == Array(tied.reversed().map(\.messageID)[1..<3]))
        }
    }

    // MARK: - Tenants

    @Test(arguments: Backend.all)
    func serversNeverSeeEachOthersMessages(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let c = try await SearchCorpus.make(store)
            let mine = [c.invoice, c.welcome, c.cafe, c.broadcast, c.late]
            // The other server sees only its own message, whatever the filter.
            #expect(try await store.search(c.other, Self.query()) == [c.foreign.messageID])
            #expect(try await store.search(c.other, Self.query(recipient: "new@example.test")) == [])
            #expect(try await store.search(c.other, Self.query(subject: "welcome")) == [])
            #expect(try await store.search(c.other, Self.query(stream: "broadcast")) == [])
            #expect(try await store.search(c.other, Self.query(tag: "reminder")) == [])
            #expect(
                try await store.search(c.other, Self.query(metadata: MetadataEntry(key: "plan", value: "pro"))) == [])
            #expect(
                try await store.search(c.other, Self.query(recipient: "bob@example.test", tag: "invoice"))
                    == [c.foreign.messageID])
            for message in mine {
                #expect(try await store.outboundDetails(serverID: c.other, messageID: message.messageID) == nil)
                #expect(try await store.outboundDump(serverID: c.other, messageID: message.messageID) == nil)
            }
            // And the first server never sees the other's.
            #expect(try await store.outboundDetails(serverID: c.server, messageID: c.foreign.messageID) == nil)
            #expect(try await store.outboundDump(serverID: c.server, messageID: c.foreign.messageID) == nil)
            #expect(try await store.search(c.server, Self.query(subject: "4217")) == [c.invoice.messageID])
            #expect(
                try await store.search(c.server, Self.query(fromDate: Fixture.time(150), toDate: Fixture.time(151)))
                    == [])
            #expect(try await store.search(c.server + 1000, Self.query()) == [])
        }
    }
}

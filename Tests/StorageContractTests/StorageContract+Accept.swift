import Foundation
import Storage
import Testing

extension StorageContract {
    // MARK: - Accept

    @Test(arguments: Backend.all)
    func acceptOneMessageStoresEveryField(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            var message = Fixture.message(
                server: server.id, from: "Alice.Sender@Example.TEST", subject: "Ünïcode ✉️ subject \"quoted\" 'single'",
                tag: "welcome", to: ["Bob@Example.test"], cc: ["carol@example.test"], bcc: ["dave@example.test"],
                metadata: [MetadataEntry(key: "Zeta", value: "1"), MetadataEntry(key: "alpha", value: "Two words")],
                at: Fixture.time(42), textBody: "", htmlBody: "<p>Hi</p>", raw: Fixture.allBytes)
            message.to = [RecipientEntry(email: "Bob@Example.test", name: "Bob \"B\" Example")]
            message.attachmentNames = ["a.pdf", "b ü.txt"]
            message.trackOpens = true
            message.trackLinks = "HtmlOnly"
            message.sandboxed = true
            message.fromDisplay = "\"Alice, Sender\" <Alice.Sender@Example.TEST>"
            try await store.accept([message])

            let details = try #require(
                try await store.outboundDetails(serverID: server.id, messageID: message.messageID))
            let summary = details.summary
            #expect(summary.messageID == message.messageID)
            #expect(summary.stream == "outbound")
            #expect(summary.tag == "welcome")
            #expect(summary.to == message.to)
            #expect(summary.cc == message.cc)
            #expect(summary.bcc == message.bcc)
            #expect(summary.fromDisplay == message.fromDisplay)
            #expect(summary.subject == message.subject)
            #expect(summary.attachmentNames == ["a.pdf", "b ü.txt"])
            #expect(summary.status == .queued)
            #expect(summary.trackOpens)
            #expect(summary.trackLinks == "HtmlOnly")
            #expect(summary.metadata == message.metadata)
            #expect(summary.sandboxed)
            #expect(StorageCoding.micros(summary.receivedAt) == StorageCoding.micros(Fixture.time(42)))
            #expect(summary.recipients == ["Bob@Example.test", "carol@example.test", "dave@example.test"])
            #expect(details.textBody == "")
            #expect(details.htmlBody == "<p>Hi</p>")
            #expect(details.raw == Fixture.allBytes)
            #expect(details.events.isEmpty)

            let listed = try await store.searchOutbound(serverID: server.id, query: OutboundQuery(count: 10, offset: 0))
            #expect(listed.totalCount == 1)
            #expect(listed.items == [summary])
            #expect(try await store.outboundDump(serverID: server.id, messageID: message.messageID) == Fixture.allBytes)
        }
    }

    @Test(arguments: Backend.all)
    func optionalFieldsStayNilAndEmptyStaysEmpty(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let bare = Fixture.message(server: server.id, tag: nil, textBody: nil, htmlBody: nil)
            let empty = Fixture.message(server: server.id, tag: "", textBody: "", htmlBody: "")
            try await store.accept([bare, empty])
            let bareDetails = try #require(
                try await store.outboundDetails(serverID: server.id, messageID: bare.messageID))
            #expect(bareDetails.summary.tag == nil)
            #expect(bareDetails.textBody == nil)
            #expect(bareDetails.htmlBody == nil)
            let emptyDetails = try #require(
                try await store.outboundDetails(serverID: server.id, messageID: empty.messageID))
            #expect(emptyDetails.summary.tag == "")
            #expect(emptyDetails.textBody == "")
            #expect(emptyDetails.htmlBody == "")
            #expect(
                try await store.search(server.id, OutboundQuery(count: 10, offset: 0, tag: "")) == [empty.messageID])
        }
    }

    @Test(arguments: Backend.all)
    func acceptManyMessagesWithTheirDeliveries(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let messages = [
                Fixture.message(server: server.id, to: ["One@example.test"], at: Fixture.time(1)),
                Fixture.message(
                    server: server.id, to: ["b@example.test", "a@example.test"], cc: ["C@example.test"],
                    bcc: ["d@example.test"], at: Fixture.time(2)),
                Fixture.message(
                    server: server.id, to: ["z@example.test", "y@example.test", "x@example.test"], at: Fixture.time(3)),
            ]
            try await store.accept(messages)
            for message in messages {
                let deliveries = try await store.deliveries(messageID: message.messageID)
                #expect(deliveries.map(\.recipient) == message.envelopeRecipients)
                #expect(deliveries.allSatisfy { $0.messageID == message.messageID })
                #expect(deliveries.allSatisfy { $0.status == "queued" })
                #expect(deliveries.allSatisfy { $0.attempts == 0 })
                #expect(
                    deliveries.allSatisfy { StorageCoding.micros($0.dueAt) == StorageCoding.micros(message.receivedAt) }
                )
                #expect(try await store.outboundDump(serverID: server.id, messageID: message.messageID) == message.raw)
            }
            #expect(try await store.total(server.id) == 3)
            #expect(try await store.deliveries(messageID: Fixture.newID()).isEmpty)
            try await store.accept([])
            #expect(try await store.total(server.id) == 3)
        }
    }

    @Test(arguments: Backend.all)
    func rawBytesRoundTripExactly(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            var generator = SystemRandomNumberGenerator()
            let large = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let cases: [[UInt8]] = [Fixture.allBytes, [], [0], Array(repeating: 0xFF, count: 70_000), large]
            let messages = cases.map { Fixture.message(server: server.id, raw: $0) }
            try await store.accept(messages)
            for message in messages {
                let dump = try #require(try await store.outboundDump(serverID: server.id, messageID: message.messageID))
                #expect(dump.count == message.raw.count)
                #expect(dump == message.raw)
                #expect(
                    try await store.outboundDetails(serverID: server.id, messageID: message.messageID)?.raw
                        == message.raw)
            }
            #expect(try await store.outboundDump(serverID: server.id, messageID: Fixture.newID()) == nil)
            #expect(try await store.outboundDetails(serverID: server.id, messageID: Fixture.newID()) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func duplicateMessageIDRollsBackTheWholeCall(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let first = Fixture.message(server: server.id, subject: "first")
            try await store.accept([first])

            let before = Fixture.message(server: server.id, subject: "before", to: ["before@example.test"])
            let clash = Fixture.message(server: server.id, id: first.messageID, subject: "clash")
            let after = Fixture.message(server: server.id, subject: "after", to: ["after@example.test"])
            let error = await #expect(throws: StoreError.self) { try await store.accept([before, clash, after]) }
            #expect(error?.code == .duplicateMessageID)
            #expect(error?.detail == first.messageID)
            for message in [before, after] {
                #expect(try await store.outboundDetails(serverID: server.id, messageID: message.messageID) == nil)
                #expect(try await store.deliveries(messageID: message.messageID).isEmpty)
            }
            #expect(try await store.search(server.id, OutboundQuery(count: 10, offset: 0)) == [first.messageID])
            #expect(
                try await store.search(server.id, OutboundQuery(count: 10, offset: 0, recipient: "after@example.test"))
                    .isEmpty)
            #expect(try await store.search(server.id, OutboundQuery(count: 10, offset: 0, subject: "before")).isEmpty)
            // The original is untouched.
            #expect(
                try await store.outboundDetails(serverID: server.id, messageID: first.messageID)?.summary.subject
                    == "first")
            #expect(try await store.deliveries(messageID: first.messageID).count == 1)

            // A MessageID twice in one call is a duplicate too, and nothing of the call is stored.
            let twin = Fixture.message(server: server.id, subject: "twin")
            let error2 = await #expect(throws: StoreError.self) {
                try await store.accept([twin, Fixture.message(server: server.id, id: twin.messageID)])
            }
            #expect(error2?.code == .duplicateMessageID)
            #expect(error2?.detail == twin.messageID)
            #expect(try await store.outboundDetails(serverID: server.id, messageID: twin.messageID) == nil)
            #expect(try await store.total(server.id) == 1)

            // The same MessageID under another server is still a duplicate: MessageIDs are global.
            let other = try await store.createServer(
                name: "Other", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
            let error3 = await #expect(throws: StoreError.self) {
                try await store.accept([Fixture.message(server: other.id, id: first.messageID)])
            }
            #expect(error3?.code == .duplicateMessageID)
        }
    }

    @Test(arguments: Backend.all)
    func acceptForUnknownServerStoresNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let good = Fixture.message(server: server.id)
            let orphan = Fixture.message(server: server.id + 999)
            await #expect(throws: (any Error).self) { try await store.accept([good, orphan]) }
            #expect(try await store.outboundDetails(serverID: server.id, messageID: good.messageID) == nil)
            #expect(try await store.deliveries(messageID: good.messageID).isEmpty)
            #expect(try await store.deliveries(messageID: orphan.messageID).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func acceptFiveHundredMessagesInOneCall(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer()
            let body = String(repeating: "Lorem ipsum dolor sit amet. ", count: 200)
            let messages = (0..<500).map { index in
                Fixture.message(
                    server: server.id, subject: "Batch \(index) invoice", tag: "batch",
                    to: ["r\(index)@example.test", "copy\(index)@example.test"],
                    metadata: [MetadataEntry(key: "n", value: "\(index)")], at: Fixture.time(index), textBody: body)
            }
            let clock = ContinuousClock()
            let elapsed = try await clock.measure { try await store.accept(messages) }
            print(
                "[contract] \(backend.rawValue): accept of 500 messages (1000 deliveries) in one call took \(elapsed)")
            #expect(try await store.total(server.id) == 500)
            let page = try await store.searchOutbound(
                serverID: server.id,
                query: OutboundQuery(count: 500, offset: 0, metadata: MetadataEntry(key: "N", value: "250")))
            #expect(page.items.map(\.messageID) == [messages[250].messageID])
            #expect(
                try await store.deliveries(messageID: messages[499].messageID).map(\.recipient)
                    == ["r499@example.test", "copy499@example.test"])
        }
    }
}

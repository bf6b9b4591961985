import Foundation
import Storage
import Testing

extension StorageContract {
    @Test(arguments: Backend.all)
    func concurrentAcceptsAreAllStoredOnce(_ backend: Backend) async throws {
        try await withStore(backend, maximumConnections: 8) { store in
            let server = try await store.defaultServer().id
            let tasks = 200
            let perTask = 5
            let batches = (0..<tasks).map { task in
                (0..<perTask).map { index in
                    Fixture.message(
                        server: server, subject: "concurrent \(task) \(index)", tag: "t\(task)",
                        to: ["r\(task)-\(index)@example.test"], cc: index == 0 ? ["cc\(task)@example.test"] : [],
                        at: Fixture.time(task * perTask + index))
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in batches { group.addTask { try await store.accept(batch) } }
                try await group.waitForAll()
            }
            let all = try await store.searchOutbound(serverID: server, query: OutboundQuery(count: 2000, offset: 0))
            #expect(all.totalCount == tasks * perTask)
            #expect(all.items.count == tasks * perTask)
            #expect(Set(all.items.map(\.messageID)) == Set(batches.joined().map(\.messageID)))
            // Newest first: the times are all distinct.
            #expect(all.items.map(\.messageID) == batches.joined().reversed().map(\.messageID))
            for task in stride(from: 0, to: tasks, by: 7) {
                #expect(try await store.search(server, Self.query(tag: "t\(task)")).count == perTask)
                for message in batches[task] {
                    let deliveries = try await store.deliveries(messageID: message.messageID)
                    #expect(deliveries.map(\.recipient) == message.envelopeRecipients)
                }
            }
        }
    }

    @Test(arguments: Backend.all)
    func concurrentAcceptsOfOneMessageIDStoreItOnce(_ backend: Backend) async throws {
        try await withStore(backend, maximumConnections: 8) { store in
            let server = try await store.defaultServer().id
            let id = Fixture.newID()
            let outcomes = await withTaskGroup(of: StoreError.Code?.self) { group in
                for attempt in 0..<16 {
                    group.addTask {
                        let message = Fixture.message(
                            server: server, id: id, subject: "attempt \(attempt)", to: ["a\(attempt)@example.test"])
                        do {
                            try await store.accept([
                                message, Fixture.message(server: server, subject: "companion \(attempt)"),
                            ])
                            return nil
                        } catch let error as StoreError {
                            return error.code
                        } catch {
                            return .invalidConfiguration
                        }
                    }
                }
                return await group.reduce(into: [StoreError.Code?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == .duplicateMessageID })
            #expect(try await store.deliveries(messageID: id).count == 1)
            // Only the winner's companion was stored.
            #expect(try await store.total(server) == 2)
        }
    }
}

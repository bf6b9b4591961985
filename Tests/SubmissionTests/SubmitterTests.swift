import Foundation
import Logging
import Storage
import Synchronization
import Testing

@testable import PostmarkWire
@testable import Submission

/// Records what would be committed; the real backends are tested by the storage contract suite.
final class RecordingStore: MessageStore {
    let accepted = Mutex<[[NewMessage]]>([])

    func accept(_ messages: [NewMessage]) async throws { accepted.withLock { $0.append(messages) } }
    func searchOutbound(serverID: Int64, query: OutboundQuery) async throws -> SearchPage<MessageSummary> {
        SearchPage(totalCount: 0, items: [])
    }
    func outboundDetails(serverID: Int64, messageID: String) async throws -> MessageDetails? { nil }
    func outboundDump(serverID: Int64, messageID: String) async throws -> [UInt8]? { nil }
    func deliveries(messageID: String) async throws -> [DeliveryRecord] { [] }
}

@Suite struct SubmitterTests {
    let server = ServerRecord(
        id: 7, name: "S", deliveryType: .live, apiTokens: ["t"], settings: ServerSettings(), createdAt: Date())
    var streams: [StreamRecord] { StreamRecord.defaults(serverID: 7, at: Date()) }

    func request(to: String = "to@example.test", stream: String? = nil) -> EmailRequest {
        var request = EmailRequest()
        request.from = "sender@example.test"
        request.to = to
        request.subject = "Hi"
        request.textBody = "Body"
        request.messageStream = stream
        return request
    }

    func submitter(_ store: RecordingStore) -> Submitter {
        Submitter(store: store, hostname: "postage.test", logger: Logger(label: "test"))
    }

    @Test func acceptedMessageIsCommittedWithItsRawBytes() async throws {
        let store = RecordingStore()
        let receipt = try await submitter(store).send(request(), as: .server(server, streams: streams))
        let committed = store.accepted.withLock { $0 }
        #expect(committed.count == 1)
        let message = try #require(committed.first?.first)
        #expect(message.messageID == receipt.messageID)
        #expect(receipt.messageID == receipt.messageID.lowercased())
        #expect(UUID(uuidString: receipt.messageID) != nil)
        #expect(message.envelopeRecipients == ["to@example.test"])
        let raw = String(decoding: message.raw, as: UTF8.self)
        #expect(raw.contains("X-PM-Message-Id: \(receipt.messageID)\r\n"))
        #expect(raw.contains("Message-ID: <\(receipt.messageID)@postage.test>\r\n"))
    }

    @Test func testTokenStoresNothing() async throws {
        let store = RecordingStore()
        let receipt = try await submitter(store).send(request(), as: .testToken)
        #expect(receipt.testMode)
        #expect(store.accepted.withLock { $0.isEmpty })
    }

    @Test func unknownAndInboundStreams() async throws {
        let store = RecordingStore()
        await #expect { try await submitter(store).send(request(stream: "nope"), as: .server(server, streams: streams)) }
            throws: { ($0 as? PostmarkError)?.errorCode == 1235 }
        await #expect { try await submitter(store).send(request(stream: "inbound"), as: .server(server, streams: streams)) }
            throws: { ($0 as? PostmarkError)?.errorCode == 1236 }
        _ = try await submitter(store).send(request(stream: "broadcast"), as: .server(server, streams: streams))
        #expect(store.accepted.withLock { $0.count } == 1)
    }

    @Test func batchKeepsOrderAndCommitsValidItemsTogether() async throws {
        let store = RecordingStore()
        let items: [Result<EmailRequest, PostmarkError>] = [
            .success(request()), .success(request(to: "bad")), .failure(.invalidJSON), .success(request(to: "z@x.test")),
        ]
        let results = try await submitter(store).sendBatch(items, as: .server(server, streams: streams))
        #expect(results.count == 4)
        #expect((try? results[0].get()) != nil)
        #expect(results[1].failureCode == 300)
        #expect(results[2].failureCode == 402)
        #expect((try? results[3].get()) != nil)
        let commits = store.accepted.withLock { $0 }
        #expect(commits.count == 1)
        #expect(commits[0].map(\.envelopeRecipients) == [["to@example.test"], ["z@x.test"]])
    }

    @Test func sandboxServersMarkMessages() async throws {
        var sandbox = server
        sandbox.deliveryType = .sandbox
        let store = RecordingStore()
        _ = try await submitter(store).send(request(), as: .server(sandbox, streams: streams))
        #expect(store.accepted.withLock { $0[0][0].sandboxed })
    }
}

extension Result where Failure == PostmarkError {
    var failureCode: Int? {
        if case .failure(let error) = self { return error.errorCode }
        return nil
    }
}

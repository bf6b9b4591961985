import Foundation
import Logging
import Storage
import Testing

@testable import PostmarkWire
@testable import Submission

/// Sender signatures as the sending policy reads them: only `senderSignature(emailAddress:)` is used.
final class SignatureLookup: SenderSignatureStore {
    let signatures: [String: Bool]

    init(_ signatures: [String: Bool]) { self.signatures = signatures }

    func senderSignature(emailAddress: String) async throws -> SenderSignatureRecord? {
        guard let confirmed = signatures[emailAddress.lowercased()] else { return nil }
        return SenderSignatureRecord(
            id: 1, emailAddress: emailAddress, domain: "example.test", name: "n", replyToEmailAddress: nil,
            returnPathDomain: nil, returnPathVerified: false, confirmationPersonalNote: nil, confirmed: confirmed,
            spfVerified: false, createdAt: Date(), confirmedAt: nil, confirmationSentAt: nil)
    }

    func createSenderSignature(emailAddress: String, fields: SenderSignatureFields, confirmationDigest: String, at date: Date)
        async throws -> SenderSignatureRecord { throw StoreError(.notFound) }
    func listSenderSignatures(count: Int, offset: Int) async throws -> SearchPage<SenderSignatureRecord> {
        SearchPage(totalCount: 0, items: [])
    }
    func senderSignature(id: Int64) async throws -> SenderSignatureRecord? { nil }
    func updateSenderSignature(id: Int64, fields: SenderSignatureFields) async throws -> SenderSignatureRecord {
        throw StoreError(.notFound)
    }
    func deleteSenderSignature(id: Int64) async throws {}
    func renewSenderConfirmation(id: Int64, confirmationDigest: String, at date: Date) async throws -> SenderSignatureRecord? { nil }
    func senderSignature(confirmationDigest: String) async throws -> SenderSignatureRecord? { nil }
    func confirmSenderSignature(confirmationDigest: String, at date: Date) async throws -> SenderSignatureRecord? { nil }
    func recordSenderSPF(id: Int64, verified: Bool) async throws -> SenderSignatureRecord { throw StoreError(.notFound) }
    func markSenderReturnPathUnverified(id: Int64, returnPathDomain: String) async throws -> Bool { false }
    func confirmSenderSignature(emailAddress: String, at date: Date) async throws -> SenderSignatureRecord? { nil }
}

/// Every address is suppressed everywhere.
struct SuppressEverything: SuppressionStore {
    func suppressedAddresses(serverID: Int64, stream: String, among emails: [String]) async throws -> Set<String> {
        Set(emails.map { $0.lowercased() })
    }
    func addSuppressions(serverID: Int64, stream: String, _ records: [SuppressionRecord]) async throws {}
    func deleteSuppressions(serverID: Int64, stream: String, emails: [String]) async throws -> Set<String> { [] }
    func suppressions(serverID: Int64, stream: String, query: SuppressionQuery) async throws -> [SuppressionRecord] { [] }
}

@Suite struct SenderPolicyTests {
    let server = ServerRecord(
        id: 7, name: "S", deliveryType: .live, apiTokens: ["t"], settings: ServerSettings(), createdAt: Date())
    var streams: [StreamRecord] { StreamRecord.defaults(serverID: 7, at: Date()) }
    let lookup = SignatureLookup(["confirmed@example.test": true, "waiting@example.test": false])

    func submitter(_ store: RecordingStore, allowUnverified: Bool = false) -> Submitter {
        Submitter(
            store: store, hostname: "postage.test", allowUnverifiedSenders: allowUnverified, senders: lookup,
            logger: Logger(label: "test"))
    }

    func request(from: String) -> EmailRequest {
        var request = EmailRequest()
        request.from = from
        request.to = "to@example.test"
        request.subject = "Hi"
        request.textBody = "Body"
        return request
    }

    @Test func aConfirmedSignatureSendsAnUnconfirmedOneIs401AndNoneIs400() async throws {
        let store = RecordingStore()
        let results = try await submitter(store).sendBatch(
            [
                .success(request(from: "Someone <CONFIRMED@Example.test>")), .success(request(from: "waiting@example.test")),
                .success(request(from: "stranger@example.test")),
            ], as: .server(server, streams: streams))
        #expect(results.map { (try? $0.get()) != nil } == [true, false, false])
        #expect(results.compactMap { if case .failure(let error) = $0 { error.errorCode } else { nil } } == [401, 400])
        #expect(store.accepted.withLock { $0.flatMap { $0 }.map(\.fromEmail) } == ["CONFIRMED@Example.test"])
    }

    @Test func withUnverifiedSendersAllowedNoSignatureIsNeeded() async throws {
        let store = RecordingStore()
        _ = try await submitter(store, allowUnverified: true).send(
            request(from: "stranger@example.test"), as: .server(server, streams: streams))
        #expect(store.accepted.withLock { $0.count } == 1)
    }

    @Test func systemMailIsExemptFromThePolicyAndFromTheSystemServersSuppressions() async throws {
        let store = RecordingStore()
        let system = ServerRecord(
            id: 8, name: "", deliveryType: .live, apiTokens: ["s"], settings: ServerSettings(), createdAt: Date())
        let strict = Submitter(
            store: store, suppressions: SuppressEverything(), hostname: "postage.test", allowUnverifiedSenders: false,
            senders: lookup, logger: Logger(label: "test"))
        _ = try await strict.sendSystemMail(
            request(from: "postage@bounces.example.test"), server: system, streams: StreamRecord.defaults(serverID: 8, at: Date()))
        #expect(store.accepted.withLock { $0.count } == 1)
        // A customer's server still has its suppressions checked.
        await #expect { try await strict.send(request(from: "confirmed@example.test"), as: .server(server, streams: streams)) }
            throws: { ($0 as? PostmarkError)?.errorCode == 406 }
    }

    @Test func smtpSubmissionsFollowThePolicyAsSMTPApiErrors() async throws {
        for (from, code) in [("waiting@example.test", 401), ("stranger@example.test", 400), ("confirmed@example.test", nil)] {
            let store = RecordingStore()
            let data = Array("From: \(from)\r\nTo: to@example.test\r\nSubject: s\r\n\r\nbody\r\n".utf8)
            let message = SMTPReceivedMessage(
                envelopeFrom: from, recipients: ["to@example.test"], data: data, heloName: "client.test",
                remoteAddress: "127.0.0.1", tls: true, authenticated: true)
            let receipt = try await submitter(store).submitSMTP(message, server: server, streams: streams)
            #expect(receipt.apiError?.errorCode == code, "\(from)")
            let stored = try #require(store.accepted.withLock { $0.first?.first })
            // A refused message is kept as a rejection (an SMTPApiError), which the store never queues.
            #expect((stored.rejection != nil) == (code != nil), "\(from)")
        }
    }
}

import Foundation
import Logging
import Storage
import Synchronization
import Templates
import Testing

@testable import PostmarkWire
@testable import Submission

/// Templates held in memory; counts reads so that tests can see lookups being shared within a batch.
final class MemoryTemplateStore: TemplateStore {
    let records: [TemplateRecord]
    let reads = Mutex(0)

    init(_ records: [TemplateRecord]) { self.records = records }

    func template(serverID: Int64, id: Int64) async throws -> TemplateRecord? {
        reads.withLock { $0 += 1 }
        return records.first { $0.serverID == serverID && $0.id == id }
    }

    func template(serverID: Int64, alias: String) async throws -> TemplateRecord? {
        reads.withLock { $0 += 1 }
        return records.first { $0.serverID == serverID && $0.alias == alias && $0.active }
    }

    func createTemplate(serverID: Int64, draft: TemplateDraft, limit: Int, at date: Date) async throws -> TemplateRecord {
        throw StoreError(.invalidConfiguration, "read-only")
    }
    func listTemplates(serverID: Int64, query: TemplateQuery) async throws -> SearchPage<TemplateRecord> {
        SearchPage(totalCount: 0, items: [])
    }
    func updateTemplate(serverID: Int64, id: Int64, draft: TemplateDraft, at date: Date) async throws -> TemplateRecord {
        throw StoreError(.invalidConfiguration, "read-only")
    }
    func deleteTemplate(serverID: Int64, id: Int64, at date: Date) async throws {}
    func writeTemplates(serverID: Int64, _ writes: [TemplateWrite], limit: Int, at date: Date) async throws
        -> [TemplateRecord]
    { [] }
}

@Suite struct TemplatedSendTests {
    static let server = ServerRecord(
        id: 7, name: "S", deliveryType: .live, apiTokens: ["t"], settings: ServerSettings(), createdAt: Date())
    let sender = SenderContext.server(server, streams: StreamRecord.defaults(serverID: 7, at: Date()))

    static func record(
        _ id: Int64, alias: String?, kind: TemplateRecord.Kind = .standard, subject: String? = nil,
        html: String? = nil, text: String? = nil, layout: String? = nil, active: Bool = true, server: Int64 = 7
    ) -> TemplateRecord {
        TemplateRecord(
            id: id, serverID: server, name: "T\(id)", alias: alias, kind: kind, subject: subject, htmlBody: html,
            textBody: text, layoutAlias: layout, active: active, createdAt: Date(), updatedAt: Date())
    }

    static let templates = MemoryTemplateStore([
        record(
            1, alias: "base", kind: .layout,
            html: "<html><head><style>p { color: red }</style></head><body>{{{ @content }}}<i>{{co}}</i></body></html>",
            text: "{{{ @content }}}\n-- {{co}}"),
        record(2, alias: "welcome", subject: "Hi {{name}}", html: "<p>{{name}}</p>", text: "Hi {{name}}", layout: "base"),
        record(3, alias: "loop", subject: "S", text: "{{#each items}}{{.}}{{/each}}"),
        record(4, alias: "deleted", subject: "S", text: "T", active: false),
        record(5, alias: "orphan", subject: "S", text: "T", layout: "missing"),
        record(6, alias: "elsewhere", subject: "S", text: "T", server: 8),
    ])

    func request(_ reference: TemplatedEmailRequest.Reference, model: String = "{}", inlineCss: Bool = true)
        throws -> TemplatedEmailRequest
    {
        var email = EmailRequest()
        email.from = "sender@example.test"
        email.to = "to@example.test"
        guard case .object(let object) = try JSONValue.parse(Array(model.utf8)) else { throw PostmarkError.invalidJSON }
        return TemplatedEmailRequest(template: reference, model: object, inlineCss: inlineCss, email: email)
    }

    func submitter(_ store: RecordingStore, templates: MemoryTemplateStore = Self.templates) -> Submitter {
        Submitter(store: store, templates: templates, hostname: "postage.test", logger: Logger(label: "test"))
    }

    @Test func rendersInItsLayoutWithPerPartEscapingAndInlinedCSS() async throws {
        let store = RecordingStore()
        let model = #"{"name": "Zoë <Z>", "co": "A&B"}"#
        _ = try await submitter(store).sendWithTemplate(try request(.alias("welcome"), model: model), as: sender)
        let message = try #require(store.accepted.withLock { $0.first?.first })
        #expect(message.subject == "Hi Zoë <Z>")
        #expect(message.htmlBody == #"<html><head></head><body><p style="color: red;">Zo&#235; &lt;Z&gt;</p><i>A&amp;B</i></body></html>"#)
        #expect(message.textBody == "Hi Zoë <Z>\n-- A&B")

        let plain = RecordingStore()
        _ = try await submitter(plain).sendWithTemplate(
            try request(.id(2), model: model, inlineCss: false), as: sender)
        #expect(plain.accepted.withLock { $0.first?.first?.htmlBody }?.contains("<style>p { color: red }</style>") == true)
    }

    @Test func errorsPerItemInOrder() async throws {
        let store = RecordingStore()
        let templates = MemoryTemplateStore(Self.templates.records)
        let items: [Result<TemplatedEmailRequest, PostmarkError>] = [
            .success(try request(.alias("loop"), model: #"{"items": ["a", "b"]}"#)),
            .success(try request(.id(99))),
            .success(try request(.alias("nope"))),
            .success(try request(.alias("deleted"))),
            .success(try request(.id(4))),
            .success(try request(.id(1))),
            .success(try request(.alias("orphan"))),
            .success(try request(.id(6))),
            .success(try request(.alias("loop"), model: #"{"items": {"a": 1}}"#)),
            .failure(.templateModelRequired),
            .success(try request(.alias("loop"), model: #"{"items": ["c"]}"#)),
        ]
        let results = try await submitter(store, templates: templates).sendBatchWithTemplates(items, as: sender)
        let codes = results.map { result -> Int in
            switch result {
            case .success: return 0
            case .failure(let error): return error.errorCode
            }
        }
        #expect(codes == [0, 1101, 1101, 1101, 1101, 1123, 1101, 1101, 1122, 1120, 0])
        if case .failure(let error) = results[8] {
            #expect(error.message.contains("'items' is used like an array"))
            #expect(error.message.contains("TextBody at line 1, position 1"))
        }
        if case .failure(let error) = results[6] { #expect(error.message.contains("'missing'")) }
        // One commit, both good messages; "loop" was read once for its three uses.
        let committed = store.accepted.withLock { $0 }
        #expect(committed.count == 1)
        #expect(committed.first?.map(\.textBody) == ["ab", "c"])
        #expect(templates.reads.withLock { $0 } == 9)  // "orphan" also looks for its layout
    }

    @Test func testTokenChecksTheMessageButRendersNothing() async throws {
        let store = RecordingStore()
        let receipt = try await submitter(store).sendWithTemplate(try request(.id(12345)), as: .testToken)
        #expect(receipt.testMode)
        #expect(store.accepted.withLock { $0 }.isEmpty)
        var bad = try request(.id(1))
        bad.email.to = "not an address"
        await #expect(throws: PostmarkError.self) { try await submitter(store).sendWithTemplate(bad, as: .testToken) }
    }

    @Test func withoutATemplateStoreEveryTemplateIsMissing() async throws {
        let store = RecordingStore()
        let submitter = Submitter(store: store, hostname: "postage.test", logger: Logger(label: "test"))
        await #expect(throws: PostmarkError.templateNotFound) {
            try await submitter.sendWithTemplate(try request(.id(2)), as: sender)
        }
    }

    @Test func suggestedModelsRoundTripThroughJSON() throws {
        let json = try JSONValue.parse(Array(#"{"a": [1, 2.5, true, null, "x"], "b": {"c": {}}}"#.utf8))
        let value = TemplateValue(json: json)
        #expect(value == .object(TemplateObject([
            ("a", .array([.integer(1), .number(2.5), .bool(true), .null, .string("x")])),
            ("b", .object(TemplateObject([("c", .emptyObject)]))),
        ])))
        #expect(JSONValue(value) == json)
    }
}

import App
import Foundation
import HTTPTypes
import Logging
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import StoreSQLite
import Testing

/// The API driven in-process through Hummingbird's test client, on a real SQLite store. The
/// Python suite in tests/e2e drives the same API over TCP with a real Postmark SDK.
@Suite struct PostmarkAPITests {
    struct Fixture {
        let store: SQLiteStore
        let bootstrap: Bootstrap
        let configuration: Configuration
        var serverToken: String { bootstrap.server.apiTokens[0] }
    }

    func withAPI(_ body: @escaping @Sendable (Fixture, any TestClientProtocol) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postage-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore.open(path: directory.appendingPathComponent("db.sqlite").path)
        let bootstrap = try #require(try await store.bootstrap(accountToken: "account-token-0123456789", at: Date()))
        let configuration = try Configuration.load(
            environment: ["POSTAGE_HOSTNAME": "postage.test", "POSTAGE_HTTP_ADDRESS": "127.0.0.1:0"], flags: .init())
        let fixture = Fixture(store: store, bootstrap: bootstrap, configuration: configuration)
        let app = Runtime.makeApplication(configuration: configuration, store: store, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(fixture, client) }
        try await store.close()
    }

    func json(_ buffer: ByteBuffer) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }

    static let message = #"{"From":"Sender <s@example.test>","To":"r@example.test","Subject":"Hi","TextBody":"Hello"}"#

    @Test func sendAndReadBackWithTolerantPaths() async throws {
        try await withAPI { fixture, client in
            let headers: HTTPFields = [
                HTTPField.Name("x-postmark-server-token")!: fixture.serverToken, .contentType: "application/json",
            ]
            let messageID = try await client.execute(
                uri: "/EMAIL/", method: .post, headers: headers, body: ByteBuffer(string: Self.message)
            ) { response -> String in
                #expect(response.status == .ok)
                let body = try #require(try json(response.body) as? [String: Any])
                #expect(body["ErrorCode"] as? Int == 0)
                #expect(body["Message"] as? String == "OK")
                #expect(body["To"] as? String == "r@example.test")
                return try #require(body["MessageID"] as? String)
            }
            try await client.execute(
                uri: "/Messages/Outbound?Count=10&OFFSET=0&Recipient=R@example.test", method: .get, headers: headers
            ) { response in
                let body = try #require(try json(response.body) as? [String: Any])
                #expect(body["TotalCount"] as? Int == 1)
                let messages = try #require(body["Messages"] as? [[String: Any]])
                #expect(messages.first?["MessageID"] as? String == messageID)
                #expect(messages.first?["Status"] as? String == "Queued")
            }
            try await client.execute(uri: "/messages/outbound/\(messageID)/dump/", method: .get, headers: headers) {
                response in
                let body = try #require(try json(response.body) as? [String: Any])
                let raw = try #require(body["Body"] as? String)
                let stored = try #require(try await fixture.store.outboundDump(serverID: fixture.bootstrap.server.id, messageID: messageID))
                #expect(Array(raw.utf8) == stored)
            }
        }
    }

    @Test func authenticationErrors() async throws {
        try await withAPI { fixture, client in
            for token in [nil, "wrong-token"] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let token { headers[HTTPField.Name("X-Postmark-Server-Token")!] = token }
                try await client.execute(uri: "/email", method: .post, headers: headers, body: ByteBuffer(string: Self.message)) {
                    response in
                    #expect(response.status == .unauthorized)
                    let body = try #require(try json(response.body) as? [String: Any])
                    #expect(body["ErrorCode"] as? Int == 10)
                    #expect(response.headers[HTTPField.Name("X-PM-ApiErrorCode")!] == "10")
                }
            }
            // A server token is not an account token.
            try await client.execute(
                uri: "/servers?count=10&offset=0", method: .get,
                headers: [HTTPField.Name("X-Postmark-Account-Token")!: fixture.serverToken]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            let stored = try await fixture.store.searchOutbound(
                serverID: fixture.bootstrap.server.id, query: OutboundQuery(count: 10, offset: 0))
            #expect(stored.totalCount == 0)
        }
    }

    @Test func theSystemServersTokenAuthenticatesNothing() async throws {
        try await withAPI { fixture, client in
            let system = try await fixture.store.systemServer(at: Date())
            let token = try #require(system.apiTokens.first)
            for (uri, method) in [("/server", HTTPRequest.Method.get), ("/email", .post)] {
                try await client.execute(
                    uri: uri, method: method,
                    headers: [HTTPField.Name("X-Postmark-Server-Token")!: token, .contentType: "application/json"],
                    body: ByteBuffer(string: Self.message)
                ) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    let body = try #require(try json(response.body) as? [String: Any])
                    #expect(body["ErrorCode"] as? Int == 10)
                }
            }
            let account: HTTPFields = [HTTPField.Name("X-Postmark-Account-Token")!: "account-token-0123456789"]
            try await client.execute(uri: "/servers/\(system.id)", method: .get, headers: account) { response in
                let body = try #require(try json(response.body) as? [String: Any])
                #expect(body["ErrorCode"] as? Int == 600)
            }
        }
    }

    @Test func unknownEndpointIs404AndMalformedJSONIs402() async throws {
        try await withAPI { fixture, client in
            let headers: HTTPFields = [HTTPField.Name("X-Postmark-Server-Token")!: fixture.serverToken]
            try await client.execute(uri: "/no/such/endpoint", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/email", method: .post, headers: headers, body: ByteBuffer(string: "{\"From\":")) {
                response in
                #expect(response.status.code == 422)
                let body = try #require(try json(response.body) as? [String: Any])
                #expect(body["ErrorCode"] as? Int == 402)
            }
        }
    }

    @Test func oversizedBodyIs413WithoutStoringAnything() async throws {
        try await withAPI { fixture, client in
            let headers: HTTPFields = [HTTPField.Name("X-Postmark-Server-Token")!: fixture.serverToken]
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: 10 * 1024 * 1024 + 1)
            try await client.execute(uri: "/email", method: .post, headers: headers, body: huge) { response in
                #expect(response.status == .contentTooLarge)
            }
            let stored = try await fixture.store.searchOutbound(
                serverID: fixture.bootstrap.server.id, query: OutboundQuery(count: 10, offset: 0))
            #expect(stored.totalCount == 0)
        }
    }

    @Test func metricsCountAcceptedAndRejected() async throws {
        try await withAPI { fixture, client in
            let headers: HTTPFields = [HTTPField.Name("X-Postmark-Server-Token")!: fixture.serverToken]
            try await client.execute(uri: "/email", method: .post, headers: headers, body: ByteBuffer(string: Self.message)) { _ in }
            try await client.execute(uri: "/email", method: .post, headers: headers, body: ByteBuffer(string: "[")) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("postage_messages_accepted_total 1"))
                #expect(text.contains(#"postage_requests_rejected_total{error_code="402"} 1"#))
                #expect(text.contains("postage_accept_duration_seconds"))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

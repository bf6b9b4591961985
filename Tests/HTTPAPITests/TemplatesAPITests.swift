import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Storage
import Testing

/// The Templates API in-process: routing that depends on declaration order, and a send that goes through the
/// stored template into the store. tests/e2e/test_templates.py covers the API in depth over TCP.
extension PostmarkAPITests {
    @Test func templateRoutesPreferTheLiteralPaths() async throws {
        try await withAPI { fixture, client in
            let server: HTTPFields = [
                HTTPField.Name("X-Postmark-Server-Token")!: fixture.serverToken, .contentType: "application/json",
            ]
            // A template may be aliased "validate" or "push", but those paths stay the endpoints' (as on Postmark):
            // the template is reachable by id.
            var ids: [String: Int] = [:]
            for alias in ["validate", "push"] {
                let body = #"{"Name":"N","Alias":"\#(alias)","Subject":"S","TextBody":"T"}"#
                try await client.execute(uri: "/templates", method: .post, headers: server, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.status == .ok)
                    let json = try #require(try self.json(response.body) as? [String: Any])
                    ids[alias] = json["TemplateId"] as? Int
                }
            }
            try await client.execute(
                uri: "/templates/validate", method: .post, headers: server, body: ByteBuffer(string: #"{"TextBody":"x"}"#)
            ) { response in
                let json = try #require(try self.json(response.body) as? [String: Any])
                #expect(json["AllContentIsValid"] as? Bool == true)
            }
            // PUT /templates/push is the account API's: a server token is refused, even with a template "push".
            try await client.execute(
                uri: "/templates/push", method: .put, headers: server, body: ByteBuffer(string: #"{"Name":"x"}"#)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            for (alias, id) in ids {
                try await client.execute(uri: "/templates/\(try #require(id))", method: .get, headers: server) { response in
                    let json = try #require(try self.json(response.body) as? [String: Any])
                    #expect(json["Alias"] as? String == alias)
                }
            }
            // GET /templates/validate is the alias lookup: the template named "validate".
            try await client.execute(uri: "/templates/validate", method: .get, headers: server) { response in
                let json = try #require(try self.json(response.body) as? [String: Any])
                #expect(json["TemplateId"] as? Int == ids["validate"])
            }
        }
    }

    @Test func templatedSendStoresTheRenderedMessage() async throws {
        try await withAPI { fixture, client in
            let server: HTTPFields = [
                HTTPField.Name("X-Postmark-Server-Token")!: fixture.serverToken, .contentType: "application/json",
            ]
            let template = #"{"Name":"W","Alias":"w","Subject":"Hi {{name}}","HtmlBody":"<style>b{color:red}</style><b>{{name}}</b>"}"#
            try await client.execute(uri: "/templates", method: .post, headers: server, body: ByteBuffer(string: template)) {
                response in
                #expect(response.status == .ok)
            }
            let send = #"{"TemplateAlias":"w","TemplateModel":{"name":"<Ann>"},"From":"s@example.test","To":"r@example.test"}"#
            let messageID = try await client.execute(
                uri: "/email/withTemplate/", method: .post, headers: server, body: ByteBuffer(string: send)
            ) { response -> String in
                #expect(response.status == .ok)
                let json = try #require(try self.json(response.body) as? [String: Any])
                return try #require(json["MessageID"] as? String)
            }
            let details = try #require(
                try await fixture.store.outboundDetails(serverID: fixture.bootstrap.server.id, messageID: messageID))
            #expect(details.summary.subject == "Hi <Ann>")
            #expect(details.htmlBody == #"<b style="color: red;">&lt;Ann&gt;</b>"#)
        }
    }
}

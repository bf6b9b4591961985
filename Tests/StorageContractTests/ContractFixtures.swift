import Foundation
import Storage

/// Builders for the contract tests. Times are whole microseconds so that they survive the
/// microsecond storage encoding exactly.
enum Fixture {
    static let epoch = Date(timeIntervalSince1970: 1_760_000_000)

    static func time(_ seconds: Int) -> Date { epoch.addingTimeInterval(TimeInterval(seconds)) }

    static func newID() -> String { UUID().uuidString.lowercased() }

    /// Every byte value, CR, LF, NUL and a lone high byte included, plus a MIME-ish header.
    static let allBytes: [UInt8] = Array("Subject: bytes\r\n\r\n".utf8) + (0...255).map(UInt8.init) + [0, 13, 10, 0xFF]

    static func message(
        server: Int64, id: String = newID(), stream: String = "outbound", from: String = "Sender@Example.test",
        subject: String = "Hello there", tag: String? = nil, to: [String] = ["rcpt@example.test"],
        cc: [String] = [], bcc: [String] = [], metadata: [MetadataEntry] = [], at receivedAt: Date = epoch,
        textBody: String? = "Hello", htmlBody: String? = nil, raw: [UInt8]? = nil
    ) -> NewMessage {
        let entries = { (list: [String]) in list.map { RecipientEntry(email: $0, name: "") } }
        return NewMessage(
            messageID: id, serverID: server, stream: stream, fromEmail: from, fromDisplay: "\"Sender\" <\(from)>",
            subject: subject, tag: tag, to: entries(to), cc: entries(cc), bcc: entries(bcc), metadata: metadata,
            trackOpens: false, trackLinks: "None", sandboxed: false, textBody: textBody, htmlBody: htmlBody,
            attachmentNames: [], raw: raw ?? Array("Subject: \(subject)\r\n\r\n\(textBody ?? "")\r\n".utf8),
            receivedAt: receivedAt, envelopeRecipients: to + cc + bcc)
    }
}

extension Store {
    /// Bootstraps and returns the Default server.
    func defaultServer() async throws -> ServerRecord {
        guard let bootstrap = try await bootstrap(accountToken: nil, at: Fixture.epoch) else {
            throw StoreError(.invalidConfiguration, "database was already bootstrapped")
        }
        return bootstrap.server
    }

    func search(_ serverID: Int64, _ query: OutboundQuery) async throws -> [String] {
        try await searchOutbound(serverID: serverID, query: query).items.map(\.messageID)
    }

    func total(_ serverID: Int64, _ query: OutboundQuery = OutboundQuery(count: 500, offset: 0)) async throws -> Int {
        try await searchOutbound(serverID: serverID, query: query).totalCount
    }
}

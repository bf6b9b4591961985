import HTTPTypes
import Foundation
import Hummingbird
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// The outbound Messages API (reference 3.5).
    static func registerMessages(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/messages/outbound") { call in
            let server = try await call.authenticateServer()
            let query = try call.outboundQuery()
            let page = try await call.environment.store.searchOutbound(serverID: server.id, query: query)
            return try APIResponse.json(
                OutboundSearchResponse(totalCount: page.totalCount, messages: page.items.map(Self.messageResponse)))
        }
        routes.add(.get, "/messages/outbound/{id}/details") { call in
            let server = try await call.authenticateServer()
            guard
                let details = try await call.environment.store.outboundDetails(
                    serverID: server.id, messageID: call.parameter("id").lowercased())
            else { throw PostmarkError.messageNotFound }
            return try APIResponse.json(
                OutboundDetailsResponse(
                    message: messageResponse(details.summary), textBody: details.textBody ?? "",
                    htmlBody: details.htmlBody ?? "", body: String(decoding: details.raw, as: UTF8.self),
                    messageEvents: details.events.map { event in
                        MessageEventResponse(
                            recipient: event.recipient, type: event.type,
                            receivedAt: PostmarkDate.format(event.receivedAt), details: event.details)
                    }))
        }
        routes.add(.get, "/messages/outbound/{id}/dump") { call in
            let server = try await call.authenticateServer()
            guard
                let raw = try await call.environment.store.outboundDump(
                    serverID: server.id, messageID: call.parameter("id").lowercased())
            else { throw PostmarkError.messageNotFound }
            // The queued bytes are 7-bit or UTF-8 (8BITMIME bodies are not produced), so this is exact.
            return try APIResponse.json(DumpResponse(body: String(decoding: raw, as: UTF8.self)))
        }
    }

    static func messageResponse(_ summary: MessageSummary) -> OutboundMessageResponse {
        func addresses(_ list: [RecipientEntry]) -> [AddressResponse] {
            list.map { AddressResponse(email: $0.email, name: $0.name) }
        }
        var metadata: [String: String] = [:]
        for entry in summary.metadata { metadata[entry.key] = entry.value }
        return OutboundMessageResponse(
            tag: summary.tag ?? "", messageID: summary.messageID, messageStream: summary.stream,
            to: addresses(summary.to), cc: addresses(summary.cc), bcc: addresses(summary.bcc),
            recipients: summary.recipients, receivedAt: PostmarkDate.format(summary.receivedAt),
            from: summary.fromDisplay, subject: summary.subject, attachments: summary.attachmentNames,
            status: summary.status.rawValue, trackOpens: summary.trackOpens, trackLinks: summary.trackLinks,
            metadata: metadata, sandboxed: summary.sandboxed)
    }
}

extension APICall {
    /// Reads the `/messages/outbound` filters (ErrorCode 700 for bad values).
    func outboundQuery() throws -> OutboundQuery {
        let (count, offset) = try paging(errorCode: 700)
        var query = OutboundQuery(count: count, offset: offset)
        query.recipient = self.query["recipient"]
        query.fromEmail = self.query["fromemail"]
        query.tag = self.query["tag"]
        query.subject = self.query["subject"]
        query.stream = self.query["messagestream"] ?? "outbound"
        if let status = self.query["status"] {
            switch status.lowercased() {
            case "queued": query.statuses = [.queued]
            // Postmark treats sent and processed as the same state in search.
            case "sent", "processed": query.statuses = [.sent, .processed]
            default:
                throw PostmarkError(700, "Invalid 'status' value '\(status)'. Use queued, sent or processed.")
            }
        }
        (query.fromDate, query.toDate) = try dateWindow(errorCode: 700)
        let metadataFilters = self.query.withPrefix("metadata_").filter { !$0.value.isEmpty }
        if metadataFilters.count > 1 {
            throw PostmarkError(700, "Only one metadata filter may be used per search.")
        }
        if let filter = metadataFilters.first {
            query.metadata = MetadataEntry(key: filter.suffix, value: filter.value)
        }
        return query
    }
}

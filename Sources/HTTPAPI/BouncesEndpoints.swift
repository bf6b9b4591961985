import Foundation
import MailCore
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// The Bounces API (reference 3.2).
    static func registerBounces(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/deliverystats") { call in
            let server = try await call.authenticateServer()
            let stats = try await call.environment.store.deliveryStats(serverID: server.id)
            var entries = [DeliveryStatsResponse.Entry(
                type: nil, typeCode: nil, name: "All", count: stats.counts.reduce(0) { $0 + $1.count })]
            for (type, count) in stats.counts {
                let known = BounceType(rawValue: type)
                entries.append(.init(type: type, typeCode: known?.typeCode, name: known?.name ?? type, count: count))
            }
            return try APIResponse.json(DeliveryStatsResponse(inactiveMails: stats.inactive, bounces: entries))
        }
        routes.add(.get, "/bounces") { call in
            let server = try await call.authenticateServer()
            let query = try call.bounceQuery()
            let page = try await call.environment.store.bounces(serverID: server.id, query: query)
            return try APIResponse.json(
                BounceListResponse(totalCount: page.totalCount, bounces: page.items.map { Self.bounceResponse($0) }))
        }
        // Legacy, still called by postmarker and pystmark: the tags of bounced messages.
        routes.add(.get, "/bounces/tags") { call in
            let server = try await call.authenticateServer()
            return try APIResponse.json(try await call.environment.store.bounceTags(serverID: server.id))
        }
        routes.add(.get, "/bounces/{id}") { call in
            let server = try await call.authenticateServer()
            let id = try call.bounceID()
            guard let bounce = try await call.environment.store.bounce(serverID: server.id, id: id) else {
                throw PostmarkError.bounceNotFound
            }
            let dump = try await call.environment.store.bounceDump(serverID: server.id, id: id) ?? []
            return try APIResponse.json(Self.bounceResponse(bounce, content: String(decoding: dump, as: UTF8.self)))
        }
        routes.add(.get, "/bounces/{id}/dump") { call in
            let server = try await call.authenticateServer()
            guard let dump = try await call.environment.store.bounceDump(serverID: server.id, id: try call.bounceID())
            else { throw PostmarkError.bounceNotFound }
            return try APIResponse.json(DumpResponse(body: String(decoding: dump, as: UTF8.self)))
        }
        routes.add(.put, "/bounces/{id}/activate") { call in
            let server = try await call.authenticateServer()
            let id = try call.bounceID()
            guard let before = try await call.environment.store.bounce(serverID: server.id, id: id) else {
                throw PostmarkError.bounceNotFound
            }
            // A complaint cannot be reactivated by the customer (reference section 5): ErrorCode 1003.
            guard before.canActivate else {
                throw PostmarkError(1003, "This bounce cannot be activated.")
            }
            guard let after = try await call.environment.store.activateBounce(serverID: server.id, id: id) else {
                throw PostmarkError.bounceNotFound
            }
            let dump = try await call.environment.store.bounceDump(serverID: server.id, id: id) ?? []
            return try APIResponse.json(
                BounceActivationResponse(bounce: Self.bounceResponse(after, content: String(decoding: dump, as: UTF8.self))))
        }
    }

    /// Postage's extension for operators (account token): the bounces and complaints the inbound
    /// listener kept because their return path matched no message. Same objects as `/bounces`,
    /// with `ServerID` 0 and `MessageID` what the return path named.
    static func registerUnmatchedBounces(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/unmatched-bounces") { call in
            try await call.authenticateAccount()
            let (count, offset) = try call.paging(errorCode: 1000)
            let page = try await call.environment.store.unmatchedBounces(count: count, offset: offset)
            return try APIResponse.json(
                BounceListResponse(totalCount: page.totalCount, bounces: page.items.map { Self.bounceResponse($0) }))
        }
        routes.add(.get, "/unmatched-bounces/{id}/dump") { call in
            try await call.authenticateAccount()
            guard let dump = try await call.environment.store.unmatchedBounceDump(id: try call.bounceID()) else {
                throw PostmarkError.bounceNotFound
            }
            return try APIResponse.json(DumpResponse(body: String(decoding: dump, as: UTF8.self)))
        }
    }

    static func bounceResponse(_ bounce: BounceRecord, content: String? = nil) -> BounceResponse {
        BounceResponse(
            id: bounce.id, type: bounce.type, typeCode: bounce.typeCode,
            name: BounceType(rawValue: bounce.type)?.name ?? bounce.type, tag: bounce.tag ?? "",
            messageID: bounce.messageID, serverID: bounce.serverID, messageStream: bounce.stream,
            description: bounce.description, details: bounce.details, email: bounce.email, from: bounce.from,
            bouncedAt: PostmarkDate.format(bounce.bouncedAt), dumpAvailable: bounce.dumpAvailable,
            inactive: bounce.inactive, canActivate: bounce.canActivate, subject: bounce.subject, content: content)
    }
}

extension APICall {
    func bounceID() throws -> Int64 {
        guard let id = Int64(parameter("id")), id > 0 else { throw PostmarkError.bounceNotFound }
        return id
    }

    /// The `/bounces` filters (ErrorCode 1000 for bad paging, an unknown type or a bad `inactive`).
    func bounceQuery() throws -> BounceQuery {
        let (count, offset) = try paging(errorCode: 1000)
        var result = BounceQuery(count: count, offset: offset)
        if let text = query["type"] {
            guard let type = BounceType.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
                throw PostmarkError(1000, "Invalid 'type' value '\(text)'.")
            }
            result.type = type.rawValue
        }
        if let text = query["inactive"] {
            switch text.lowercased() {
            case "true": result.inactive = true
            case "false": result.inactive = false
            default: throw PostmarkError(1000, "Invalid 'inactive' value '\(text)'. Use true or false.")
            }
        }
        result.emailFilter = query["emailfilter"]
        result.tag = query["tag"]
        result.messageID = query["messageid"]
        result.stream = query["messagestream"] ?? "outbound"
        (result.fromDate, result.toDate) = try dateWindow(errorCode: 1000)
        return result
    }
}

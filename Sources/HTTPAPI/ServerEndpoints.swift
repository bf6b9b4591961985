import HTTPTypes
import Foundation
import Hummingbird
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// `GET/PUT /server` (reference 3.4) and the account API's `/servers` (reference 4.1).
    static func registerServers(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/server") { call in
            let server = try await call.authenticateServer()
            return try APIResponse.json(call.environment.serverResponse(server))
        }
        routes.add(.put, "/server") { call in
            let server = try await call.authenticateServer()
            let json = try await call.readJSON(limit: 1024 * 1024)
            let updated = try await call.environment.update(server, with: json)
            return try APIResponse.json(call.environment.serverResponse(updated))
        }
        routes.add(.get, "/servers") { call in
            try await call.authenticateAccount()
            let (count, offset) = try call.paging(errorCode: 600, maxWindow: nil)
            let page = try await call.environment.store.listServers(
                nameFilter: call.query["name"], count: count, offset: offset)
            return try APIResponse.json(
                ServerListResponse(
                    totalCount: page.totalCount, servers: page.items.map(call.environment.serverResponse)))
        }
        routes.add(.post, "/servers") { call in
            try await call.authenticateAccount()
            let json = try await call.readJSON(limit: 1024 * 1024)
            guard case .object = json else { throw PostmarkError(609, "No server data received.") }
            guard let name = try ServerFields.string(json, "Name")?.trimmingCharacters(in: .whitespaces),
                !name.isEmpty
            else { throw PostmarkError(608, "A server 'Name' is required.") }
            var deliveryType = DeliveryType.live
            if let text = try ServerFields.string(json, "DeliveryType") {
                guard let type = DeliveryType.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
                else { throw PostmarkError(613, "Invalid 'DeliveryType' value '\(text)'. Use Live or Sandbox.") }
                deliveryType = type
            }
            let settings = try ServerFields.apply(json, to: ServerSettings())
            do {
                let server = try await call.environment.store.createServer(
                    name: try ServerFields.validName(name), deliveryType: deliveryType, settings: settings, at: Date())
                return try APIResponse.json(call.environment.serverResponse(server))
            } catch let error as StoreError where error.code == .duplicateName {
                throw PostmarkError(603, "A server with the name '\(name)' already exists.")
            }
        }
        routes.add(.get, "/servers/{id}") { call in
            try await call.authenticateAccount()
            let server = try await call.environment.server(idText: call.parameter("id"))
            return try APIResponse.json(call.environment.serverResponse(server))
        }
        routes.add(.put, "/servers/{id}") { call in
            try await call.authenticateAccount()
            let server = try await call.environment.server(idText: call.parameter("id"))
            let json = try await call.readJSON(limit: 1024 * 1024)
            let updated = try await call.environment.update(server, with: json)
            return try APIResponse.json(call.environment.serverResponse(updated))
        }
        routes.add(.delete, "/servers/{id}") { call in
            try await call.authenticateAccount()
            let server = try await call.environment.server(idText: call.parameter("id"))
            defer { call.environment.serverCache.invalidate(serverID: server.id) }
            do {
                try await call.environment.store.deleteServer(id: server.id)
            } catch let error as StoreError where error.code == .notFound {
                throw PostmarkError(605, "Unable to delete server \(server.id): it no longer exists.")
            }
            return try APIResponse.json(ErrorBody(errorCode: 0, message: "Server \(server.name) removed."))
        }
    }
}

extension APIEnvironment {
    func server(idText: String) async throws -> ServerRecord {
        guard let id = Int64(idText), let server = try await store.server(id: id), !server.isSystem else {
            throw PostmarkError(600, "Server '\(idText)' was not found.", httpStatus: 404)
        }
        return server
    }

    func update(_ server: ServerRecord, with json: JSONValue) async throws -> ServerRecord {
        guard case .object(let object) = json, !object.members.isEmpty else {
            throw PostmarkError(609, "No server data received.")
        }
        var name = server.name
        if let text = try ServerFields.string(json, "Name") {
            name = try ServerFields.validName(text.trimmingCharacters(in: .whitespaces))
        }
        let settings = try ServerFields.apply(json, to: server.settings)
        defer { serverCache.invalidate(serverID: server.id) }
        do {
            return try await store.updateServer(id: server.id, name: name, settings: settings)
        } catch let error as StoreError where error.code == .duplicateName {
            throw PostmarkError(603, "A server with the name '\(name)' already exists.")
        }
    }

    func serverResponse(_ server: ServerRecord) -> ServerResponse {
        let settings = server.settings
        return ServerResponse(
            id: server.id, name: server.name, apiTokens: server.apiTokens, color: settings.color,
            smtpApiActivated: settings.smtpApiActivated, rawEmailEnabled: settings.rawEmailEnabled,
            deliveryType: server.deliveryType.rawValue,
            serverLink: "\(publicURL)/servers/\(server.id)/streams",
            inboundAddress: settings.inboundHash.isEmpty ? "" : "\(settings.inboundHash)@\(inboundDomain)",
            inboundHookUrl: settings.inboundHookUrl, bounceHookUrl: settings.bounceHookUrl,
            openHookUrl: settings.openHookUrl, deliveryHookUrl: settings.deliveryHookUrl,
            clickHookUrl: settings.clickHookUrl, postFirstOpenOnly: settings.postFirstOpenOnly,
            inboundDomain: settings.inboundDomain, inboundHash: settings.inboundHash,
            inboundSpamThreshold: settings.inboundSpamThreshold, trackOpens: settings.trackOpens,
            trackLinks: settings.trackLinks, includeBounceContentInHook: settings.includeBounceContentInHook,
            enableSmtpApiErrorHooks: settings.enableSmtpApiErrorHooks)
    }
}

/// Reading and checking the editable server fields (reference 3.4, error codes 606–613).
enum ServerFields {
    static let colors = ["Purple", "Blue", "Turquoise", "Green", "Red", "Yellow", "Grey", "Orange"]

    static func apply(_ json: JSONValue, to base: ServerSettings) throws -> ServerSettings {
        var settings = base
        if let text = try string(json, "Color") {
            // The 2017 Swagger misspells Turquoise; accept it.
            let wanted = text.lowercased() == "turqoise" ? "turquoise" : text.lowercased()
            guard let color = colors.first(where: { $0.lowercased() == wanted }) else {
                throw PostmarkError(607, "Invalid server color '\(text)'. Use one of: \(colors.joined(separator: ", ")).")
            }
            settings.color = color
        }
        if let value = try bool(json, "SmtpApiActivated") { settings.smtpApiActivated = value }
        if let value = try bool(json, "RawEmailEnabled") { settings.rawEmailEnabled = value }
        if let value = try bool(json, "PostFirstOpenOnly") { settings.postFirstOpenOnly = value }
        if let value = try bool(json, "TrackOpens") { settings.trackOpens = value }
        if let value = try bool(json, "IncludeBounceContentInHook") { settings.includeBounceContentInHook = value }
        if let value = try bool(json, "EnableSmtpApiErrorHooks") { settings.enableSmtpApiErrorHooks = value }
        for (key, path) in [
            ("InboundHookUrl", \ServerSettings.inboundHookUrl), ("BounceHookUrl", \.bounceHookUrl),
            ("OpenHookUrl", \.openHookUrl), ("DeliveryHookUrl", \.deliveryHookUrl), ("ClickHookUrl", \.clickHookUrl),
        ] {
            guard let member = json[key] else { continue }
            let url = try string(member: member, key) ?? ""
            if !url.isEmpty {
                guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
                    scheme == "http" || scheme == "https", parsed.host != nil
                else { throw PostmarkError(606, "Invalid '\(key)': '\(url)' is not an http(s) URL.") }
            }
            settings[keyPath: path] = url
        }
        if let domain = json["InboundDomain"] {
            settings.inboundDomain = try string(member: domain, "InboundDomain") ?? ""
        }
        if let member = json["InboundSpamThreshold"]?.presence {
            guard case .integer(let value) = member, (0...30).contains(value), value % 5 == 0 else {
                throw PostmarkError(611, "InboundSpamThreshold must be 0 to 30 in steps of 5.")
            }
            settings.inboundSpamThreshold = Int(value)
        }
        if let text = try string(json, "TrackLinks") {
            guard let value = ["None", "HtmlAndText", "HtmlOnly", "TextOnly"].first(where: { $0.lowercased() == text.lowercased() })
            else { throw PostmarkError(612, "Invalid 'TrackLinks' value '\(text)'.") }
            settings.trackLinks = value
        }
        return settings
    }

    static func validName(_ name: String) throws -> String {
        guard !name.isEmpty, name.count <= 255, !name.contains(where: { $0.isNewline }) else {
            throw PostmarkError(608, "Invalid server 'Name'.")
        }
        return name
    }

    static func string(_ json: JSONValue, _ key: String) throws -> String? {
        guard let member = json[key] else { return nil }
        return try string(member: member, key)
    }

    static func string(member: JSONValue, _ key: String) throws -> String? {
        switch member {
        case .null: return nil
        case .string(let text): return text
        default: throw PostmarkError(402, "Received invalid JSON input: field '\(key)' has the wrong type.")
        }
    }

    static func bool(_ json: JSONValue, _ key: String) throws -> Bool? {
        guard let member = json[key]?.presence else { return nil }
        guard case .bool(let value) = member else {
            throw PostmarkError(402, "Received invalid JSON input: field '\(key)' has the wrong type.")
        }
        return value
    }
}

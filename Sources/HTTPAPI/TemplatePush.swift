import Foundation
import PostmarkWire
import Storage

/// `PUT /templates/push` on the account API (reference 4.4): copies every template that has an alias from one
/// server to another, matched by alias — `Create` when the destination has no active template with that alias,
/// `Edit` when it has one whose content differs (identical ones are left out). Layouts go first, so templates
/// that use them find them. With `PerformChanges: false` nothing is written (a dry run); otherwise all changes
/// are written in one transaction. `TemplateId` in the answer is the source template's id (Postage's choice: it
/// is known in a dry run too).
struct TemplatePush {
    static let maxTemplates = 100

    var sourceServerID: Int64
    var destinationServerID: Int64
    var performChanges: Bool

    static func read(_ json: JSONValue) throws(PostmarkError) -> TemplatePush {
        try TemplateFields.requireObject(json)
        // Keys match case-insensitively, so the old Swagger's `SourceServerId` is read too.
        func serverID(_ key: String, role: String) throws(PostmarkError) -> Int64 {
            switch json[key] {
            case .integer(let id)?: return id
            case .string(let text)? where Int64(text) != nil: return Int64(text)!
            case nil, .null?: throw .pushServerNotFound(role, "")
            case .string(let text)?: throw .pushServerNotFound(role, text)
            default: throw PostmarkError(402, "Received invalid JSON input: field '\(key)' has the wrong type.")
            }
        }
        return TemplatePush(
            sourceServerID: try serverID("SourceServerID", role: "source"),
            destinationServerID: try serverID("DestinationServerID", role: "destination"),
            performChanges: try TemplateFields.bool(json, "PerformChanges") ?? false)
    }

    /// One planned change and the source template it comes from.
    struct Change {
        var write: TemplateWrite
        var source: TemplateRecord
        var action: String { if case .create = write { return "Create" } else { return "Edit" } }
    }

    /// The changes that make the destination match the source's aliased templates. 1124 when the source has none
    /// (or more than 100), 1125 when an alias is a Standard template on one side and a Layout on the other.
    static func plan(source: [TemplateRecord], destination: [TemplateRecord]) throws(PostmarkError) -> [Change] {
        let aliased = source.filter { $0.alias != nil }
            .sorted { ($0.kind == .layout ? 0 : 1, $0.id) < ($1.kind == .layout ? 0 : 1, $1.id) }
        if aliased.isEmpty {
            throw .templatePushInvalid("The source server has no templates with an alias; there is nothing to push.")
        }
        if aliased.count > maxTemplates {
            throw .templatePushInvalid("A push may carry at most \(maxTemplates) templates; the source has \(aliased.count).")
        }
        var existing: [String: TemplateRecord] = [:]
        for record in destination { if let alias = record.alias { existing[alias] = record } }
        var changes: [Change] = []
        for template in aliased {
            let alias = template.alias!
            guard let target = existing[alias] else {
                changes.append(Change(write: .create(template.draft), source: template))
                continue
            }
            if target.kind != template.kind { throw .templatePushTypesDiffer(alias) }
            if target.draft != template.draft {
                changes.append(Change(write: .update(id: target.id, template.draft), source: template))
            }
        }
        return changes
    }
}

extension PostmarkAPI {
    static func registerTemplatePush(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.put, "/templates/push") { call in
            try await call.authenticateAccount()
            let json = try await call.readJSON(limit: 1024 * 1024)
            let push = try TemplatePush.read(json)
            let store = call.environment.store
            guard let server = try await store.server(id: push.sourceServerID), !server.isSystem else {
                throw PostmarkError.pushServerNotFound("source", String(push.sourceServerID))
            }
            guard let server = try await store.server(id: push.destinationServerID), !server.isSystem else {
                throw PostmarkError.pushServerNotFound("destination", String(push.destinationServerID))
            }
            let changes = try TemplatePush.plan(
                source: try await store.allTemplates(serverID: push.sourceServerID),
                destination: try await store.allTemplates(serverID: push.destinationServerID))
            if push.performChanges && !changes.isEmpty {
                do {
                    _ = try await store.writeTemplates(
                        serverID: push.destinationServerID, changes.map(\.write), limit: TemplateFields.limitPerServer,
                        at: Date())
                } catch let error as StoreError {
                    throw TemplateFields.storeError(error, draft: nil)
                }
            }
            return try APIResponse.json(
                TemplatePushResponse(
                    totalCount: changes.count,
                    templates: changes.map { change in
                        TemplatePushResponse.Item(
                            action: change.action, templateID: change.source.id, alias: change.source.alias ?? "",
                            name: change.source.name, templateType: change.source.kind.rawValue)
                    }))
        }
    }
}

extension TemplateStore {
    /// Every active template of a server, in id order.
    func allTemplates(serverID: Int64) async throws -> [TemplateRecord] {
        var all: [TemplateRecord] = []
        while true {
            let page = try await listTemplates(serverID: serverID, query: TemplateQuery(count: 500, offset: all.count))
            all += page.items
            if page.items.isEmpty || all.count >= page.totalCount { return all }
        }
    }
}

import Foundation
import Hummingbird
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// The Templates API (reference 3.3): list, get, create, edit and delete templates and layouts. The literal
    /// paths (`/templates/validate`, `/templates/push`) are registered before `/templates/{idOrAlias}` so that they
    /// win; as on Postmark, a template aliased "validate" or "push" is reachable by id only.
    static func registerTemplates(_ routes: inout RouteTable<APIHandler>) {
        registerTemplateValidation(&routes)
        registerTemplatePush(&routes)
        routes.add(.get, "/templates") { call in
            let server = try await call.authenticateServer()
            let query = try call.templateQuery()
            let page = try await call.environment.store.listTemplates(serverID: server.id, query: query)
            return try APIResponse.json(
                TemplateListResponse(totalCount: page.totalCount, templates: page.items.map(Self.summary)))
        }
        routes.add(.post, "/templates") { call in
            let server = try await call.authenticateServer()
            let json = try await call.readJSON(limit: TemplateFields.maxRequestBytes)
            let draft = try TemplateFields.create(json)
            do {
                let record = try await call.environment.store.createTemplate(
                    serverID: server.id, draft: draft, limit: TemplateFields.limitPerServer, at: Date())
                return try APIResponse.json(Self.summary(record))
            } catch let error as StoreError {
                throw TemplateFields.storeError(error, draft: draft)
            }
        }
        routes.add(.get, "/templates/{idOrAlias}") { call in
            let server = try await call.authenticateServer()
            let record = try await call.environment.template(call.parameter("idOrAlias"), serverID: server.id)
            return try APIResponse.json(Self.detail(record))
        }
        routes.add(.put, "/templates/{idOrAlias}") { call in
            let server = try await call.authenticateServer()
            let current = try await call.environment.template(
                call.parameter("idOrAlias"), serverID: server.id, activeOnly: true)
            let json = try await call.readJSON(limit: TemplateFields.maxRequestBytes)
            let draft = try TemplateFields.edit(json, current: current)
            do {
                let record = try await call.environment.store.updateTemplate(
                    serverID: server.id, id: current.id, draft: draft, at: Date())
                return try APIResponse.json(Self.summary(record))
            } catch let error as StoreError {
                var named = draft
                if error.code == .inUse { named.alias = current.alias }
                throw TemplateFields.storeError(error, draft: named)
            }
        }
        routes.add(.delete, "/templates/{idOrAlias}") { call in
            let server = try await call.authenticateServer()
            let current = try await call.environment.template(
                call.parameter("idOrAlias"), serverID: server.id, activeOnly: true)
            do {
                try await call.environment.store.deleteTemplate(serverID: server.id, id: current.id, at: Date())
            } catch let error as StoreError {
                throw TemplateFields.storeError(error, draft: current.draft)
            }
            return try APIResponse.json(ErrorBody(errorCode: 0, message: "Template \(current.id) removed."))
        }
    }

    static func summary(_ record: TemplateRecord) -> TemplateSummaryResponse {
        TemplateSummaryResponse(
            templateID: record.id, name: record.name, active: record.active, alias: record.alias,
            templateType: record.kind.rawValue, layoutTemplate: record.layoutAlias)
    }

    static func detail(_ record: TemplateRecord) -> TemplateDetailResponse {
        TemplateDetailResponse(
            templateID: record.id, name: record.name, subject: record.subject, htmlBody: record.htmlBody,
            textBody: record.textBody, associatedServerID: record.serverID, active: record.active, alias: record.alias,
            templateType: record.kind.rawValue, layoutTemplate: record.layoutAlias)
    }
}

extension APIEnvironment {
    /// The template named by a path segment: digits are a `TemplateId` (a deleted template is found too, inactive,
    /// unless `activeOnly`), anything else an alias of an active template. Not found is 1101.
    func template(_ idOrAlias: String, serverID: Int64, activeOnly: Bool = false) async throws -> TemplateRecord {
        if !idOrAlias.isEmpty, idOrAlias.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let id = Int64(idOrAlias), let record = try await store.template(serverID: serverID, id: id),
                record.active || !activeOnly
            else { throw PostmarkError.templateNotFound }
            return record
        }
        guard let record = try await store.template(serverID: serverID, alias: idOrAlias) else {
            throw PostmarkError.templateAliasNotFound
        }
        return record
    }
}

extension APICall {
    /// `Count`, `Offset` (1100 when missing or out of range), `TemplateType` (`All`, `Standard`, `Layout`) and
    /// `LayoutTemplate` of `GET /templates`.
    func templateQuery() throws -> TemplateQuery {
        let (count, offset) = try paging(errorCode: 1100)
        var query = TemplateQuery(count: count, offset: offset)
        if let type = self.query["TemplateType"], type.lowercased() != "all" {
            guard let kind = TemplateRecord.Kind.allCases.first(where: { $0.rawValue.lowercased() == type.lowercased() })
            else { throw PostmarkError.templateQuery("Invalid 'TemplateType' filter '\(type)'. Use All, Standard or Layout.") }
            query.kind = kind
        }
        query.layoutAlias = self.query["LayoutTemplate"]
        return query
    }
}

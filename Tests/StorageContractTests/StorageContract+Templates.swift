import Foundation
import Storage
import Testing

/// The template port (reference 3.3, 4.4): what both backends must do the same way.
extension StorageContract {
    /// No NUL: neither backend stores one in text (the API refuses it).
    static let unicodeBody = "<p>Grüße, 日本 😀 {{name}}</p>\r\n\t\u{1}"

    static func layout(_ alias: String?, name: String = "Layout") -> TemplateDraft {
        TemplateDraft(
            name: name, alias: alias, kind: .layout, htmlBody: "<main>{{{ @content }}}</main>",
            textBody: "{{{ @content }}}")
    }

    static func standard(_ alias: String?, layout: String? = nil, name: String = "Standard") -> TemplateDraft {
        TemplateDraft(
            name: name, alias: alias, kind: .standard, subject: "Hi {{name}}", htmlBody: "<p>{{name}}</p>",
            textBody: nil, layoutAlias: layout)
    }

    static func code(_ body: () async throws -> Void) async -> StoreError.Code? {
        do {
            try await body()
            return nil
        } catch let error as StoreError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test(arguments: Backend.all)
    func templatesRoundTrip(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            var draft = TemplateDraft(
                name: "Wëlcome", alias: "welcome.v1_a-b", kind: .standard, subject: "Hi {{name}}",
                htmlBody: Self.unicodeBody, textBody: nil)
            let created = try await store.createTemplate(serverID: server, draft: draft, limit: 100, at: Fixture.epoch)
            #expect(created.serverID == server)
            #expect(created.draft == draft)
            #expect(created.active)
            #expect(created.kind == .standard)
            #expect(StorageCoding.micros(created.createdAt) == StorageCoding.micros(Fixture.epoch))
            #expect(created.updatedAt == created.createdAt)
            #expect(try await store.template(serverID: server, id: created.id) == created)
            #expect(try await store.template(serverID: server, alias: "welcome.v1_a-b") == created)
            // Aliases are case-sensitive.
            #expect(try await store.template(serverID: server, alias: "Welcome.v1_a-b") == nil)

            let second = try await store.createTemplate(
                serverID: server, draft: Self.standard(nil), limit: 100, at: Fixture.time(1))
            #expect(second.id > created.id)
            #expect(second.alias == nil)

            draft.name = "Renamed"
            draft.alias = nil
            draft.textBody = "text {{name}}"
            draft.htmlBody = nil
            draft.kind = .layout  // ignored: the kind never changes
            let updated = try await store.updateTemplate(
                serverID: server, id: created.id, draft: draft, at: Fixture.time(5))
            #expect(updated.kind == .standard)
            #expect(updated.name == "Renamed")
            #expect(updated.alias == nil)
            #expect(updated.htmlBody == nil)
            #expect(updated.textBody == "text {{name}}")
            #expect(updated.createdAt == created.createdAt)
            #expect(StorageCoding.micros(updated.updatedAt) == StorageCoding.micros(Fixture.time(5)))
            #expect(try await store.template(serverID: server, alias: "welcome.v1_a-b") == nil)
            #expect(try await store.template(serverID: server, id: created.id) == updated)
        }
    }

    @Test(arguments: Backend.all)
    func templatesBelongToOneServer(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let first = try await store.defaultServer().id
            let other = try await store.createServer(
                name: "Other", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch
            ).id
            let mine = try await store.createTemplate(
                serverID: first, draft: Self.standard("shared"), limit: 100, at: Fixture.epoch)
            // The same alias on another server is a different template.
            let theirs = try await store.createTemplate(
                serverID: other, draft: Self.standard("shared"), limit: 100, at: Fixture.epoch)
            #expect(mine.id != theirs.id)
            #expect(try await store.template(serverID: other, id: mine.id) == nil)
            #expect(try await store.template(serverID: other, alias: "shared")?.id == theirs.id)
            #expect(await Self.code { _ = try await store.updateTemplate(
                serverID: other, id: mine.id, draft: Self.standard("x"), at: Fixture.epoch) } == .notFound)
            #expect(await Self.code { try await store.deleteTemplate(serverID: other, id: mine.id, at: Fixture.epoch) }
                == .notFound)
            #expect(try await store.listTemplates(serverID: other, query: TemplateQuery(count: 10, offset: 0))
                .items.map(\.id) == [theirs.id])
            #expect(await Self.code { _ = try await store.createTemplate(
                serverID: 987_654, draft: Self.standard("x"), limit: 100, at: Fixture.epoch) } == .notFound)

            // Deleting a server takes its templates with it.
            try await store.deleteServer(id: other)
            #expect(try await store.template(serverID: other, id: theirs.id) == nil)
            #expect(try await store.template(serverID: first, id: mine.id) == mine)
        }
    }

    @Test(arguments: Backend.all)
    func templateAliasesAreUniqueAmongActiveTemplates(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            let first = try await store.createTemplate(
                serverID: server, draft: Self.standard("dup"), limit: 100, at: Fixture.epoch)
            #expect(await Self.code { _ = try await store.createTemplate(
                serverID: server, draft: Self.layout("dup"), limit: 100, at: Fixture.epoch) } == .duplicateName)
            let other = try await store.createTemplate(
                serverID: server, draft: Self.standard("other"), limit: 100, at: Fixture.epoch)
            #expect(await Self.code { _ = try await store.updateTemplate(
                serverID: server, id: other.id, draft: Self.standard("dup"), at: Fixture.epoch) } == .duplicateName)
            // Keeping one's own alias is not a clash.
            _ = try await store.updateTemplate(
                serverID: server, id: first.id, draft: Self.standard("dup", name: "again"), at: Fixture.time(1))

            // A deleted template stays readable by id, inactive, but gives up its alias and leaves the list.
            try await store.deleteTemplate(serverID: server, id: first.id, at: Fixture.time(2))
            let deleted = try #require(try await store.template(serverID: server, id: first.id))
            #expect(deleted.active == false)
            #expect(deleted.name == "again")
            #expect(try await store.template(serverID: server, alias: "dup") == nil)
            #expect(try await store.listTemplates(serverID: server, query: TemplateQuery(count: 10, offset: 0))
                .items.map(\.id) == [other.id])
            #expect(await Self.code { try await store.deleteTemplate(serverID: server, id: first.id, at: Fixture.epoch) }
                == .notFound)
            #expect(await Self.code { _ = try await store.updateTemplate(
                serverID: server, id: first.id, draft: Self.standard("dup"), at: Fixture.epoch) } == .notFound)
            let reborn = try await store.createTemplate(
                serverID: server, draft: Self.standard("dup"), limit: 100, at: Fixture.time(3))
            #expect(try await store.template(serverID: server, alias: "dup")?.id == reborn.id)
        }
    }

    @Test(arguments: Backend.all)
    func layoutsAreReferencedByAlias(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            let standardOnly = try await store.createTemplate(
                serverID: server, draft: Self.standard("plain-standard"), limit: 100, at: Fixture.epoch)
            // The layout must exist, be active and be a Layout.
            for missing in ["nope", "plain-standard"] {
                #expect(await Self.code { _ = try await store.createTemplate(
                    serverID: server, draft: Self.standard("t", layout: missing), limit: 100, at: Fixture.epoch) }
                    == .missingReference)
            }
            let layout = try await store.createTemplate(
                serverID: server, draft: Self.layout("base"), limit: 100, at: Fixture.epoch)
            let user = try await store.createTemplate(
                serverID: server, draft: Self.standard("user", layout: "base"), limit: 100, at: Fixture.epoch)
            #expect(user.layoutAlias == "base")
            #expect(await Self.code { _ = try await store.updateTemplate(
                serverID: server, id: standardOnly.id, draft: Self.standard("plain-standard", layout: "gone"),
                at: Fixture.epoch) } == .missingReference)

            // A layout in use can neither go nor lose or change its alias.
            #expect(await Self.code { try await store.deleteTemplate(serverID: server, id: layout.id, at: Fixture.epoch) }
                == .inUse)
            for alias in [nil, "renamed"] as [String?] {
                #expect(await Self.code { _ = try await store.updateTemplate(
                    serverID: server, id: layout.id, draft: Self.layout(alias), at: Fixture.epoch) } == .inUse)
            }
            // Other edits of a layout in use are fine; a Layout never has a layout of its own.
            var edited = Self.layout("base", name: "Base v2")
            edited.layoutAlias = "base"
            let layoutV2 = try await store.updateTemplate(
                serverID: server, id: layout.id, draft: edited, at: Fixture.time(1))
            #expect(layoutV2.name == "Base v2")
            #expect(layoutV2.layoutAlias == nil)

            // Detached (or deleted) users free the layout.
            _ = try await store.updateTemplate(
                serverID: server, id: user.id, draft: Self.standard("user", layout: nil), at: Fixture.time(2))
            try await store.deleteTemplate(serverID: server, id: layout.id, at: Fixture.time(3))
            #expect(try await store.template(serverID: server, alias: "base") == nil)
            #expect(await Self.code { _ = try await store.createTemplate(
                serverID: server, draft: Self.standard("t2", layout: "base"), limit: 100, at: Fixture.epoch) }
                == .missingReference)
        }
    }

    @Test(arguments: Backend.all)
    func templateListFiltersAndPages(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            let base = try await store.createTemplate(
                serverID: server, draft: Self.layout("base"), limit: 100, at: Fixture.epoch)
            let other = try await store.createTemplate(
                serverID: server, draft: Self.layout("other"), limit: 100, at: Fixture.epoch)
            var inBase: [Int64] = []
            var standards: [Int64] = []
            for index in 0..<7 {
                let layout = index % 3 == 0 ? nil : (index % 3 == 1 ? "base" : "other")
                let record = try await store.createTemplate(
                    serverID: server, draft: Self.standard("s\(index)", layout: layout), limit: 100, at: Fixture.epoch)
                standards.append(record.id)
                if layout == "base" { inBase.append(record.id) }
            }
            let all = try await store.listTemplates(serverID: server, query: TemplateQuery(count: 100, offset: 0))
            #expect(all.totalCount == 9)
            #expect(all.items.map(\.id) == [base.id, other.id] + standards)
            let page = try await store.listTemplates(serverID: server, query: TemplateQuery(count: 3, offset: 2))
            #expect(page.totalCount == 9)
            #expect(page.items.map(\.id) == Array(standards[0..<3]))
            let beyond = try await store.listTemplates(serverID: server, query: TemplateQuery(count: 3, offset: 50))
            #expect(beyond.totalCount == 9)
            #expect(beyond.items.isEmpty)
            let layouts = try await store.listTemplates(
                serverID: server, query: TemplateQuery(count: 100, offset: 0, kind: .layout))
            #expect(layouts.items.map(\.id) == [base.id, other.id])
            #expect(layouts.totalCount == 2)
            let onlyStandard = try await store.listTemplates(
                serverID: server, query: TemplateQuery(count: 2, offset: 0, kind: .standard))
            #expect(onlyStandard.totalCount == 7)
            #expect(onlyStandard.items.map(\.id) == Array(standards[0..<2]))
            let usingBase = try await store.listTemplates(
                serverID: server, query: TemplateQuery(count: 100, offset: 0, layoutAlias: "base"))
            #expect(usingBase.items.map(\.id) == inBase)
            #expect(usingBase.totalCount == inBase.count)
            let none = try await store.listTemplates(
                serverID: server, query: TemplateQuery(count: 100, offset: 0, kind: .layout, layoutAlias: "base"))
            #expect(none.totalCount == 0)
        }
    }

    @Test(arguments: Backend.all)
    func templateLimitPerServer(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            for index in 0..<3 {
                _ = try await store.createTemplate(
                    serverID: server, draft: Self.standard("t\(index)"), limit: 3, at: Fixture.epoch)
            }
            #expect(await Self.code { _ = try await store.createTemplate(
                serverID: server, draft: Self.standard("t3"), limit: 3, at: Fixture.epoch) } == .limitReached)
            // Deleted templates do not count.
            let first = try #require(try await store.template(serverID: server, alias: "t0"))
            try await store.deleteTemplate(serverID: server, id: first.id, at: Fixture.epoch)
            _ = try await store.createTemplate(
                serverID: server, draft: Self.standard("t3"), limit: 3, at: Fixture.epoch)
        }
    }

    @Test(arguments: Backend.all)
    func templateWritesAreAllOrNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let server = try await store.defaultServer().id
            let existing = try await store.createTemplate(
                serverID: server, draft: Self.standard("existing"), limit: 100, at: Fixture.epoch)
            // Later writes see earlier ones: a layout and a template that uses it, in one push.
            let stored = try await store.writeTemplates(
                serverID: server,
                [
                    .create(Self.layout("pushed-layout")),
                    .create(Self.standard("pushed", layout: "pushed-layout")),
                    .update(id: existing.id, Self.standard("existing", layout: "pushed-layout", name: "Edited")),
                ], limit: 100, at: Fixture.time(1))
            #expect(stored.map(\.alias) == ["pushed-layout", "pushed", "existing"])
            #expect(stored[2].id == existing.id)
            #expect(stored[2].name == "Edited")
            #expect(stored[2].layoutAlias == "pushed-layout")

            // One failing write rolls back the writes before it.
            #expect(await Self.code { _ = try await store.writeTemplates(
                serverID: server,
                [
                    .create(Self.standard("rolled-back")),
                    .update(id: existing.id, Self.standard("existing", name: "Rolled back")),
                    .create(Self.standard("pushed")),
                ], limit: 100, at: Fixture.time(2)) } == .duplicateName)
            #expect(try await store.template(serverID: server, alias: "rolled-back") == nil)
            #expect(try await store.template(serverID: server, id: existing.id)?.name == "Edited")
            #expect(await Self.code { _ = try await store.writeTemplates(
                serverID: server, [.create(Self.standard("a")), .create(Self.standard("b"))], limit: 4,
                at: Fixture.time(3)) } == .limitReached)
            #expect(try await store.template(serverID: server, alias: "a") == nil)
            #expect(try await store.writeTemplates(serverID: server, [], limit: 100, at: Fixture.epoch).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func concurrentTemplateWritesKeepTheRules(_ backend: Backend) async throws {
        try await withStore(backend, maximumConnections: 8) { store in
            let server = try await store.defaultServer().id
            // Sixteen writers race for one alias: exactly one wins.
            let aliasOutcomes = await withTaskGroup(of: StoreError.Code?.self) { group in
                for attempt in 0..<16 {
                    group.addTask {
                        await Self.code { _ = try await store.createTemplate(
                            serverID: server, draft: Self.standard("contested", name: "attempt \(attempt)"),
                            limit: 100, at: Fixture.epoch) }
                    }
                }
                return await group.reduce(into: [StoreError.Code?]()) { $0.append($1) }
            }
            #expect(aliasOutcomes.filter { $0 == nil }.count == 1)
            #expect(aliasOutcomes.compactMap { $0 }.allSatisfy { $0 == .duplicateName })

            // Twenty writers race for the last nine places under a limit of ten.
            let limitOutcomes = await withTaskGroup(of: StoreError.Code?.self) { group in
                for attempt in 0..<20 {
                    group.addTask {
                        await Self.code { _ = try await store.createTemplate(
                            serverID: server, draft: Self.standard("racer-\(attempt)"), limit: 10, at: Fixture.epoch) }
                    }
                }
                return await group.reduce(into: [StoreError.Code?]()) { $0.append($1) }
            }
            #expect(limitOutcomes.filter { $0 == nil }.count == 9)
            #expect(limitOutcomes.compactMap { $0 }.allSatisfy { $0 == .limitReached })
            #expect(try await store.listTemplates(serverID: server, query: TemplateQuery(count: 100, offset: 0))
                .totalCount == 10)
        }
    }
}

import Foundation

/// Templates and layouts of a server (reference 3.3, 4.4). Every write runs in one transaction per call, so the
/// rules that need the database hold even with several nodes writing at once.
public protocol TemplateStore: Sendable {
    /// Creates an active template. Throws `StoreError` with code `.duplicateName` (the alias belongs to another
    /// active template of the server), `.missingReference` (`layoutAlias` is not an active Layout of the server),
    /// `.limitReached` (the server already has `limit` active templates) or `.notFound` (no such server).
    func createTemplate(serverID: Int64, draft: TemplateDraft, limit: Int, at date: Date) async throws
        -> TemplateRecord

    /// The template with this id on this server, active or deleted.
    func template(serverID: Int64, id: Int64) async throws -> TemplateRecord?

    /// The active template with exactly this alias (case-sensitive) on this server.
    func template(serverID: Int64, alias: String) async throws -> TemplateRecord?

    /// Active templates ordered by id, with the total matching the filters.
    func listTemplates(serverID: Int64, query: TemplateQuery) async throws -> SearchPage<TemplateRecord>

    /// Stores `draft` over an active template, keeping its kind. Throws `.notFound` (no active template with this
    /// id on this server), `.duplicateName`, `.missingReference`, or `.inUse` (a Layout used by active templates
    /// would lose or change its alias).
    func updateTemplate(serverID: Int64, id: Int64, draft: TemplateDraft, at date: Date) async throws
        -> TemplateRecord

    /// Deletes an active template: it becomes inactive and gives up its alias. Throws `.notFound`, or `.inUse`
    /// when it is a Layout that active templates are rendered in.
    func deleteTemplate(serverID: Int64, id: Int64, at date: Date) async throws

    /// Applies `writes` in order, all or nothing, with the same checks as `createTemplate` and `updateTemplate`
    /// (each seeing the writes before it). Returns the stored templates in the order of `writes`.
    func writeTemplates(serverID: Int64, _ writes: [TemplateWrite], limit: Int, at date: Date) async throws
        -> [TemplateRecord]
}

import Foundation

/// A stored Postmark template (reference 3.3): a Standard template that is sent, or a Layout that wraps Standard
/// templates. Ids are global and never reused; aliases are unique among a server's active templates.
public struct TemplateRecord: Sendable, Equatable {
    /// Postmark's `TemplateType`.
    public enum Kind: String, Sendable, CaseIterable {
        case standard = "Standard"
        case layout = "Layout"
    }

    /// Postmark's `TemplateId`.
    public var id: Int64
    /// Postmark's `AssociatedServerId`.
    public var serverID: Int64
    public var name: String
    public var alias: String?
    public var kind: Kind
    public var subject: String?
    public var htmlBody: String?
    public var textBody: String?
    /// The alias of the Layout a Standard template is rendered in (`LayoutTemplate`).
    public var layoutAlias: String?
    /// False once deleted: a deleted template stays readable by id with `Active: false` (reference 3.3), but it
    /// is not listed, not found by alias, cannot be sent, and no longer holds its alias.
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, serverID: Int64, name: String, alias: String?, kind: Kind, subject: String?, htmlBody: String?,
        textBody: String?, layoutAlias: String?, active: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.serverID = serverID
        self.name = name
        self.alias = alias
        self.kind = kind
        self.subject = subject
        self.htmlBody = htmlBody
        self.textBody = textBody
        self.layoutAlias = layoutAlias
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The editable content, as a draft (for a push or an edit that starts from what is stored).
    public var draft: TemplateDraft {
        TemplateDraft(
            name: name, alias: alias, kind: kind, subject: subject, htmlBody: htmlBody, textBody: textBody,
            layoutAlias: layoutAlias)
    }
}

/// The content of a template to create or to store over an existing one. Checked by the caller (the API's
/// template rules); the store enforces only what needs the database: alias uniqueness, that `layoutAlias` names an
/// active Layout of the same server, the per-server limit, and that a Layout in use keeps its alias.
public struct TemplateDraft: Sendable, Equatable {
    public var name: String
    public var alias: String?
    public var kind: TemplateRecord.Kind
    public var subject: String?
    public var htmlBody: String?
    public var textBody: String?
    public var layoutAlias: String?

    public init(
        name: String, alias: String? = nil, kind: TemplateRecord.Kind = .standard, subject: String? = nil,
        htmlBody: String? = nil, textBody: String? = nil, layoutAlias: String? = nil
    ) {
        self.name = name
        self.alias = alias
        self.kind = kind
        self.subject = subject
        self.htmlBody = htmlBody
        self.textBody = textBody
        self.layoutAlias = layoutAlias
    }
}

/// Filters of `GET /templates` (reference 3.3), already validated.
public struct TemplateQuery: Sendable, Equatable {
    public var count: Int
    public var offset: Int
    /// nil lists both kinds (`TemplateType=All`).
    public var kind: TemplateRecord.Kind?
    /// Only templates rendered in the layout with this alias (`LayoutTemplate`).
    public var layoutAlias: String?

    public init(count: Int, offset: Int, kind: TemplateRecord.Kind? = nil, layoutAlias: String? = nil) {
        self.count = count
        self.offset = offset
        self.kind = kind
        self.layoutAlias = layoutAlias
    }
}

/// One change of a template push, applied to the destination server in one transaction.
public enum TemplateWrite: Sendable, Equatable {
    case create(TemplateDraft)
    /// Stores the draft over the active template with this id; its kind does not change.
    case update(id: Int64, TemplateDraft)
}

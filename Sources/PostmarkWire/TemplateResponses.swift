/// Template response bodies (reference 3.3, 4.4), with Postmark's casing (`TemplateId`, `AssociatedServerId`).
/// Absent optional values are written as `null`, never left out: typed SDK clients expect every key.

/// A list item, and the answer to create and edit.
public struct TemplateSummaryResponse: Encodable, Sendable {
    public var templateID: Int64
    public var name: String
    public var active: Bool
    public var alias: String?
    public var templateType: String
    public var layoutTemplate: String?

    public init(
        templateID: Int64, name: String, active: Bool, alias: String?, templateType: String, layoutTemplate: String?
    ) {
        self.templateID = templateID
        self.name = name
        self.active = active
        self.alias = alias
        self.templateType = templateType
        self.layoutTemplate = layoutTemplate
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "TemplateId"
        case name = "Name"
        case active = "Active"
        case alias = "Alias"
        case templateType = "TemplateType"
        case layoutTemplate = "LayoutTemplate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(active, forKey: .active)
        try container.encode(templateID, forKey: .templateID)
        try container.encode(name, forKey: .name)
        try container.encode(alias, forKey: .alias)
        try container.encode(templateType, forKey: .templateType)
        try container.encode(layoutTemplate, forKey: .layoutTemplate)
    }
}

public struct TemplateListResponse: Encodable, Sendable {
    public var totalCount: Int
    public var templates: [TemplateSummaryResponse]

    public init(totalCount: Int, templates: [TemplateSummaryResponse]) {
        self.totalCount = totalCount
        self.templates = templates
    }

    enum CodingKeys: String, CodingKey {
        case totalCount = "TotalCount"
        case templates = "Templates"
    }
}

/// `GET /templates/{idOrAlias}`.
public struct TemplateDetailResponse: Encodable, Sendable {
    public var templateID: Int64
    public var name: String
    public var subject: String?
    public var htmlBody: String?
    public var textBody: String?
    public var associatedServerID: Int64
    public var active: Bool
    public var alias: String?
    public var templateType: String
    public var layoutTemplate: String?

    public init(
        templateID: Int64, name: String, subject: String?, htmlBody: String?, textBody: String?,
        associatedServerID: Int64, active: Bool, alias: String?, templateType: String, layoutTemplate: String?
    ) {
        self.templateID = templateID
        self.name = name
        self.subject = subject
        self.htmlBody = htmlBody
        self.textBody = textBody
        self.associatedServerID = associatedServerID
        self.active = active
        self.alias = alias
        self.templateType = templateType
        self.layoutTemplate = layoutTemplate
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "TemplateId"
        case name = "Name"
        case subject = "Subject"
        case htmlBody = "HtmlBody"
        case textBody = "TextBody"
        case associatedServerID = "AssociatedServerId"
        case active = "Active"
        case alias = "Alias"
        case templateType = "TemplateType"
        case layoutTemplate = "LayoutTemplate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(templateID, forKey: .templateID)
        try container.encode(name, forKey: .name)
        try container.encode(subject, forKey: .subject)
        try container.encode(htmlBody, forKey: .htmlBody)
        try container.encode(textBody, forKey: .textBody)
        try container.encode(associatedServerID, forKey: .associatedServerID)
        try container.encode(active, forKey: .active)
        try container.encode(alias, forKey: .alias)
        try container.encode(templateType, forKey: .templateType)
        try container.encode(layoutTemplate, forKey: .layoutTemplate)
    }
}

/// `PUT /templates/push` (reference 4.4).
public struct TemplatePushResponse: Encodable, Sendable {
    public struct Item: Encodable, Sendable {
        /// `Create` or `Edit`.
        public var action: String
        public var templateID: Int64?
        public var alias: String
        public var name: String
        public var templateType: String

        public init(action: String, templateID: Int64?, alias: String, name: String, templateType: String) {
            self.action = action
            self.templateID = templateID
            self.alias = alias
            self.name = name
            self.templateType = templateType
        }

        enum CodingKeys: String, CodingKey {
            case action = "Action"
            case templateID = "TemplateId"
            case alias = "Alias"
            case name = "Name"
            case templateType = "TemplateType"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(action, forKey: .action)
            try container.encode(templateID, forKey: .templateID)
            try container.encode(alias, forKey: .alias)
            try container.encode(name, forKey: .name)
            try container.encode(templateType, forKey: .templateType)
        }
    }

    public var totalCount: Int
    public var templates: [Item]

    public init(totalCount: Int, templates: [Item]) {
        self.totalCount = totalCount
        self.templates = templates
    }

    enum CodingKeys: String, CodingKey {
        case totalCount = "TotalCount"
        case templates = "Templates"
    }
}

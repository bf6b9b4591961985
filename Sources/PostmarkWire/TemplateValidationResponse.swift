/// `POST /templates/validate` (reference 8.3): one result per submitted part (`null` for a part not submitted),
/// their AND, and the inferred model.
public struct TemplateValidationResponse: Encodable, Sendable {
    /// One `ValidationErrors` item; line and position are 1-based and may be null.
    public struct ValidationError: Encodable, Sendable, Equatable {
        public var message: String
        public var line: Int?
        public var characterPosition: Int?

        public init(message: String, line: Int?, characterPosition: Int?) {
            self.message = message
            self.line = line
            self.characterPosition = characterPosition
        }

        enum CodingKeys: String, CodingKey {
            case message = "Message"
            case line = "Line"
            case characterPosition = "CharacterPosition"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(line, forKey: .line)
            try container.encode(characterPosition, forKey: .characterPosition)
        }
    }

    public struct Part: Encodable, Sendable {
        public var contentIsValid: Bool
        public var validationErrors: [ValidationError]
        /// The part rendered with the suggested model merged with `TestRenderModel`; null when it is not valid.
        public var renderedContent: String?

        public init(contentIsValid: Bool, validationErrors: [ValidationError], renderedContent: String?) {
            self.contentIsValid = contentIsValid
            self.validationErrors = validationErrors
            self.renderedContent = renderedContent
        }

        enum CodingKeys: String, CodingKey {
            case contentIsValid = "ContentIsValid"
            case validationErrors = "ValidationErrors"
            case renderedContent = "RenderedContent"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(contentIsValid, forKey: .contentIsValid)
            try container.encode(validationErrors, forKey: .validationErrors)
            try container.encode(renderedContent, forKey: .renderedContent)
        }
    }

    public var allContentIsValid: Bool
    public var htmlBody: Part?
    public var textBody: Part?
    public var subject: Part?
    public var suggestedTemplateModel: JSONValue

    public init(
        allContentIsValid: Bool, htmlBody: Part?, textBody: Part?, subject: Part?, suggestedTemplateModel: JSONValue
    ) {
        self.allContentIsValid = allContentIsValid
        self.htmlBody = htmlBody
        self.textBody = textBody
        self.subject = subject
        self.suggestedTemplateModel = suggestedTemplateModel
    }

    enum CodingKeys: String, CodingKey {
        case allContentIsValid = "AllContentIsValid"
        case htmlBody = "HtmlBody"
        case textBody = "TextBody"
        case subject = "Subject"
        case suggestedTemplateModel = "SuggestedTemplateModel"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allContentIsValid, forKey: .allContentIsValid)
        try container.encode(htmlBody, forKey: .htmlBody)
        try container.encode(textBody, forKey: .textBody)
        try container.encode(subject, forKey: .subject)
        try container.encode(suggestedTemplateModel, forKey: .suggestedTemplateModel)
    }
}

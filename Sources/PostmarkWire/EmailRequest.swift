/// The body of `POST /email` (reference 3.1), read tolerantly: keys case-insensitive, `null` and
/// empty values absent, `Headers` as the documented `[{"Name","Value"}]` array or as an object
/// (pystmark sends `{"X-Custom": "1"}`, reference 11).
public struct EmailRequest: Sendable, Equatable {
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Attachment: Sendable, Equatable {
        public var name: String
        /// Base64 as sent; decoded and validated by the submission use case.
        public var content: String
        public var contentType: String?
        public var contentID: String?
        public init(name: String, content: String, contentType: String?, contentID: String?) {
            self.name = name
            self.content = content
            self.contentType = contentType
            self.contentID = contentID
        }
    }

    public var from: String?
    public var to: String?
    public var cc: String?
    public var bcc: String?
    public var subject: String?
    public var tag: String?
    public var htmlBody: String?
    public var textBody: String?
    public var replyTo: String?
    public var headers: [Header] = []
    public var trackOpens: Bool?
    public var trackLinks: String?
    public var attachments: [Attachment] = []
    /// Metadata in the order the client sent it (a later duplicate key replaces an earlier one).
    public var metadata: [(key: String, value: String)] = []
    public var messageStream: String?

    public init() {}

    public static func == (lhs: EmailRequest, rhs: EmailRequest) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.cc == rhs.cc && lhs.bcc == rhs.bcc
            && lhs.subject == rhs.subject && lhs.tag == rhs.tag && lhs.htmlBody == rhs.htmlBody
            && lhs.textBody == rhs.textBody && lhs.replyTo == rhs.replyTo && lhs.headers == rhs.headers
            && lhs.trackOpens == rhs.trackOpens && lhs.trackLinks == rhs.trackLinks
            && lhs.attachments == rhs.attachments && lhs.messageStream == rhs.messageStream
            && lhs.metadata.map(\.key) == rhs.metadata.map(\.key)
            && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
    }

    /// Reads one message object. Wrong JSON types are reported as ErrorCode 402 naming the field.
    public static func read(_ json: JSONValue) throws(PostmarkError) -> EmailRequest {
        guard case .object = json else { throw PostmarkError.invalidJSON }
        var request = EmailRequest()
        request.from = try string(json, "From")
        request.to = try string(json, "To")
        request.cc = try string(json, "Cc")
        request.bcc = try string(json, "Bcc")
        request.subject = try string(json, "Subject")
        request.tag = try string(json, "Tag")
        request.htmlBody = try string(json, "HtmlBody")
        request.textBody = try string(json, "TextBody")
        request.replyTo = try string(json, "ReplyTo")
        request.trackLinks = try string(json, "TrackLinks")
        request.messageStream = try string(json, "MessageStream")
        request.trackOpens = try bool(json, "TrackOpens")
        request.headers = try headers(json["Headers"]?.presence)
        request.attachments = try attachments(json["Attachments"]?.presence)
        request.metadata = try metadata(json["Metadata"]?.presence)
        return request
    }

    static func string(_ json: JSONValue, _ key: String) throws(PostmarkError) -> String? {
        guard let value = json[key]?.presence else { return nil }
        guard case .string(let text) = value else { throw typeError(key) }
        return text
    }

    static func bool(_ json: JSONValue, _ key: String) throws(PostmarkError) -> Bool? {
        guard let value = json[key]?.presence else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where text.lowercased() == "true": return true
        case .string(let text) where text.lowercased() == "false": return false
        default: throw typeError(key)
        }
    }

    static func headers(_ value: JSONValue?) throws(PostmarkError) -> [Header] {
        guard let value else { return [] }
        switch value {
        case .array(let items):
            var result: [Header] = []
            for item in items {
                guard case .object = item, let name = try string(item, "Name") else { throw typeError("Headers") }
                result.append(Header(name: name, value: try string(item, "Value") ?? ""))
            }
            return result
        case .object(let object):
            var result: [Header] = []
            for entry in object.uniqueMembers {
                let name = entry.key
                switch entry.value {
                case .string(let text): result.append(Header(name: name, value: text))
                case .null: result.append(Header(name: name, value: ""))
                case .integer(let number): result.append(Header(name: name, value: String(number)))
                default: throw typeError("Headers")
                }
            }
            return result
        default:
            throw typeError("Headers")
        }
    }

    static func attachments(_ value: JSONValue?) throws(PostmarkError) -> [Attachment] {
        guard let value else { return [] }
        guard case .array(let items) = value else { throw typeError("Attachments") }
        var result: [Attachment] = []
        for item in items {
            guard case .object = item else { throw typeError("Attachments") }
            result.append(
                Attachment(
                    name: try string(item, "Name") ?? "",
                    content: try string(item, "Content") ?? "",
                    contentType: try string(item, "ContentType"),
                    contentID: try string(item, "ContentID")))
        }
        return result
    }

    static func metadata(_ value: JSONValue?) throws(PostmarkError) -> [(key: String, value: String)] {
        guard let value else { return [] }
        guard case .object(let object) = value else { throw typeError("Metadata") }
        var result: [(key: String, value: String)] = []
        for entry in object.uniqueMembers {
            // Metadata values are strings (reference section 9); numbers and booleans are refused
            // rather than silently converted.
            switch entry.value {
            case .string(let text): result.append((entry.key, text))
            case .null: result.append((entry.key, ""))
            default: throw PostmarkError.invalidEmailRequest("Metadata value for '\(entry.key)' must be a string.")
            }
        }
        return result
    }

    static func typeError(_ field: String) -> PostmarkError {
        PostmarkError(402, "Received invalid JSON input: field '\(field)' has the wrong type.")
    }
}

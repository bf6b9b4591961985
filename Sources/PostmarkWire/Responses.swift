/// Response bodies, with Postmark's exact key casing (reference sections 2, 3.1, 3.4, 3.5, 4.1).

public struct ErrorBody: Encodable, Sendable {
    public var errorCode: Int
    public var message: String

    public init(errorCode: Int, message: String) {
        self.errorCode = errorCode
        self.message = message
    }

    public init(_ error: PostmarkError) {
        self.init(errorCode: error.errorCode, message: error.message)
    }

    enum CodingKeys: String, CodingKey {
        case errorCode = "ErrorCode"
        case message = "Message"
    }
}

public struct SendResponse: Encodable, Sendable {
    public var to: String?
    public var submittedAt: String
    public var messageID: String
    public var errorCode: Int = 0
    public var message: String

    public init(to: String?, submittedAt: String, messageID: String, message: String) {
        self.to = to
        self.submittedAt = submittedAt
        self.messageID = messageID
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case to = "To"
        case submittedAt = "SubmittedAt"
        case messageID = "MessageID"
        case errorCode = "ErrorCode"
        case message = "Message"
    }
}

/// One item of a batch response: a success or a failure carrying only ErrorCode and Message.
public enum BatchItemResponse: Encodable, Sendable {
    case sent(SendResponse)
    case failed(ErrorBody)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .sent(let response): try response.encode(to: encoder)
        case .failed(let error): try error.encode(to: encoder)
        }
    }
}

public struct ServerResponse: Encodable, Sendable {
    public var id: Int64
    public var name: String
    public var apiTokens: [String]
    public var color: String
    public var smtpApiActivated: Bool
    public var rawEmailEnabled: Bool
    public var deliveryType: String
    public var serverLink: String
    public var inboundAddress: String
    public var inboundHookUrl: String
    public var bounceHookUrl: String
    public var openHookUrl: String
    public var deliveryHookUrl: String
    public var clickHookUrl: String
    public var postFirstOpenOnly: Bool
    public var inboundDomain: String
    public var inboundHash: String
    public var inboundSpamThreshold: Int
    public var trackOpens: Bool
    public var trackLinks: String
    public var includeBounceContentInHook: Bool
    public var enableSmtpApiErrorHooks: Bool

    public init(
        id: Int64, name: String, apiTokens: [String], color: String, smtpApiActivated: Bool, rawEmailEnabled: Bool,
        deliveryType: String, serverLink: String, inboundAddress: String, inboundHookUrl: String,
        bounceHookUrl: String, openHookUrl: String, deliveryHookUrl: String, clickHookUrl: String,
        postFirstOpenOnly: Bool, inboundDomain: String, inboundHash: String, inboundSpamThreshold: Int,
        trackOpens: Bool, trackLinks: String, includeBounceContentInHook: Bool, enableSmtpApiErrorHooks: Bool
    ) {
        self.id = id
        self.name = name
        self.apiTokens = apiTokens
        self.color = color
        self.smtpApiActivated = smtpApiActivated
        self.rawEmailEnabled = rawEmailEnabled
        self.deliveryType = deliveryType
        self.serverLink = serverLink
        self.inboundAddress = inboundAddress
        self.inboundHookUrl = inboundHookUrl
        self.bounceHookUrl = bounceHookUrl
        self.openHookUrl = openHookUrl
        self.deliveryHookUrl = deliveryHookUrl
        self.clickHookUrl = clickHookUrl
        self.postFirstOpenOnly = postFirstOpenOnly
        self.inboundDomain = inboundDomain
        self.inboundHash = inboundHash
        self.inboundSpamThreshold = inboundSpamThreshold
        self.trackOpens = trackOpens
        self.trackLinks = trackLinks
        self.includeBounceContentInHook = includeBounceContentInHook
        self.enableSmtpApiErrorHooks = enableSmtpApiErrorHooks
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case name = "Name"
        case apiTokens = "ApiTokens"
        case color = "Color"
        case smtpApiActivated = "SmtpApiActivated"
        case rawEmailEnabled = "RawEmailEnabled"
        case deliveryType = "DeliveryType"
        case serverLink = "ServerLink"
        case inboundAddress = "InboundAddress"
        case inboundHookUrl = "InboundHookUrl"
        case bounceHookUrl = "BounceHookUrl"
        case openHookUrl = "OpenHookUrl"
        case deliveryHookUrl = "DeliveryHookUrl"
        case clickHookUrl = "ClickHookUrl"
        case postFirstOpenOnly = "PostFirstOpenOnly"
        case inboundDomain = "InboundDomain"
        case inboundHash = "InboundHash"
        case inboundSpamThreshold = "InboundSpamThreshold"
        case trackOpens = "TrackOpens"
        case trackLinks = "TrackLinks"
        case includeBounceContentInHook = "IncludeBounceContentInHook"
        case enableSmtpApiErrorHooks = "EnableSmtpApiErrorHooks"
    }
}

public struct ServerListResponse: Encodable, Sendable {
    public var totalCount: Int
    public var servers: [ServerResponse]

    public init(totalCount: Int, servers: [ServerResponse]) {
        self.totalCount = totalCount
        self.servers = servers
    }

    enum CodingKeys: String, CodingKey {
        case totalCount = "TotalCount"
        case servers = "Servers"
    }
}

public struct AddressResponse: Encodable, Sendable {
    public var email: String
    public var name: String

    public init(email: String, name: String) {
        self.email = email
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case email = "Email"
        case name = "Name"
    }
}

public struct OutboundMessageResponse: Encodable, Sendable {
    public var tag: String
    public var messageID: String
    public var messageStream: String
    public var to: [AddressResponse]
    public var cc: [AddressResponse]
    public var bcc: [AddressResponse]
    public var recipients: [String]
    public var receivedAt: String
    public var from: String
    public var subject: String
    public var attachments: [String]
    public var status: String
    public var trackOpens: Bool
    public var trackLinks: String
    public var metadata: [String: String]
    public var sandboxed: Bool

    public init(
        tag: String, messageID: String, messageStream: String, to: [AddressResponse], cc: [AddressResponse],
        bcc: [AddressResponse], recipients: [String], receivedAt: String, from: String, subject: String,
        attachments: [String], status: String, trackOpens: Bool, trackLinks: String, metadata: [String: String],
        sandboxed: Bool
    ) {
        self.tag = tag
        self.messageID = messageID
        self.messageStream = messageStream
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.recipients = recipients
        self.receivedAt = receivedAt
        self.from = from
        self.subject = subject
        self.attachments = attachments
        self.status = status
        self.trackOpens = trackOpens
        self.trackLinks = trackLinks
        self.metadata = metadata
        self.sandboxed = sandboxed
    }

    enum CodingKeys: String, CodingKey {
        case tag = "Tag"
        case messageID = "MessageID"
        case messageStream = "MessageStream"
        case to = "To"
        case cc = "Cc"
        case bcc = "Bcc"
        case recipients = "Recipients"
        case receivedAt = "ReceivedAt"
        case from = "From"
        case subject = "Subject"
        case attachments = "Attachments"
        case status = "Status"
        case trackOpens = "TrackOpens"
        case trackLinks = "TrackLinks"
        case metadata = "Metadata"
        case sandboxed = "Sandboxed"
    }
}

public struct OutboundSearchResponse: Encodable, Sendable {
    public var totalCount: Int
    public var messages: [OutboundMessageResponse]

    public init(totalCount: Int, messages: [OutboundMessageResponse]) {
        self.totalCount = totalCount
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case totalCount = "TotalCount"
        case messages = "Messages"
    }
}

public struct MessageEventResponse: Encodable, Sendable {
    public var recipient: String
    public var type: String
    public var receivedAt: String
    public var details: [String: String]

    public init(recipient: String, type: String, receivedAt: String, details: [String: String]) {
        self.recipient = recipient
        self.type = type
        self.receivedAt = receivedAt
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case recipient = "Recipient"
        case type = "Type"
        case receivedAt = "ReceivedAt"
        case details = "Details"
    }
}

/// `/details`: the search item plus bodies, raw source and events.
public struct OutboundDetailsResponse: Encodable, Sendable {
    public var message: OutboundMessageResponse
    public var textBody: String
    public var htmlBody: String
    public var body: String
    public var messageEvents: [MessageEventResponse]

    public init(
        message: OutboundMessageResponse, textBody: String, htmlBody: String, body: String,
        messageEvents: [MessageEventResponse]
    ) {
        self.message = message
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.body = body
        self.messageEvents = messageEvents
    }

    enum CodingKeys: String, CodingKey {
        case textBody = "TextBody"
        case htmlBody = "HtmlBody"
        case body = "Body"
        case messageEvents = "MessageEvents"
    }

    public func encode(to encoder: any Encoder) throws {
        try message.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(textBody, forKey: .textBody)
        try container.encode(htmlBody, forKey: .htmlBody)
        try container.encode(body, forKey: .body)
        try container.encode(messageEvents, forKey: .messageEvents)
    }
}

public struct DumpResponse: Encodable, Sendable {
    public var body: String

    public init(body: String) { self.body = body }

    enum CodingKeys: String, CodingKey { case body = "Body" }
}

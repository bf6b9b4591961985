/// A `Bounce` object of the Bounces API (reference 3.2).
public struct BounceResponse: Encodable, Sendable {
    public var recordType = "Bounce"
    public var id: Int64
    public var type: String
    public var typeCode: Int
    public var name: String
    public var tag: String
    public var messageID: String
    public var serverID: Int64
    public var messageStream: String
    public var description: String
    public var details: String
    public var email: String
    public var from: String
    public var bouncedAt: String
    public var dumpAvailable: Bool
    public var inactive: Bool
    public var canActivate: Bool
    public var subject: String
    /// Only on a single bounce and after activation.
    public var content: String?

    public init(
        id: Int64, type: String, typeCode: Int, name: String, tag: String, messageID: String, serverID: Int64,
        messageStream: String, description: String, details: String, email: String, from: String, bouncedAt: String,
        dumpAvailable: Bool, inactive: Bool, canActivate: Bool, subject: String, content: String? = nil
    ) {
        self.id = id
        self.type = type
        self.typeCode = typeCode
        self.name = name
        self.tag = tag
        self.messageID = messageID
        self.serverID = serverID
        self.messageStream = messageStream
        self.description = description
        self.details = details
        self.email = email
        self.from = from
        self.bouncedAt = bouncedAt
        self.dumpAvailable = dumpAvailable
        self.inactive = inactive
        self.canActivate = canActivate
        self.subject = subject
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case recordType = "RecordType", id = "ID", type = "Type", typeCode = "TypeCode", name = "Name", tag = "Tag"
        case messageID = "MessageID", serverID = "ServerID", messageStream = "MessageStream"
        case description = "Description", details = "Details", email = "Email", from = "From"
        case bouncedAt = "BouncedAt", dumpAvailable = "DumpAvailable", inactive = "Inactive"
        case canActivate = "CanActivate", subject = "Subject", content = "Content"
    }
}

public struct BounceListResponse: Encodable, Sendable {
    public var totalCount: Int
    public var bounces: [BounceResponse]

    public init(totalCount: Int, bounces: [BounceResponse]) {
        self.totalCount = totalCount
        self.bounces = bounces
    }

    enum CodingKeys: String, CodingKey { case totalCount = "TotalCount", bounces = "Bounces" }
}

public struct BounceActivationResponse: Encodable, Sendable {
    public var message = "OK"
    public var bounce: BounceResponse

    public init(bounce: BounceResponse) { self.bounce = bounce }

    enum CodingKeys: String, CodingKey { case message = "Message", bounce = "Bounce" }
}

/// `GET /deliverystats`: the `All` entry first (no `Type`), then one per type.
public struct DeliveryStatsResponse: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var type: String?
        public var typeCode: Int?
        public var name: String
        public var count: Int

        public init(type: String?, typeCode: Int?, name: String, count: Int) {
            self.type = type
            self.typeCode = typeCode
            self.name = name
            self.count = count
        }

        enum CodingKeys: String, CodingKey { case type = "Type", typeCode = "TypeCode", name = "Name", count = "Count" }
    }

    public var inactiveMails: Int
    public var bounces: [Entry]

    public init(inactiveMails: Int, bounces: [Entry]) {
        self.inactiveMails = inactiveMails
        self.bounces = bounces
    }

    enum CodingKeys: String, CodingKey { case inactiveMails = "InactiveMails", bounces = "Bounces" }
}

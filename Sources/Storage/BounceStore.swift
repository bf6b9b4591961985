import Foundation

/// A bounce or complaint to record (issue: bounces): from the delivery role (a 5xx reply) or the
/// inbound bounce listener (a DSN or ARF report tied to its message through the return path).
public struct NewBounce: Sendable, Equatable {
    /// The original message, when the return path named one that exists; nil keeps the bounce as
    /// unmatched, for inspection.
    public var messageID: String?
    public var email: String
    /// Postmark's bounce `Type` and `TypeCode` (reference section 5).
    public var type: String
    public var typeCode: Int
    /// The type's description, as the Bounces API shows it.
    public var description: String
    /// The remote reply or diagnostic.
    public var details: String
    public var bouncedAt: Date
    /// The bounce message itself (`/bounces/{id}/dump`); nil for synchronous bounces.
    public var content: [UInt8]?
    /// Set when the bounce deactivates the recipient on the message's stream.
    public var suppression: SuppressionReason?

    public init(
        messageID: String?, email: String, type: String, typeCode: Int, description: String, details: String,
        bouncedAt: Date, content: [UInt8]?, suppression: SuppressionReason?
    ) {
        self.messageID = messageID
        self.email = email
        self.type = type
        self.typeCode = typeCode
        self.description = description
        self.details = details
        self.bouncedAt = bouncedAt
        self.content = content
        self.suppression = suppression
    }
}

/// A recorded bounce as the Bounces API reads it (reference 3.2).
public struct BounceRecord: Sendable, Equatable {
    public var id: Int64
    public var serverID: Int64
    public var messageID: String
    public var stream: String
    public var type: String
    public var typeCode: Int
    public var email: String
    public var from: String
    public var subject: String
    public var tag: String?
    public var description: String
    public var details: String
    public var bouncedAt: Date
    public var dumpAvailable: Bool
    public var inactive: Bool
    public var canActivate: Bool

    public init(
        id: Int64, serverID: Int64, messageID: String, stream: String, type: String, typeCode: Int, email: String,
        from: String, subject: String, tag: String?, description: String, details: String, bouncedAt: Date,
        dumpAvailable: Bool, inactive: Bool, canActivate: Bool
    ) {
        self.id = id
        self.serverID = serverID
        self.messageID = messageID
        self.stream = stream
        self.type = type
        self.typeCode = typeCode
        self.email = email
        self.from = from
        self.subject = subject
        self.tag = tag
        self.description = description
        self.details = details
        self.bouncedAt = bouncedAt
        self.dumpAvailable = dumpAvailable
        self.inactive = inactive
        self.canActivate = canActivate
    }
}

public struct BounceQuery: Sendable, Equatable {
    public var count: Int
    public var offset: Int
    public var type: String?
    public var inactive: Bool?
    /// Partial, case-insensitive match on the address.
    public var emailFilter: String?
    public var tag: String?
    public var messageID: String?
    public var fromDate: Date?
    public var toDate: Date?
    public var stream: String = "outbound"

    public init(count: Int, offset: Int) {
        self.count = count
        self.offset = offset
    }
}

public protocol BounceStore: Sendable {
    /// Records a bounce: tied to its message when `messageID` names one (with a `Bounced` or
    /// `SpamComplaint` event for the recipient and, when asked, the suppression), otherwise kept
    /// as unmatched. One commit. Returns the bounce ID and whether it matched a message.
    @discardableResult
    func recordBounce(_ bounce: NewBounce) async throws -> (id: Int64, matched: Bool)

    func bounces(serverID: Int64, query: BounceQuery) async throws -> SearchPage<BounceRecord>
    func bounce(serverID: Int64, id: Int64) async throws -> BounceRecord?
    /// The bounce message as received; nil when the bounce does not exist, empty when no dump.
    func bounceDump(serverID: Int64, id: Int64) async throws -> [UInt8]?
    /// Lifts the suppression the bounce caused (not for complaints: `canActivate` false) and marks
    /// the bounce active. Returns the updated bounce, or nil when it does not exist.
    func activateBounce(serverID: Int64, id: Int64) async throws -> BounceRecord?
    /// Count of bounces per type on the server, and how many addresses are suppressed.
    func deliveryStats(serverID: Int64) async throws -> (inactive: Int, counts: [(type: String, count: Int)])
    /// Distinct tags of the server's bounced messages.
    func bounceTags(serverID: Int64) async throws -> [String]
    /// Bounces that matched no message, newest first, for operators (their `serverID` is 0 and
    /// their `messageID` is what the return path named, if anything).
    func unmatchedBounces(count: Int, offset: Int) async throws -> SearchPage<BounceRecord>
    /// An unmatched bounce's message as received; nil when there is no such unmatched bounce.
    func unmatchedBounceDump(id: Int64) async throws -> [UInt8]?
}

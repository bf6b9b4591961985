import Foundation

/// Filters of `GET /messages/outbound` (reference 3.5), already validated and normalised.
public struct OutboundQuery: Sendable, Equatable {
    public var count: Int
    public var offset: Int
    /// Exact envelope recipient, matched case-insensitively.
    public var recipient: String?
    /// Exact From address, matched case-insensitively.
    public var fromEmail: String?
    /// Exact tag.
    public var tag: String?
    public var statuses: [MessageStatus]?
    /// Words that must all occur in the subject (full-text search).
    public var subject: String?
    /// Inclusive lower bound on `ReceivedAt`.
    public var fromDate: Date?
    /// Exclusive upper bound on `ReceivedAt`.
    public var toDate: Date?
    public var stream: String
    public var metadata: MetadataEntry?

    public init(
        count: Int, offset: Int, recipient: String? = nil, fromEmail: String? = nil, tag: String? = nil,
        statuses: [MessageStatus]? = nil, subject: String? = nil, fromDate: Date? = nil, toDate: Date? = nil,
        stream: String = "outbound", metadata: MetadataEntry? = nil
    ) {
        self.count = count
        self.offset = offset
        self.recipient = recipient
        self.fromEmail = fromEmail
        self.tag = tag
        self.statuses = statuses
        self.subject = subject
        self.fromDate = fromDate
        self.toDate = toDate
        self.stream = stream
        self.metadata = metadata
    }
}

public struct SearchPage<Item: Sendable>: Sendable {
    public var totalCount: Int
    public var items: [Item]

    public init(totalCount: Int, items: [Item]) {
        self.totalCount = totalCount
        self.items = items
    }
}

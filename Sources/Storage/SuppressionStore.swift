import Foundation

/// Why a recipient is suppressed on a stream (reference section 5, `SuppressionReason`).
public enum SuppressionReason: String, Sendable, Codable, CaseIterable {
    case hardBounce = "HardBounce"
    case spamComplaint = "SpamComplaint"
    case manualSuppression = "ManualSuppression"
}

/// Who caused it (`Origin`): the recipient (bounce, complaint, unsubscribe), the customer (API/UI),
/// or an administrator.
public enum SuppressionOrigin: String, Sendable, Codable, CaseIterable {
    case recipient = "Recipient"
    case customer = "Customer"
    case admin = "Admin"
}

public struct SuppressionRecord: Sendable, Equatable {
    public var emailAddress: String
    public var reason: SuppressionReason
    public var origin: SuppressionOrigin
    public var createdAt: Date

    public init(emailAddress: String, reason: SuppressionReason, origin: SuppressionOrigin, createdAt: Date) {
        self.emailAddress = emailAddress
        self.reason = reason
        self.origin = origin
        self.createdAt = createdAt
    }
}

public struct SuppressionQuery: Sendable, Equatable {
    public var reason: SuppressionReason?
    public var origin: SuppressionOrigin?
    public var emailAddress: String?
    public var fromDate: Date?
    public var toDate: Date?

    public init(
        reason: SuppressionReason? = nil, origin: SuppressionOrigin? = nil, emailAddress: String? = nil,
        fromDate: Date? = nil, toDate: Date? = nil
    ) {
        self.reason = reason
        self.origin = origin
        self.emailAddress = emailAddress
        self.fromDate = fromDate
        self.toDate = toDate
    }
}

/// Per-stream suppression lists (reference 3.6 and 5). Addresses compare case-insensitively.
public protocol SuppressionStore: Sendable {
    /// Which of `emails` are suppressed on the stream, as lower-cased addresses.
    func suppressedAddresses(serverID: Int64, stream: String, among emails: [String]) async throws -> Set<String>

    /// Adds suppressions; an address already suppressed keeps its existing row (the first reason
    /// stands, so a complaint is never downgraded).
    func addSuppressions(serverID: Int64, stream: String, _ records: [SuppressionRecord]) async throws

    /// Removes the given addresses' suppressions, except SpamComplaint ones, which only an
    /// administrator may lift. Returns the lower-cased addresses that were refused.
    func deleteSuppressions(serverID: Int64, stream: String, emails: [String]) async throws -> Set<String>

    /// The stream's suppressions matching the query, newest first (no paging, as Postmark's dump).
    func suppressions(serverID: Int64, stream: String, query: SuppressionQuery) async throws -> [SuppressionRecord]
}

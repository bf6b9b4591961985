import Foundation

/// Accounts, servers, tokens and streams (reference 3.4, 3.6, 4.1).
public protocol ServerStore: Sendable {
    /// On an empty database, creates the account token (the given one, or a new random one), a first
    /// server named "Default" with one token and its default streams. Returns what was created, or nil
    /// when the database was already initialised. Safe to call from several nodes at once.
    func bootstrap(accountToken: String?, at date: Date) async throws -> Bootstrap?

    /// True when `token` is the account token (constant-time comparison).
    func isAccountToken(_ token: String) async throws -> Bool

    /// The server owning `token`, or nil (constant-time comparison of the stored token). The system
    /// server's token is never handed out and finds nothing, so no way in ever reaches that server.
    func server(forToken token: String) async throws -> ServerRecord?

    func server(id: Int64) async throws -> ServerRecord?

    /// Servers ordered by id; `nameFilter` is a case-insensitive substring.
    func listServers(nameFilter: String?, count: Int, offset: Int) async throws -> SearchPage<ServerRecord>

    /// Creates a server with one new token and the default streams. Throws `StoreError.duplicateName`.
    func createServer(name: String, deliveryType: DeliveryType, settings: ServerSettings, at date: Date) async throws
        -> ServerRecord

    /// Replaces name and settings. Throws `StoreError.duplicateName` or `.notFound`.
    func updateServer(id: Int64, name: String, settings: ServerSettings) async throws -> ServerRecord

    /// Deletes the server with its tokens, streams and messages. Throws `.notFound`.
    func deleteServer(id: Int64) async throws
    /// The account's hidden server that Postage's own mail (sender confirmations) is sent from,
    /// made on first use. It has an empty name, is left out of `listServers`, and the Account API
    /// treats it as not found.
    func systemServer(at date: Date) async throws -> ServerRecord

    func streams(serverID: Int64) async throws -> [StreamRecord]

    func stream(serverID: Int64, id: String) async throws -> StreamRecord?
}

/// Outbound messages and their delivery queue (reference 3.1, 3.5; architecture section 3).
public protocol MessageStore: Sendable {
    /// Durably commits the messages, one queued delivery row per envelope recipient (due at
    /// `receivedAt`), and their raw bytes, all or nothing. Returns only after the commit is on disk.
    func accept(_ messages: [NewMessage]) async throws

    func searchOutbound(serverID: Int64, query: OutboundQuery) async throws -> SearchPage<MessageSummary>

    func outboundDetails(serverID: Int64, messageID: String) async throws -> MessageDetails?

    func outboundDump(serverID: Int64, messageID: String) async throws -> [UInt8]?

    /// The delivery rows of one message, in recipient order (for tests and the delivery role).
    func deliveries(messageID: String) async throws -> [DeliveryRecord]
}

/// Everything a node needs from its database.
public protocol Store: ServerStore, MessageStore, TemplateStore, DeliveryStore, DKIMKeyStore, SuppressionStore,
    BounceStore, DomainStore, SenderSignatureStore
{
    /// Releases connections; the store is unusable afterwards.
    func close() async throws
}

public struct Bootstrap: Sendable, Equatable {
    public var accountToken: String
    public var server: ServerRecord

    public init(accountToken: String, server: ServerRecord) {
        self.accountToken = accountToken
        self.server = server
    }
}

public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound
        case duplicateName
        case duplicateMessageID
        case invalidConfiguration
        /// A row refers to one that does not exist (a template's layout alias).
        case missingReference
        /// The row is still used by others (a Layout that templates are rendered in).
        case inUse
        /// A per-server limit would be exceeded (templates per server).
        case limitReached
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    public static func notFound(_ detail: String = "") -> StoreError { StoreError(.notFound, detail) }
    public static func duplicateName(_ detail: String = "") -> StoreError { StoreError(.duplicateName, detail) }

    public var description: String { detail.isEmpty ? code.rawValue : "\(code.rawValue): \(detail)" }
}

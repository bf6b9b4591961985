import Foundation

/// A Postmark "server": a tenant with its own tokens, streams and messages.
public struct ServerRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// `Live` or `Sandbox`; fixed at creation (reference 3.4).
    public var deliveryType: DeliveryType
    public var apiTokens: [String]
    public var settings: ServerSettings
    public var createdAt: Date

    /// The hidden server of Postage's own mail (`ServerStore.systemServer`); customers' servers
    /// always have a name.
    public var isSystem: Bool { name.isEmpty }

    public init(
        id: Int64, name: String, deliveryType: DeliveryType, apiTokens: [String],
        settings: ServerSettings, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.deliveryType = deliveryType
        self.apiTokens = apiTokens
        self.settings = settings
        self.createdAt = createdAt
    }
}

public enum DeliveryType: String, Sendable, Codable, CaseIterable {
    case live = "Live"
    case sandbox = "Sandbox"
}

/// The editable settings of a server (reference 3.4). Stored as one JSON document so that
/// adding a Postmark field does not need a migration.
public struct ServerSettings: Sendable, Equatable, Codable {
    public var color: String = "Purple"
    public var smtpApiActivated: Bool = true
    public var rawEmailEnabled: Bool = false
    public var inboundHookUrl: String = ""
    public var bounceHookUrl: String = ""
    public var openHookUrl: String = ""
    public var deliveryHookUrl: String = ""
    public var clickHookUrl: String = ""
    public var postFirstOpenOnly: Bool = false
    public var inboundDomain: String = ""
    public var inboundHash: String = ""
    public var inboundSpamThreshold: Int = 0
    public var trackOpens: Bool = false
    public var trackLinks: String = "None"
    public var includeBounceContentInHook: Bool = false
    public var enableSmtpApiErrorHooks: Bool = false

    public init() {}

    /// A fresh inbound hash: 128 random bits as 32 hex digits. Stores give every new server one.
    public static func newInboundHash() -> String {
        Tokens.generate().filter { $0 != "-" }
    }
}

/// A message stream of a server (reference 3.6).
public struct StreamRecord: Sendable, Equatable {
    public var id: String
    public var serverID: Int64
    public var name: String
    public var type: StreamType
    public var description: String?
    public var createdAt: Date
    public var updatedAt: Date?
    public var archivedAt: Date?

    public init(
        id: String, serverID: Int64, name: String, type: StreamType, description: String?,
        createdAt: Date, updatedAt: Date? = nil, archivedAt: Date? = nil
    ) {
        self.id = id
        self.serverID = serverID
        self.name = name
        self.type = type
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archivedAt = archivedAt
    }
}

public enum StreamType: String, Sendable, Codable, CaseIterable {
    case transactional = "Transactional"
    case broadcasts = "Broadcasts"
    case inbound = "Inbound"
}

extension StreamRecord {
    /// The streams every new server starts with (reference 3.6).
    public static func defaults(serverID: Int64, at date: Date) -> [StreamRecord] {
        [
            StreamRecord(
                id: "outbound", serverID: serverID, name: "Default Transactional Stream",
                type: .transactional, description: nil, createdAt: date),
            StreamRecord(
                id: "broadcast", serverID: serverID, name: "Default Broadcast Stream",
                type: .broadcasts, description: nil, createdAt: date),
            StreamRecord(
                id: "inbound", serverID: serverID, name: "Default Inbound Stream",
                type: .inbound, description: nil, createdAt: date),
        ]
    }
}

/// Where to deliver for one recipient domain. Implemented over Postage's DNS resolver (and by a
/// fixed relay host when a smarthost is configured).
public protocol MailRouter: Sendable {
    /// The hosts to try, in order. Throws `RoutingError` for failures.
    func route(domain: String) async throws(RoutingError) -> [MailHost]
}

/// One destination host with the addresses to connect to, in order.
public struct MailHost: Sendable, Equatable {
    public var name: String
    public var addresses: [String]
    public var port: Int

    public init(name: String, addresses: [String], port: Int) {
        self.name = name
        self.addresses = addresses
        self.port = port
    }
}

public struct RoutingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The domain publishes a null MX (RFC 7505): it accepts no mail.
        case nullMX
        /// NXDOMAIN for the domain, or no address for any of its hosts.
        case noSuchDomain
        /// SERVFAIL, timeouts: try again later.
        case temporary
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind): \(detail)" }
}

/// Sends one message to one host for several recipients (one SMTP transaction).
public protocol MailTransport: Sendable {
    func deliver(envelopeFrom: String, recipients: [String], message: [UInt8], to host: MailHost) async -> [TransportOutcome]
}

/// What the remote host said about one recipient.
public struct TransportOutcome: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case delivered
        case transient
        case permanent
    }

    public var recipient: String
    public var status: Status
    public var code: Int
    public var enhancedStatus: String?
    public var text: String
    /// The address actually connected to, when a connection was made.
    public var remoteAddress: String?

    public init(recipient: String, status: Status, code: Int, enhancedStatus: String?, text: String, remoteAddress: String?) {
        self.recipient = recipient
        self.status = status
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.text = text
        self.remoteAddress = remoteAddress
    }

    /// `250 2.0.0 Ok: queued` as Postmark shows it in `DeliveryMessage`.
    public var replyLine: String {
        [String(code), enhancedStatus, text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

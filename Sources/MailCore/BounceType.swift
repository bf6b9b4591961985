/// Postmark's bounce taxonomy (reference section 5): the `Type` string used in JSON and filters,
/// its numeric `TypeCode`, and the human `Name`.
public enum BounceType: String, Sendable, CaseIterable, Codable {
    case hardBounce = "HardBounce"
    case transient = "Transient"
    case unsubscribe = "Unsubscribe"
    case subscribe = "Subscribe"
    case autoResponder = "AutoResponder"
    case addressChange = "AddressChange"
    case dnsError = "DnsError"
    case spamNotification = "SpamNotification"
    case openRelayTest = "OpenRelayTest"
    case unknown = "Unknown"
    case softBounce = "SoftBounce"
    case virusNotification = "VirusNotification"
    case challengeVerification = "ChallengeVerification"
    case badEmailAddress = "BadEmailAddress"
    case spamComplaint = "SpamComplaint"
    case manuallyDeactivated = "ManuallyDeactivated"
    case unconfirmed = "Unconfirmed"
    case blocked = "Blocked"
    case smtpAPIError = "SMTPApiError"
    case inboundError = "InboundError"
    case dmarcPolicy = "DMARCPolicy"
    case templateRenderingFailed = "TemplateRenderingFailed"

    public var typeCode: Int {
        switch self {
        case .hardBounce: 1
        case .transient: 2
        case .unsubscribe: 16
        case .subscribe: 32
        case .autoResponder: 64
        case .addressChange: 128
        case .dnsError: 256
        case .spamNotification: 512
        case .openRelayTest: 1024
        case .unknown: 2048
        case .softBounce: 4096
        case .virusNotification: 8192
        case .challengeVerification: 16384
        case .badEmailAddress: 100_000
        case .spamComplaint: 100_001
        case .manuallyDeactivated: 100_002
        case .unconfirmed: 100_003
        case .blocked: 100_006
        case .smtpAPIError: 100_007
        case .inboundError: 100_008
        case .dmarcPolicy: 100_009
        case .templateRenderingFailed: 100_010
        }
    }

    public var name: String {
        switch self {
        case .hardBounce: "Hard bounce"
        case .transient: "Message delayed"
        case .unsubscribe: "Unsubscribe request"
        case .subscribe: "Subscribe request"
        case .autoResponder: "Auto responder"
        case .addressChange: "Address change"
        case .dnsError: "DNS error"
        case .spamNotification: "Spam notification"
        case .openRelayTest: "Open relay test"
        case .unknown: "Unknown"
        case .softBounce: "Soft bounce"
        case .virusNotification: "Virus notification"
        case .challengeVerification: "Spam challenge verification"
        case .badEmailAddress: "Invalid email address"
        case .spamComplaint: "Spam complaint"
        case .manuallyDeactivated: "Manually deactivated"
        case .unconfirmed: "Registration not confirmed"
        case .blocked: "ISP block"
        case .smtpAPIError: "SMTP API error"
        case .inboundError: "Processing failed"
        case .dmarcPolicy: "DMARC Policy"
        case .templateRenderingFailed: "Template rendering failed"
        }
    }

    /// Hard bounces and spam complaints suppress the recipient on the stream (reference 5).
    public var deactivatesRecipient: Bool {
        self == .hardBounce || self == .spamComplaint || self == .manuallyDeactivated
    }

    /// Finds a type by its JSON name, case-insensitively and allowing snake_case (`hard_bounce`).
    public init?(loose text: String) {
        let wanted = text.lowercased().filter { $0 != "_" }
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
        self = match
    }
}

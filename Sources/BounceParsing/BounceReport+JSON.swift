import Foundation
import MailCore

extension BounceParser {
    /// The report as pretty-printed JSON with sorted keys, for `postage bounce inspect FILE`:
    /// `Kind`, `Type`, `TypeCode`, `Name` (Postmark's bounce type of the first recipient, see
    /// reference section 5), `Recipient` (the first address or null), `Recipients` (one object
    /// per recipient with `Email`, `Action`, `Status`, `Diagnostic`, `RemoteMTA`, `Permanent`,
    /// `Type`, `TypeCode`), `Status`, `Diagnostic`, `Permanent` (of the first recipient),
    /// `IsComplaint`, `OriginalMessageID`, `ReturnPath`, `ReportingMTA`, `FeedbackType`, `UserAgent`.
    public static func inspectJSON(_ message: [UInt8]) -> String {
        inspectJSON(parse(message))
    }

    public static func inspectJSON(_ report: BounceReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(InspectView(report)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The wire shape of ``BounceParser/inspectJSON(_:)-(BounceReport)``, Postmark casing.
struct InspectView: Encodable {
    struct Recipient: Encodable {
        var email: String
        var action: String?
        var status: String?
        var diagnostic: String?
        var remoteMTA: String?
        var permanent: Bool
        var type: String
        var typeCode: Int

        enum CodingKeys: String, CodingKey {
            case email = "Email", action = "Action", status = "Status", diagnostic = "Diagnostic"
            case remoteMTA = "RemoteMTA", permanent = "Permanent", type = "Type", typeCode = "TypeCode"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(action, forKey: .action)
            try container.encode(status, forKey: .status)
            try container.encode(diagnostic, forKey: .diagnostic)
            try container.encode(remoteMTA, forKey: .remoteMTA)
            try container.encode(permanent, forKey: .permanent)
            try container.encode(type, forKey: .type)
            try container.encode(typeCode, forKey: .typeCode)
        }
    }

    var kind: String
    var type: String
    var typeCode: Int
    var name: String
    var recipient: String?
    var recipients: [Recipient]
    var status: String?
    var diagnostic: String?
    var permanent: Bool
    var isComplaint: Bool
    var originalMessageID: String?
    var returnPath: String?
    var reportingMTA: String?
    var feedbackType: String?
    var userAgent: String?

    enum CodingKeys: String, CodingKey {
        case kind = "Kind", type = "Type", typeCode = "TypeCode", name = "Name", recipient = "Recipient"
        case recipients = "Recipients", status = "Status", diagnostic = "Diagnostic", permanent = "Permanent"
        case isComplaint = "IsComplaint", originalMessageID = "OriginalMessageID", returnPath = "ReturnPath"
        case reportingMTA = "ReportingMTA", feedbackType = "FeedbackType", userAgent = "UserAgent"
    }

    init(_ report: BounceReport) {
        let first = report.recipients.first
        let type = report.bounceType
        kind = report.kind.rawValue
        self.type = type.rawValue
        typeCode = type.typeCode
        name = type.name
        recipient = first?.address
        recipients = report.recipients.map {
            Recipient(email: $0.address, action: $0.action, status: $0.status, diagnostic: $0.diagnostic,
                      remoteMTA: $0.remoteMTA, permanent: $0.permanent, type: $0.bounceType.rawValue,
                      typeCode: $0.bounceType.typeCode)
        }
        status = first?.status
        diagnostic = first?.diagnostic
        permanent = first?.permanent ?? false
        isComplaint = report.isComplaint
        originalMessageID = report.originalMessageID
        returnPath = report.returnPath
        reportingMTA = report.reportingMTA
        feedbackType = report.feedbackType
        userAgent = report.userAgent
    }

    // Explicit nulls, so every key is always present.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(type, forKey: .type)
        try container.encode(typeCode, forKey: .typeCode)
        try container.encode(name, forKey: .name)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(status, forKey: .status)
        try container.encode(diagnostic, forKey: .diagnostic)
        try container.encode(permanent, forKey: .permanent)
        try container.encode(isComplaint, forKey: .isComplaint)
        try container.encode(originalMessageID, forKey: .originalMessageID)
        try container.encode(returnPath, forKey: .returnPath)
        try container.encode(reportingMTA, forKey: .reportingMTA)
        try container.encode(feedbackType, forKey: .feedbackType)
        try container.encode(userAgent, forKey: .userAgent)
    }
}

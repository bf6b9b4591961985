import Foundation
import MailCore
import PostmarkWire
import Storage

/// The fields of `POST /senders` and `PUT /senders/{id}` (reference 4.2), validated with the
/// sender signature ErrorCodes: 520 missing, 521 too long, 522 not an address or domain, 503 a
/// public mailbox provider's domain.
struct SenderSignatureInput: Equatable {
    var emailAddress: String
    var name: String
    var replyTo: String?
    var returnPathDomain: String?
    var note: String?
    /// Whether the body named a `ReturnPathDomain` (a new value, or "" to remove it).
    var returnPathGiven = false

    static let maximumLength = 255
    static let maximumNoteLength = 400

    /// Domains of public mailbox providers: their DMARC policies make mail that other servers send
    /// as their users fail, so no signature may use them (ErrorCode 503).
    static let publicDomains: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "hotmail.com",
        "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com",
        "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "yandex.com", "proton.me",
        "protonmail.com", "zoho.com", "qq.com", "163.com",
    ]

    /// The domain as the address spells it (Postmark keeps its case in `Domain`).
    var domainAsTyped: String { String(emailAddress[emailAddress.index(after: emailAddress.lastIndex(of: "@")!)...]) }
    var domain: String { domainAsTyped.lowercased() }

    var fields: SenderSignatureFields {
        SenderSignatureFields(
            name: name, replyToEmailAddress: replyTo, returnPathDomain: returnPathDomain, returnPathVerified: false,
            confirmationPersonalNote: note)
    }

    /// `POST /senders`: `FromEmail` and `Name` are required.
    static func create(_ json: JSONValue) throws(PostmarkError) -> SenderSignatureInput {
        guard case .object = json else { throw PostmarkError.invalidJSON }
        guard let from = try text(json, "FromEmail"), !from.isEmpty else {
            throw PostmarkError(520, "A 'FromEmail' is required to create a sender signature.")
        }
        guard let name = try text(json, "Name"), !name.isEmpty else {
            throw PostmarkError(520, "A 'Name' is required to create a sender signature.")
        }
        let address = try plainAddress(from, field: "FromEmail")
        var input = SenderSignatureInput(emailAddress: address, name: try limited(name, "Name"))
        if publicDomains.contains(input.domain) {
            throw PostmarkError(
                503,
                "Public domains such as \(input.domain) are not allowed: their DMARC policy makes mail sent from other servers fail. Use an address on a domain you control.")
        }
        try input.apply(json)
        return input
    }

    /// `PUT /senders/{id}`: absent and `null` keys keep their value (reference section 1: null is
    /// "not provided", and postmarker sends null for every field it was not given); "" clears an
    /// optional one.
    static func update(_ json: JSONValue, of signature: SenderSignatureRecord) throws(PostmarkError)
        -> SenderSignatureInput
    {
        guard case .object(let object) = json else { throw PostmarkError.invalidJSON }
        if object.members.isEmpty { throw PostmarkError(502, "No sender signature data received.") }
        var input = SenderSignatureInput(
            emailAddress: signature.emailAddress, name: signature.name, replyTo: signature.replyToEmailAddress,
            returnPathDomain: signature.returnPathDomain, note: signature.confirmationPersonalNote)
        if let name = try text(json, "Name") {
            if name.isEmpty { throw PostmarkError(520, "A sender signature's 'Name' cannot be empty.") }
            input.name = try limited(name, "Name")
        }
        try input.apply(json)
        return input
    }

    init(emailAddress: String, name: String, replyTo: String? = nil, returnPathDomain: String? = nil, note: String? = nil) {
        self.emailAddress = emailAddress
        self.name = name
        self.replyTo = replyTo
        self.returnPathDomain = returnPathDomain
        self.note = note
    }

    /// The optional fields the body gives (absent and null leave them as they are).
    mutating func apply(_ json: JSONValue) throws(PostmarkError) {
        if let value = try Self.text(json, "ReplyToEmail") {
            replyTo = value.isEmpty ? nil : try Self.plainAddress(value, field: "ReplyToEmail")
        }
        if let value = try Self.text(json, "ReturnPathDomain") {
            returnPathGiven = true
            let lowered = value.lowercased()
            if !lowered.isEmpty {
                _ = try Self.limited(lowered, "ReturnPathDomain")
                guard lowered.hasSuffix("." + domain), (try? PostmarkAPI.validDomainName(lowered)) != nil else {
                    throw PostmarkError(522, "The 'ReturnPathDomain' must be a subdomain of \(domain).")
                }
            }
            returnPathDomain = lowered.isEmpty ? nil : lowered
        }
        if let value = try Self.text(json, "ConfirmationPersonalNote") {
            if value.count > Self.maximumNoteLength {
                throw PostmarkError(
                    521, "The 'ConfirmationPersonalNote' may be at most \(Self.maximumNoteLength) characters.")
            }
            note = value.isEmpty ? nil : value
        }
    }

    /// A string field, trimmed; nil when absent or null. Another JSON type is ErrorCode 511.
    static func text(_ json: JSONValue, _ key: String) throws(PostmarkError) -> String? {
        switch json[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value.trimmingCharacters(in: .whitespaces)
        default: throw PostmarkError(511, "The '\(key)' field must be a string.")
        }
    }

    static func limited(_ value: String, _ key: String) throws(PostmarkError) -> String {
        if value.count > maximumLength {
            throw PostmarkError(521, "The '\(key)' field may be at most \(maximumLength) characters.")
        }
        return value
    }

    /// One bare address (no display name, no line breaks), at most 255 characters.
    static func plainAddress(_ value: String, field: String) throws(PostmarkError) -> String {
        _ = try limited(value, field)
        guard let parsed = try? EmailAddress(parsing: value), parsed.displayName == nil, parsed.address == value,
            value.contains("@"), !parsed.domain.isEmpty
        else {
            throw PostmarkError(522, "The '\(field)' value '\(value)' is not a valid email address.")
        }
        return value
    }
}

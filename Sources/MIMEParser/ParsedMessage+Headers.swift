import Foundation
import MailCore

/// Typed access to the RFC 5322 §3.6 fields.
extension ParsedMessage {
    /// The decoded Subject (RFC 5322 §3.6.5, RFC 2047 §5(1)).
    public var subject: String? { header["subject"] }

    /// The Message-ID without angle brackets (RFC 5322 §3.6.4).
    public var messageID: String? {
        header.field("message-id").flatMap { MessageID.strip($0.unfoldedValue) }
    }

    public var from: AddressList { addresses("from") }
    public var sender: AddressList { addresses("sender") }
    public var replyTo: AddressList { addresses("reply-to") }
    public var to: AddressList { addresses("to") }
    public var cc: AddressList { addresses("cc") }
    public var bcc: AddressList { addresses("bcc") }

    /// The mailboxes of every field named `name` (RFC 5322 §3.4 address-list), parsed
    /// tolerantly: see ``AddressListParser``.
    public func addresses(_ name: String) -> AddressList {
        var list = AddressList()
        for field in header.fields(name) {
            let parsed = AddressListParser.parse(field.unfoldedValue)
            list.addresses += parsed.addresses
            list.invalid += parsed.invalid
        }
        return list
    }

    /// The origination date (RFC 5322 §3.6.1, §3.3, obsolete forms of §4.3), nil when absent
    /// or unparseable.
    public var date: Date? {
        header.field("date").flatMap { DateParser.parse($0.unfoldedValue) }
    }
}

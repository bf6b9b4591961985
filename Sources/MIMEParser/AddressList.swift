import MailCore

/// The mailboxes of an address header, parsed tolerantly: what parses is kept.
public struct AddressList: Sendable, Hashable {
    /// Mailboxes in order; display names have RFC 2047 encoded-words decoded.
    public var addresses: [EmailAddress]
    /// List items that are not valid mailboxes (e.g. `MAILER-DAEMON` without a domain), as
    /// written.
    public var invalid: [String]

    public init(addresses: [EmailAddress] = [], invalid: [String] = []) {
        self.addresses = addresses
        self.invalid = invalid
    }

    public var isEmpty: Bool { addresses.isEmpty }
    public var first: EmailAddress? { addresses.first }
}

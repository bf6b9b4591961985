/// Parses the address strings Postmark clients send in `From`, `To`, `Cc`, `Bcc` and
/// `ReplyTo`: comma-separated lists of `addr`, `Name <addr>` and `"Quoted, Name" <addr>`.
///
/// Grammar: RFC 5322 §3.4 (`address-list`, `mailbox`, `name-addr`, `angle-addr`,
/// `addr-spec`) with these deliberate choices:
/// - Only `,` separates list items; `;` is rejected (it is not a separator, and group
///   syntax `name: a, b;` from RFC 5322 §3.4 is not accepted).
/// - Empty items (`a@x.test,,b@x.test`, a trailing comma) are ignored (RFC 5322 §4.4
///   obs-addr-list allows null members).
/// - Comments `(...)` are skipped wherever CFWS may appear (RFC 5322 §3.2.2).
/// - `.` is allowed in unquoted display names (RFC 5322 §4.1 obs-phrase), as in `John Q. Public`.
/// - UTF-8 is allowed in display names, local parts (RFC 6531 §3.3, RFC 6532 §3.2) and
///   domain labels (IDN U-labels).
/// - CR, LF and NUL anywhere make the whole input invalid.
public enum AddressParser {
    /// Parses a comma-separated list. Returns `[]` for an empty or whitespace-only string;
    /// whether an empty list is acceptable is the caller's decision.
    public static func parseList(_ s: String) throws(AddressError) -> [EmailAddress] {
        if HeaderValue.containsLineBreak(s) {
            throw AddressError(code: .lineBreak, input: s, reason: "Address contains a line break or NUL")
        }
        var scanner = AddressScanner(s)
        var result: [EmailAddress] = []
        while true {
            let itemStart = scanner.position
            do throws(AddressError) {
                try scanner.skipCFWS()
                guard let c = scanner.current else { break }
                if c == "," {
                    scanner.advance()
                    continue
                }
                result.append(try scanner.parseMailbox())
                guard let next = scanner.current else { break }
                if next == "," {
                    scanner.advance()
                    continue
                }
                throw scanner.unexpected(next)
            } catch {
                // Report the list item that failed rather than the whole list.
                var itemError = error
                itemError.input = scanner.item(startingAt: itemStart)
                throw itemError
            }
        }
        return result
    }

    /// Parses exactly one mailbox (a trailing comma is tolerated).
    public static func parseMailbox(_ s: String) throws(AddressError) -> EmailAddress {
        let list = try parseList(s)
        guard let first = list.first else {
            throw AddressError(code: .empty, input: s, reason: "No email address given")
        }
        guard list.count == 1 else {
            throw AddressError(code: .multipleMailboxes, input: s, reason: "Expected a single email address")
        }
        return first
    }
}

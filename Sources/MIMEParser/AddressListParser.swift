import MailCore

/// Reads an address-list header (RFC 5322 §3.4, §3.6.2, §3.6.3) from arbitrary mail.
///
/// The list is split into items here, and each item is parsed by MailCore's
/// ``AddressParser`` (the same rules Postage applies to API input); items it rejects are
/// reported in ``AddressList/invalid`` instead of failing the whole list. The splitting
/// accepts what AddressParser deliberately does not:
/// - groups `name: a@x, b@y;` (RFC 5322 §3.4 `group`): the members are kept, the group name
///   dropped; an empty group (`undisclosed-recipients:;`) gives nothing;
/// - `;` between items outside a group;
/// - obsolete routes `<@relay:user@x>` (RFC 5322 §4.4 `obs-route`): the route is dropped.
/// RFC 2047 encoded-words in display names (RFC 2047 §5(3)) are decoded after parsing, so
/// decoded commas or quotes cannot change the list structure.
public enum AddressListParser {
    public static func parse(_ value: String) -> AddressList {
        var list = AddressList()
        for item in splitItems(value) {
            let text = ASCII.trimmed(item)
            guard !text.isEmpty else { continue }
            do {
                var mailbox = try AddressParser.parseMailbox(text)
                if let name = mailbox.displayName, name.contains("=?") {
                    mailbox.displayName = EncodedWordDecoder.decode(name)
                }
                list.addresses.append(mailbox)
            } catch {
                list.invalid.append(text)
            }
        }
        return list
    }

    /// Splits at top-level `,` and `;`, dropping group names (`name:`) and obsolete routes.
    static func splitItems(_ value: String) -> [String] {
        let scalars = Array(value.unicodeScalars)
        var items: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        var angle = false
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "\"":
                let start = i
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    i += scalars[i] == "\\" ? 2 : 1
                }
                i = min(i + 1, scalars.count)
                current.append(contentsOf: scalars[start..<i])
                continue
            case "(":
                let start = i
                ParameterListParser.skipComment(scalars, &i)
                i = min(i, scalars.count)
                current.append(contentsOf: scalars[start..<i])
                continue
            case "<":
                angle = true
                current.append(c)
                // RFC 5322 §4.4 obs-route: "<@a,@b:" before the addr-spec.
                var j = i + 1
                while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
                if j < scalars.count, scalars[j] == "@",
                   let colon = scalars[j...].firstIndex(where: { $0 == ":" || $0 == ">" }), scalars[colon] == ":" {
                    i = colon + 1
                    continue
                }
            case ">":
                angle = false
                current.append(c)
            case "," where !angle, ";" where !angle:
                items.append(String(current))
                current = String.UnicodeScalarView()
            case ":" where !angle:
                // A group name ends here (RFC 5322 §3.4 group = display-name ":" [group-list] ";").
                current = String.UnicodeScalarView()
            default:
                current.append(c)
            }
            i += 1
        }
        items.append(String(current))
        return items
    }
}

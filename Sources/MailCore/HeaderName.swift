/// Checks for header field names supplied by API clients.
public enum HeaderName {
    /// The longest name Postage accepts. RFC 5322 sets no limit; 76 keeps `Name: ` plus a
    /// value start within the 78-character line recommendation (RFC 5322 §2.1.1).
    public static let maximumLength = 76

    /// True when `name` is a valid field name: 1...76 printable US-ASCII characters
    /// (33–126) other than colon (RFC 5322 §2.2 ftext / §3.6.8).
    public static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy { $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") }
    }
}

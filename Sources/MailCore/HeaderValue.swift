/// Checks for header values supplied by API clients.
public enum HeaderValue {
    /// True when `s` contains CR, LF or NUL anywhere.
    ///
    /// RFC 5322 §2.2 forbids CR and LF in a field body except as part of folding, and
    /// RFC 5322 §2.1 / RFC 5321 §4.1.1.4 do not allow NUL; any of them in client input
    /// could inject headers, so callers reject such values.
    public static func containsLineBreak(_ s: String) -> Bool {
        s.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}

/// msg-id handling (RFC 5322 §3.6.4) for Message-ID and Content-ID (RFC 2392 §2).
enum MessageID {
    /// Trims whitespace and comments and removes one pair of angle brackets:
    /// `<abc@x.test>` → `abc@x.test`. Nil when nothing is left.
    static func strip(_ value: String) -> String? {
        var text = ASCII.trimmed(value)
        // Drop trailing comments such as "<id@x> (added by relay)".
        if text.hasPrefix("<"), let close = text.firstIndex(of: ">") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.hasPrefix("<") {
            text.removeFirst()
        }
        text = ASCII.trimmed(text)
        return text.isEmpty ? nil : text
    }
}

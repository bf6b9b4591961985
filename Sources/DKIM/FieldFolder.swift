/// Builds a folded header field: lines of at most 78 characters where the content allows it
/// (RFC 5322 §2.1.1), folds as CRLF SP (RFC 5322 §2.2.3), placed only where DKIM's tag syntax allows FWS
/// (RFC 6376 §3.2 tag-list, §3.5 `h=` and base64string).
struct FieldFolder {
    static let lineLimit = 78

    private(set) var text: String
    private var lineLength: Int

    init(name: String) {
        text = name + ":"
        lineLength = text.utf8.count
    }

    /// Appends `word` after a space, or on a new line if it would not fit on this one.
    /// `space: false` joins it directly when it fits (a fold is still allowed there: FWS).
    mutating func append(_ word: String, space: Bool = true, reserving reserve: Int = 0) {
        let needed = (space ? 1 : 0) + word.utf8.count + reserve
        if lineLength + needed > Self.lineLimit, lineLength > 1 {
            fold()
            text += word
            lineLength += word.utf8.count
        } else {
            if space { text += " "; lineLength += 1 }
            text += word
            lineLength += word.utf8.count
        }
    }

    /// Appends characters that may be split anywhere (a base64 value), filling each line.
    mutating func appendSplittable(_ value: String) {
        var rest = Substring(value)
        while !rest.isEmpty {
            let room = Self.lineLimit - lineLength
            if room <= 0 {
                fold()
                continue
            }
            let chunk = rest.prefix(room)
            text += chunk
            lineLength += chunk.utf8.count
            rest = rest.dropFirst(chunk.count)
        }
    }

    private mutating func fold() {
        text += "\r\n "
        lineLength = 1
    }
}

/// Small byte and string helpers (ASCII only; everything else passes through).
enum Text {
    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isAlnum(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x0B || byte == 0x0C
    }

    static func trim(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var lower = 0
        var upper = bytes.count
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// Trims whitespace and any of `characters` from both ends.
    static func strip(_ text: some StringProtocol, _ characters: String) -> String {
        let set = Set(characters.utf8)
        let bytes = Array(text.utf8)
        var lower = 0
        var upper = bytes.count
        while lower < upper, isSpace(bytes[lower]) || set.contains(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) || set.contains(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// Runs of whitespace become one space; trimmed.
    static func collapse(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
    }

    static func containsAny(_ text: String, _ needles: [String]) -> Bool {
        needles.contains { text.contains($0) }
    }

    /// Splits into lines on LF, CRLF or CR.
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A {
                if !previousCR { out.append(String(decoding: current, as: UTF8.self)) }
                current = []
                previousCR = false
            } else if byte == 0x0D {
                out.append(String(decoding: current, as: UTF8.self))
                current = []
                previousCR = true
            } else {
                current.append(byte)
                previousCR = false
            }
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    /// The first RFC 3463 enhanced status code (`5.1.1`, also qmail's `#5.1.1`) in `text`:
    /// class 2, 4 or 5, not part of a longer dotted number (an IP address or a version).
    static func enhancedStatus(in text: String, failuresOnly: Bool = false) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            let byte = bytes[index]
            guard (byte == UInt8(ascii: "2") && !failuresOnly) || byte == UInt8(ascii: "4") || byte == UInt8(ascii: "5")
            else { continue }
            if index > 0, isDigit(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: ".") { continue }
            var cursor = index + 1
            var pieces = 1
            var valid = true
            while pieces < 3 {
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") else { valid = false; break }
                cursor += 1
                let digitsStart = cursor
                while cursor < bytes.count, isDigit(bytes[cursor]), cursor - digitsStart < 4 { cursor += 1 }
                guard cursor > digitsStart, cursor - digitsStart <= 3 else { valid = false; break }
                pieces += 1
            }
            guard valid else { continue }
            if cursor < bytes.count, isDigit(bytes[cursor]) { continue }
            if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "."), isDigit(bytes[cursor + 1]) { continue }
            return String(decoding: bytes[index..<cursor], as: UTF8.self)
        }
        return nil
    }

    /// The first SMTP reply code (RFC 5321 §4.2: `4yz`/`5yz`) in `text`: three digits after
    /// the start, a space, `:`, `>`, `(` or `[`, followed by a space, `-`, `:`, `]` or the end.
    static func smtpCode(in text: String) -> Int? {
        let bytes = Array(text.utf8)
        var index = 0
        while index + 2 < bytes.count {
            defer { index += 1 }
            let first = bytes[index]
            guard first == UInt8(ascii: "4") || first == UInt8(ascii: "5"),
                isDigit(bytes[index + 1]), isDigit(bytes[index + 2])
            else { continue }
            if index > 0 {
                let before = bytes[index - 1]
                guard isSpace(before) || before == UInt8(ascii: ":") || before == UInt8(ascii: ">")
                    || before == UInt8(ascii: "(") || before == UInt8(ascii: "[")
                else { continue }
            }
            if index + 3 < bytes.count {
                let after = bytes[index + 3]
                guard isSpace(after) || after == UInt8(ascii: "-") || after == UInt8(ascii: ":") || after == UInt8(ascii: "]")
                else { continue }
            }
            let value = Int(bytes[index] - 48) * 100 + Int(bytes[index + 1] - 48) * 10 + Int(bytes[index + 2] - 48)
            guard value % 100 < 60 else { continue }
            return value
        }
        return nil
    }

    /// Tags removed, block-level tags and `<br>` turned into line breaks, common entities decoded.
    static func htmlToText(_ html: String) -> String {
        var out = ""
        var tag = ""
        var inTag = false
        var entity: String?
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\t" || $0 == "\n" }).first ?? ""
                    if ["br", "p", "div", "tr", "li", "table", "h1", "h2", "h3", "title"].contains(String(name)) { out.append("\n") }
                    tag = ""
                } else if tag.count < 64 {
                    tag.append(character)
                }
                continue
            }
            if var pending = entity {
                if character == ";" || pending.count > 8 {
                    out += decodeEntity(pending)
                    entity = nil
                    if character != ";" { out.append(character) }
                } else if character == "&" {
                    out += "&" + pending
                    entity = ""
                } else {
                    pending.append(character)
                    entity = pending
                }
                continue
            }
            switch character {
            case "<": inTag = true
            case "&": entity = ""
            default: out.append(character)
            }
        }
        if let pending = entity { out += "&" + pending }
        return out
    }

    static func decodeEntity(_ name: String) -> String {
        switch name.lowercased() {
        case "nbsp": return " "
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            return "&" + name + ";"
        }
    }
}

/// Joins raw parameters into ``MIMEParameters``: RFC 2231 continuations (§3), charset and
/// language (§4, §4.1), and RFC 2047 encoded-words inside plain values (not sanctioned by
/// RFC 2047 §5, but how many clients send non-ASCII `name=` values).
enum ParameterDecoder {
    private struct Segment {
        var section: Int
        var value: String
        var extended: Bool
    }

    private struct Group {
        var name: String
        var plain: String?
        var segments: [Segment] = []
    }

    static func decode(_ raw: [ParameterListParser.RawParameter]) -> MIMEParameters {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for parameter in raw {
            let (name, section, extended) = splitAttribute(parameter.attribute)
            let position: Int
            if let existing = index[name] {
                position = existing
            } else {
                position = groups.count
                index[name] = position
                groups.append(Group(name: name))
            }
            if section == nil && !extended {
                // Duplicate plain parameters: the first wins (as in Python's email package).
                if groups[position].plain == nil { groups[position].plain = parameter.value }
            } else {
                groups[position].segments.append(Segment(section: section ?? 0, value: parameter.value, extended: extended))
            }
        }
        return MIMEParameters(groups.map(resolve))
    }

    /// `name`, `name*`, `name*N` or `name*N*` (RFC 2231 §3, §4).
    private static func splitAttribute(_ attribute: String) -> (name: String, section: Int?, extended: Bool) {
        var text = Substring(attribute)
        var extended = false
        if text.hasSuffix("*") {
            extended = true
            text = text.dropLast()
        }
        if let star = text.lastIndex(of: "*") {
            let digits = text[text.index(after: star)...]
            if !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) {
                return (String(text[..<star]), number, extended)
            }
        }
        return (String(text), nil, extended)
    }

    /// RFC 2231 values win over a plain value of the same name: they carry the exact text.
    private static func resolve(_ group: Group) -> MIMEParameters.Parameter {
        guard !group.segments.isEmpty else {
            let plain = group.plain ?? ""
            let value = plain.contains("=?") ? EncodedWordDecoder.decode(plain) : plain
            return MIMEParameters.Parameter(name: group.name, value: value, language: nil)
        }
        // RFC 2231 §3: sections are ordered by number, not by position; duplicates are ignored.
        var seen = Set<Int>()
        let segments = group.segments.enumerated()
            .sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }
            .map(\.element)
            .filter { seen.insert($0.section).inserted }
        guard segments.contains(where: \.extended) else {
            return MIMEParameters.Parameter(name: group.name, value: segments.map(\.value).joined(), language: nil)
        }
        var charset: String?
        var language: String?
        var bytes: [UInt8] = []
        for (offset, segment) in segments.enumerated() {
            guard segment.extended else {
                bytes.append(contentsOf: segment.value.utf8)
                continue
            }
            var text = Substring(segment.value)
            // RFC 2231 §4.1: only the first segment carries charset'language'.
            if offset == 0, let first = text.firstIndex(of: "'"),
               let second = text[text.index(after: first)...].firstIndex(of: "'") {
                charset = String(text[..<first])
                let tag = text[text.index(after: first)..<second]
                language = tag.isEmpty ? nil : String(tag)
                text = text[text.index(after: second)...]
            }
            bytes.append(contentsOf: percentDecode(text))
        }
        let name = charset.flatMap { $0.isEmpty ? nil : $0 }
        let value = CharsetDecoder.decode(bytes, charset: name).text
        return MIMEParameters.Parameter(name: group.name, value: value, language: language)
    }

    /// `%XX` octets (RFC 2231 §4 / RFC 2045 hex-octet); a `%` not followed by two hex digits
    /// is kept.
    static func percentDecode(_ text: Substring) -> [UInt8] {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "%"), i + 2 < input.count,
               let high = ASCII.hexValue(input[i + 1]), let low = ASCII.hexValue(input[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(input[i])
                i += 1
            }
        }
        return out
    }
}

/// A DKIM tag=value list (RFC 6376 §3.2), as used by key records (§3.6.1).
///
/// Tag names are case-sensitive and may not repeat (a repeated name makes the whole list
/// invalid). Whitespace around names, `=` and values is folding white space and is dropped.
/// Values never contain `;`, so splitting on it is exact.
struct TagList: Equatable {
    /// The tags in record order, values without surrounding whitespace.
    var tags: [(name: String, value: String)]

    static func == (lhs: TagList, rhs: TagList) -> Bool {
        lhs.tags.map(\.name) == rhs.tags.map(\.name) && lhs.tags.map(\.value) == rhs.tags.map(\.value)
    }

    subscript(name: String) -> String? {
        tags.first { $0.name == name }?.value
    }

    /// - Throws: `TagListError` with a sentence saying what is wrong.
    init(parsing text: String) throws(TagListError) {
        var tags: [(name: String, value: String)] = []
        let specs = text.split(separator: ";", omittingEmptySubsequences: false)
        for (index, rawSpec) in specs.enumerated() {
            let spec = rawSpec.trimmingFWS()
            if spec.isEmpty {
                // tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: only a final ";" may leave nothing.
                if index == specs.count - 1 && index > 0 { continue }
                throw TagListError(text.trimmingFWS().isEmpty ? "the record is empty" : "empty tag between \";\"")
            }
            guard let equals = spec.firstIndex(of: "=") else {
                throw TagListError("\"\(spec)\" is not a tag=value pair")
            }
            let name = String(spec[..<equals].trimmingFWS())
            let value = String(spec[spec.index(after: equals)...].trimmingFWS())
            // tag-name = ALPHA *ALNUMPUNC; ALNUMPUNC = ALPHA / DIGIT / "_"
            guard let first = name.utf8.first, first.isASCIIAlpha,
                  name.utf8.allSatisfy({ $0.isASCIIAlpha || $0.isASCIIDigit || $0 == UInt8(ascii: "_") })
            else {
                throw TagListError("\"\(name)\" is not a valid tag name")
            }
            guard !tags.contains(where: { $0.name == name }) else {
                throw TagListError("the tag \(name)= appears more than once")
            }
            tags.append((name, value))
        }
        self.tags = tags
    }
}

struct TagListError: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension UInt8 {
    var isASCIIAlpha: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
    /// SP, HTAB, CR, LF: the characters of FWS (RFC 5322 §3.2.2) and of DNS-wrapped values.
    var isFWS: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
}

extension StringProtocol {
    func trimmingFWS() -> Substring {
        let scalars = Substring(self)
        guard let start = scalars.firstIndex(where: { !$0.isFWS }) else { return scalars[scalars.endIndex...] }
        let end = scalars.lastIndex(where: { !$0.isFWS })!
        return scalars[start...end]
    }
}

extension Character {
    var isFWS: Bool { self == " " || self == "\t" || self == "\r" || self == "\n" || self == "\r\n" }
}

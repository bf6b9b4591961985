/// The terms of an SPF record (RFC 7208 §4.6.1, §12), enough to find a mechanism in it.
struct SPFRecord {
    /// A directive (mechanism with its qualifier) or a modifier, in record order.
    struct Term: Equatable {
        /// "+", "-", "~" or "?" for a directive ("+" when none was written); nil for a modifier.
        var qualifier: Character?
        /// The mechanism or modifier name, lowercased: "include", "all", "redirect", ...
        var name: String
        /// What follows the name: ":spf.example.net", "=_spf.example.net", "/24", or "".
        var argument: String
    }

    var terms: [Term]

    static let mechanisms: Set<String> = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]

    /// Whether `text` is an SPF record: it begins with the version section "v=spf1", ended by a
    /// space or the end of the record (RFC 7208 §4.5; ABNF literals ignore case).
    static func isSPF(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower == "v=spf1" || lower.hasPrefix("v=spf1 ")
    }

    /// Parses a record for which `isSPF` holds.
    init(_ text: String) {
        terms = text.split(separator: " ").dropFirst().map(Self.term)
    }

    /// Parses one term: a directive `[qualifier] name [(":" / "/") argument]` or a modifier
    /// `name "=" value`.
    static func term(_ text: Substring) -> Term {
        if let equals = text.firstIndex(of: "="),
           !text[..<equals].contains(where: { $0 == ":" || $0 == "/" })
        {
            return Term(qualifier: nil, name: text[..<equals].lowercased(), argument: String(text[equals...]))
        }
        var rest = text
        var qualifier: Character = "+"
        if let first = rest.first, "+-~?".contains(first) {
            qualifier = first
            rest = rest.dropFirst()
        }
        let end = rest.firstIndex { $0 == ":" || $0 == "/" } ?? rest.endIndex
        return Term(qualifier: qualifier, name: rest[..<end].lowercased(), argument: String(rest[end...]))
    }
}

extension SPFRecord.Term {
    /// Whether this is the same mechanism as `other`, qualifiers aside: names equal, arguments
    /// equal ignoring ASCII case and a trailing dot on the domain.
    func sameMechanism(as other: SPFRecord.Term) -> Bool {
        qualifier != nil && other.qualifier != nil && name == other.name
            && Self.normalized(argument) == Self.normalized(other.argument)
    }

    private static func normalized(_ argument: String) -> String {
        var text = argument.lowercased()
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// The term as a record would show it; the default "+" qualifier is left out.
    var display: String {
        switch qualifier {
        case nil, "+": name + argument
        case let qualifier?: String(qualifier) + name + argument
        }
    }
}

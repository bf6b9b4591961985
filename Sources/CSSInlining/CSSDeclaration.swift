/// One `property: value` of a rule or a `style` attribute.
struct CSSDeclaration: Sendable, Equatable {
    /// Lower-cased, except custom properties (`--x`), which are case-sensitive.
    var property: String
    /// The value without `!important`, trimmed.
    var value: String
    var important: Bool
    /// `property: value;` escaped for a double-quoted attribute, made once when the rule is parsed.
    let attributeText: String

    init(property: String, value: String, important: Bool) {
        self.property = property
        self.value = value
        self.important = important
        self.attributeText = StyleCascade.escapeForAttribute("\(property): \(value);")
    }

    /// Parses a declaration block (`color: red; font: 12px "A;B"`): split at top-level `;`, comments dropped,
    /// declarations without a property or a colon skipped (as browsers do).
    static func parseList(_ text: String) -> [CSSDeclaration] {
        let bytes = Array(text.utf8)
        let scanner = CSSScanner(bytes)
        var declarations: [CSSDeclaration] = []
        var start = 0
        while start < bytes.count {
            let end = scanner.find(CSSScanner.semicolon, in: start..<bytes.count) ?? bytes.count
            if let declaration = parse(scanner, start..<end) { declarations.append(declaration) }
            start = end + 1
        }
        return declarations
    }

    private static func parse(_ scanner: CSSScanner, _ range: Range<Int>) -> CSSDeclaration? {
        guard let colon = scanner.find(CSSScanner.colon, in: range) else { return nil }
        var property = scanner.text(range.lowerBound..<colon)
        guard !property.isEmpty, !property.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) else {
            return nil
        }
        if !property.hasPrefix("--") { property = property.lowercased() }
        var value = scanner.text((colon + 1)..<range.upperBound)
        let important = stripImportant(&value)
        guard !value.isEmpty else { return nil }
        return CSSDeclaration(property: property, value: value, important: important)
    }

    /// Removes a trailing `!important` (any case, white space allowed after `!`); true when there was one.
    static func stripImportant(_ value: inout String) -> Bool {
        guard let bang = value.lastIndex(of: "!") else { return false }
        let rest = value[value.index(after: bang)...].trimmingSpaces
        guard rest.lowercased() == "important" else { return false }
        value = String(value[..<bang].trimmingSpaces)
        return true
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let scalars = Substring(self)
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhitespace })!
        return scalars[first...last]
    }
}

/// A selector the inliner can apply: compound selectors of type (or `*`), `#id` and `.class` parts, joined by
/// descendant (white space) or child (`>`) combinators. Anything else — pseudo-classes and pseudo-elements,
/// attribute selectors, sibling combinators, namespaces, escapes — is not supported and its rule stays in
/// `<style>` (it usually means `:hover` or a client hack that inline styles cannot express).
struct CSSSelector: Sendable, Equatable {
    struct Compound: Sendable, Equatable {
        /// Lower-cased type name; nil for `*` or no type.
        var type: String?
        var ids: [String] = []
        var classes: [String] = []

        func matches(_ element: HTMLElement) -> Bool {
            if let type, type != element.name { return false }
            for id in ids where element.id != id { return false }
            for name in classes where !element.classes.contains(name) { return false }
            return true
        }
    }

    enum Combinator: Sendable, Equatable {
        case descendant
        case child
    }

    /// Left to right; `combinators[i]` joins `compounds[i]` and `compounds[i + 1]`.
    var compounds: [Compound]
    var combinators: [Combinator]

    /// (ids, classes, types), compared lexicographically (Selectors Level 3, section 9).
    var specificity: Specificity {
        var result = Specificity()
        for compound in compounds {
            result.ids += compound.ids.count
            result.classes += compound.classes.count
            result.types += compound.type == nil ? 0 : 1
        }
        return result
    }

    enum IndexKey: Equatable {
        case id(String)
        case className(String)
        case type(String)
        case universal
    }

    /// The key the selector is indexed under: its rightmost compound's id, else a class, else its type, else `*`.
    var indexKey: IndexKey {
        let last = compounds[compounds.count - 1]
        if let id = last.ids.first { return .id(id) }
        if let name = last.classes.first { return .className(name) }
        if let type = last.type { return .type(type) }
        return .universal
    }

    /// Whether `elements[index]` matches, checking right to left with backtracking over ancestors.
    func matches(_ index: Int, in elements: [HTMLElement]) -> Bool {
        matches(compound: compounds.count - 1, element: index, in: elements)
    }

    private func matches(compound position: Int, element index: Int, in elements: [HTMLElement]) -> Bool {
        guard compounds[position].matches(elements[index]) else { return false }
        if position == 0 { return true }
        switch combinators[position - 1] {
        case .child:
            guard let parent = elements[index].parent else { return false }
            return matches(compound: position - 1, element: parent, in: elements)
        case .descendant:
            var ancestor = elements[index].parent
            while let current = ancestor {
                if matches(compound: position - 1, element: current, in: elements) { return true }
                ancestor = elements[current].parent
            }
            return false
        }
    }

    /// Parses one selector of a group; nil when it uses anything unsupported.
    static func parse(_ text: String) -> CSSSelector? {
        let bytes = Array(text.utf8)
        var compounds: [Compound] = []
        var combinators: [Combinator] = []
        var current: Compound? = nil
        var pending: Combinator? = nil
        var index = 0
        func finishCompound() {
            if let compound = current {
                compounds.append(compound)
                current = nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isSpace(byte) {
                finishCompound()
                if !compounds.isEmpty && pending == nil { pending = .descendant }
                index += 1
                continue
            }
            if byte == ASCII.greaterThan {
                finishCompound()
                guard !compounds.isEmpty, pending != .child else { return nil }
                pending = .child
                index += 1
                continue
            }
            if current == nil {
                // A new compound starts: join it to the previous one.
                if !compounds.isEmpty {
                    guard let combinator = pending else { return nil }
                    combinators.append(combinator)
                }
                pending = nil
                current = Compound()
            }
            if byte == ASCII.star {
                guard current?.type == nil, current?.ids.isEmpty == true, current?.classes.isEmpty == true else {
                    return nil
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: ".") {
                let (name, end) = identifier(bytes, from: index + 1)
                guard !name.isEmpty else { return nil }
                if byte == UInt8(ascii: "#") { current?.ids.append(name) } else { current?.classes.append(name) }
                index = end
                continue
            }
            let (name, end) = identifier(bytes, from: index)
            guard !name.isEmpty, current?.type == nil, current?.ids.isEmpty == true,
                current?.classes.isEmpty == true
            else { return nil }
            current?.type = name.lowercased()
            index = end
        }
        finishCompound()
        guard !compounds.isEmpty, pending != .child, combinators.count == compounds.count - 1 else { return nil }
        return CSSSelector(compounds: compounds, combinators: combinators)
    }

    /// An identifier made of ASCII letters, digits, `-`, `_` and non-ASCII characters (no escapes).
    private static func identifier(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            guard ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == ASCII.dash || byte == UInt8(ascii: "_")
                || byte >= 0x80
            else { break }
            end += 1
        }
        // An identifier may not start with a digit, or with a hyphen followed by a digit.
        if end > start {
            let first = bytes[start]
            if ASCII.isDigit(first) || (first == ASCII.dash && end > start + 1 && ASCII.isDigit(bytes[start + 1])) {
                return ("", start)
            }
        }
        return (String(decoding: bytes[start..<end], as: UTF8.self), end)
    }
}

/// Selector specificity (a, b, c).
struct Specificity: Sendable, Equatable, Comparable {
    var ids = 0
    var classes = 0
    var types = 0

    static func < (lhs: Specificity, rhs: Specificity) -> Bool {
        (lhs.ids, lhs.classes, lhs.types) < (rhs.ids, rhs.classes, rhs.types)
    }
}

import Synchronization

/// What the style sheets give one element: the style sheet's part of its `style` attribute (already escaped),
/// and the attributes its `-premailer-*` declarations add.
struct ElementStyle: Sendable {
    var styleText: String
    var attributes: String
}

/// Resolves the style of every element, remembering the answer for documents of the same shape.
///
/// A templated send renders the same markup around different values again and again; only the values change, not
/// the tags, ids, classes or the tree. The cascade depends on nothing else, so its result is cached under the
/// style sheets plus a signature of exactly those inputs (for each element: its parent, name, id, classes,
/// attribute names and the properties its own `style` attribute sets). A hit skips selector matching entirely.
enum ElementStyles {
    private struct Key: Hashable, Sendable {
        var sheets: [String]
        var signature: [UInt8]

        func hash(into hasher: inout Hasher) {
            hasher.combine(sheets)
            // In one piece: hashing an array of bytes element by element is several times slower.
            signature.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private static let cache = Mutex<[Key: [ElementStyle?]]>([:])
    private static let capacity = 256

    static func resolve(
        elements: [HTMLElement], tokens: [HTMLToken], bytes: [UInt8], sheets: [String], index: SelectorIndex
    ) -> [ElementStyle?] {
        var signature: [UInt8] = []
        signature.reserveCapacity(elements.count * 32)
        var overridden: [[Int]] = Array(repeating: [], count: elements.count)
        for (position, element) in elements.enumerated() {
            guard case .startTag(let tag) = tokens[element.token] else { continue }
            signature.append(contentsOf: String(element.parent ?? -1).utf8)
            signature.append(0)
            signature.append(contentsOf: element.name.utf8)
            signature.append(element.styleable ? 1 : 0)
            signature.append(contentsOf: (element.id ?? "").utf8)
            signature.append(0)
            for name in element.classes {
                signature.append(contentsOf: name.utf8)
                signature.append(0x20)
            }
            signature.append(0)
            for attribute in tag.attributes {
                signature.append(contentsOf: attribute.name.utf8)
                signature.append(0x20)
            }
            signature.append(0)
            if let style = tag.attribute("style"), let value = style.value {
                let properties = CSSDeclaration.parseList(HTMLEntities.decode(bytes[value])).map(\.property)
                overridden[position] = properties.compactMap { index.propertyID($0) }
                for property in properties {
                    signature.append(contentsOf: property.utf8)
                    signature.append(0x20)
                }
            }
            signature.append(2)
        }
        let key = Key(sheets: sheets, signature: signature)
        if let hit = cache.withLock({ $0[key] }) { return hit }

        var styles: [ElementStyle?] = Array(repeating: nil, count: elements.count)
        for position in elements.indices where elements[position].styleable {
            guard case .startTag(let tag) = tokens[elements[position].token] else { continue }
            styles[position] = style(
                for: position, tag: tag, elements: elements, index: index, overridden: overridden[position])
        }
        cache.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = styles
        }
        return styles
    }

    static let premailerPrefix = "-premailer-"

    private static func style(
        for position: Int, tag: HTMLStartTag, elements: [HTMLElement], index: SelectorIndex, overridden: [Int]
    ) -> ElementStyle? {
        let cascade = index.cascade(for: position, in: elements)
        guard !cascade.isEmpty else { return nil }
        var texts: [String] = []
        var attributes = ""
        for order in cascade.resolved(propertyIDs: index.propertyIDs, excluding: overridden) {
            let declaration = index.declarations[order]
            guard declaration.property.hasPrefix(premailerPrefix) else {
                texts.append(declaration.attributeText)
                continue
            }
            // `-premailer-width: 100%` and friends (premailer's convention, used by Postmark's own templates)
            // become HTML attributes, unless the element already has that attribute.
            let name = String(declaration.property.dropFirst(premailerPrefix.count))
            if !name.isEmpty, tag.attribute(name) == nil {
                var value = Substring(declaration.value)
                while let first = value.first, first == "\"" || first == "'" { value = value.dropFirst() }
                while let last = value.last, last == "\"" || last == "'" { value = value.dropLast() }
                attributes += " \(name)=\"\(StyleCascade.escapeForAttribute(String(value)))\""
            }
        }
        guard !texts.isEmpty || !attributes.isEmpty else { return nil }
        return ElementStyle(styleText: texts.joined(separator: " "), attributes: attributes)
    }
}

/// The declarations that apply to one element, in cascade order, merged with its existing `style` attribute.
///
/// Order: normal before `!important`, then by specificity, then by position in the document (later wins). The
/// merged list keeps, for each property, only its winning declaration, placed where the winner sits in that order;
/// so a shorthand and its longhands (`padding`, `padding-left`) still resolve exactly as the cascade would when
/// the element's inline style is read front to back. The existing `style` attribute comes last and wins: any
/// property it sets is dropped from the stylesheet part, and `!important` is not copied inline.
struct StyleCascade {
    /// A matched declaration, by its position in `SelectorIndex.declarations`.
    struct Entry {
        var important: Bool
        var specificity: Specificity
        var order: Int
    }

    var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Positions of the winning declarations in cascade order, minus the properties in `overridden` (property
    /// numbers of `index`).
    func resolved(propertyIDs: [Int], excluding overridden: [Int]) -> [Int] {
        let sorted = entries.sorted { left, right in
            if left.important != right.important { return !left.important }
            if left.specificity != right.specificity { return left.specificity < right.specificity }
            return left.order < right.order
        }
        // Walk from the last (winning) declaration back, keeping the first seen of each property. Elements match
        // a handful of declarations, so a linear search beats hashing here.
        var seen: [Int] = []
        var result: [Int] = []
        for entry in sorted.reversed() {
            let property = propertyIDs[entry.order]
            if seen.contains(property) { continue }
            seen.append(property)
            if !overridden.contains(property) { result.append(entry.order) }
        }
        result.reverse()
        return result
    }

    /// `&` and `"` as character references, so the text can sit in a double-quoted attribute.
    static func escapeForAttribute(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == ASCII.ampersand || $0 == ASCII.doubleQuote }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case ASCII.ampersand: out.append(contentsOf: "&amp;".utf8)
            case ASCII.doubleQuote: out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

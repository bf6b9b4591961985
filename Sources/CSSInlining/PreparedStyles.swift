import Synchronization

/// The parsed, indexed rules of a document's `<style>` elements and what stays in each. Templated mail sends the
/// same style sheets over and over with different content, so preparations are cached by the style sheets' text
/// (bounded; it starts over when full).
struct PreparedStyles: Sendable {
    var index: SelectorIndex
    /// Per `<style>` element, in document order: the CSS that stays in it.
    var leftovers: [[String]]

    private static let cache = Mutex<[[String]: PreparedStyles]>([:])
    private static let capacity = 64

    static func prepare(_ sheets: [String]) -> PreparedStyles {
        if let hit = cache.withLock({ $0[sheets] }) { return hit }
        var index = SelectorIndex()
        let leftovers = sheets.map { index.add(CSSStylesheet.parse($0)) }
        let prepared = PreparedStyles(index: index, leftovers: leftovers)
        cache.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[sheets] = prepared
        }
        return prepared
    }
}

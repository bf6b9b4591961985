/// The inlinable rules of a document: every declaration in document order (its position is its cascade order),
/// and the selectors indexed by the key of their rightmost compound so that each element only tests the
/// selectors that could match it.
struct SelectorIndex: Sendable {
    struct Entry: Sendable {
        var selector: CSSSelector
        var specificity: Specificity
        /// The rule's declarations: `declarations[range]`.
        var range: Range<Int>
    }

    /// Every declaration of every inlinable rule, in document order.
    private(set) var declarations: [CSSDeclaration] = []
    /// For each declaration, a number standing for its property (equal numbers, equal properties).
    private(set) var propertyIDs: [Int] = []
    private var propertyNumbers: [String: Int] = [:]
    private var entries: [Entry] = []
    private var byID: [String: [Int]] = [:]
    private var byClass: [String: [Int]] = [:]
    private var byType: [String: [Int]] = [:]
    private var universal: [Int] = []

    var isEmpty: Bool { entries.isEmpty }

    /// The number standing for `property`, or nil when no inlinable rule sets it.
    func propertyID(_ property: String) -> Int? { propertyNumbers[property] }

    /// Indexes the sheet's inlinable selectors; returns what must stay in `<style>`, as CSS text.
    mutating func add(_ sheet: CSSStylesheet) -> [String] {
        var leftover: [String] = []
        for item in sheet.items {
            switch item {
            case .verbatim(let text):
                if !text.isEmpty { leftover.append(text) }
            case .rule(let rule):
                let range = declarations.count..<(declarations.count + rule.declarations.count)
                for declaration in rule.declarations {
                    declarations.append(declaration)
                    let next = propertyNumbers.count
                    propertyIDs.append(propertyNumbers[declaration.property, default: next])
                    if propertyNumbers[declaration.property] == nil { propertyNumbers[declaration.property] = next }
                }
                var kept: [String] = []
                for text in rule.selectors {
                    guard let selector = CSSSelector.parse(text) else {
                        kept.append(text)
                        continue
                    }
                    guard !range.isEmpty else { continue }
                    switch selector.indexKey {
                    case .id(let id): byID[id, default: []].append(entries.count)
                    case .className(let name): byClass[name, default: []].append(entries.count)
                    case .type(let type): byType[type, default: []].append(entries.count)
                    case .universal: universal.append(entries.count)
                    }
                    entries.append(Entry(selector: selector, specificity: selector.specificity, range: range))
                }
                if !kept.isEmpty { leftover.append("\(kept.joined(separator: ", ")) { \(rule.body) }") }
            }
        }
        return leftover
    }

    /// Every declaration that applies to `elements[position]`.
    func cascade(for position: Int, in elements: [HTMLElement]) -> StyleCascade {
        let element = elements[position]
        var cascade = StyleCascade()
        func test(_ candidates: [Int]?) {
            guard let candidates else { return }
            for candidate in candidates {
                let entry = entries[candidate]
                if entry.selector.matches(position, in: elements) {
                    for order in entry.range {
                        cascade.entries.append(
                            StyleCascade.Entry(
                                important: declarations[order].important, specificity: entry.specificity, order: order))
                    }
                }
            }
        }
        test(universal)
        test(byType[element.name])
        if let id = element.id, !id.isEmpty { test(byID[id]) }
        for (offset, name) in element.classes.enumerated() where !element.classes[..<offset].contains(name) {
            test(byClass[name])
        }
        return cascade
    }
}

/// Builds the element tree from the tokens the way an HTML5 parser would for ordinary markup: void elements
/// never open, an end tag closes the nearest open element of its name (and everything opened inside it), an end
/// tag with no open element is ignored, and the common implied end tags apply (a new `<li>` closes the open `li`,
/// `<td>` the open cell, `<tr>` the open row, a block element an open `<p>`, …). It does not rebuild tables or
/// move misnested formatting elements; e-mail markup seldom relies on that, and a wrong guess only changes which
/// descendant selectors match.
struct ElementTreeBuilder {
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
        "track", "wbr",
    ]
    /// Elements never given inline styles.
    static let unstyleable: Set<String> = [
        "head", "title", "meta", "link", "style", "script", "base", "template", "noscript",
    ]
    /// Start tags that close an open `<p>`.
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main",
        "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    ]
    /// Elements that bound the search for an element to close implicitly.
    static let scopeBoundaries: Set<String> = [
        "html", "table", "td", "th", "caption", "applet", "object", "marquee", "template", "button",
    ]

    private(set) var elements: [HTMLElement] = []
    private var open: [Int] = []
    /// How many open elements are `svg` or `math` (inside them `/>` closes an element).
    private var openForeign = 0
    private let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func build(_ tokens: [HTMLToken], bytes: [UInt8]) -> [HTMLElement] {
        var builder = ElementTreeBuilder(bytes: bytes)
        for (index, token) in tokens.enumerated() {
            switch token {
            case .startTag(let tag): builder.start(tag, token: index)
            case .endTag(let name, _): builder.end(name)
            case .text, .rawText: break
            }
        }
        return builder.elements
    }

    mutating func start(_ tag: HTMLStartTag, token: Int) {
        closeImplied(before: tag.name)
        let parent = open.last
        let parentStyleable = parent.map { elements[$0].styleable } ?? true
        let element = HTMLElement(
            name: tag.name,
            id: tag.attribute("id").flatMap { value(of: $0) },
            classes: tag.attribute("class").map(classNames) ?? [],
            parent: parent, token: token,
            styleable: parentStyleable && !Self.unstyleable.contains(tag.name))
        elements.append(element)
        let isForeignRoot = tag.name == "svg" || tag.name == "math"
        let foreign = isForeignRoot || openForeign > 0
        if Self.voidElements.contains(tag.name) || (tag.selfClosing && foreign) { return }
        open.append(elements.count - 1)
        if isForeignRoot { openForeign += 1 }
    }

    mutating func end(_ name: String) {
        guard let position = open.lastIndex(where: { elements[$0].name == name }) else { return }
        pop(from: position)
    }

    /// Closes the open elements from `position` up.
    private mutating func pop(from position: Int) {
        for index in open[position...] where elements[index].name == "svg" || elements[index].name == "math" {
            openForeign -= 1
        }
        open.removeSubrange(position...)
    }

    /// What a start tag closes implicitly: the open elements it ends (up to a boundary), and whether it ends an
    /// open `<p>`. One lookup per start tag; tags without an entry close nothing.
    struct ImpliedEnd: Sendable {
        var closes: Set<String> = []
        var boundaries: Set<String> = []
        var closesParagraph = false
    }

    static let impliedEnds: [String: ImpliedEnd] = {
        var table: [String: ImpliedEnd] = [
            "li": ImpliedEnd(closes: ["li"], boundaries: ["ul", "ol"], closesParagraph: true),
            "dt": ImpliedEnd(closes: ["dt", "dd"], boundaries: ["dl"], closesParagraph: true),
            "dd": ImpliedEnd(closes: ["dt", "dd"], boundaries: ["dl"], closesParagraph: true),
            "tr": ImpliedEnd(closes: ["tr"], boundaries: ["table", "tbody", "thead", "tfoot"]),
            "td": ImpliedEnd(closes: ["td", "th"], boundaries: ["tr", "table"]),
            "th": ImpliedEnd(closes: ["td", "th"], boundaries: ["tr", "table"]),
            "tbody": ImpliedEnd(closes: ["tbody", "thead", "tfoot"], boundaries: ["table"]),
            "thead": ImpliedEnd(closes: ["tbody", "thead", "tfoot"], boundaries: ["table"]),
            "tfoot": ImpliedEnd(closes: ["tbody", "thead", "tfoot"], boundaries: ["table"]),
            "option": ImpliedEnd(closes: ["option"], boundaries: ["select", "datalist", "optgroup"]),
        ]
        for name in closesParagraph { table[name, default: ImpliedEnd()].closesParagraph = true }
        return table
    }()
    static let paragraphSet: Set<String> = ["p"]

    private mutating func closeImplied(before name: String) {
        guard let rule = Self.impliedEnds[name] else { return }
        if !rule.closes.isEmpty { close(rule.closes, boundaries: rule.boundaries) }
        if rule.closesParagraph { close(Self.paragraphSet, boundaries: []) }
    }

    /// Closes the innermost open element named in `names`, unless a boundary or scope element is open inside it.
    private mutating func close(_ names: Set<String>, boundaries: Set<String>) {
        for position in open.indices.reversed() {
            let openName = elements[open[position]].name
            if names.contains(openName) {
                pop(from: position)
                return
            }
            if boundaries.contains(openName) || Self.scopeBoundaries.contains(openName) { return }
        }
    }

    private func value(of attribute: HTMLAttribute) -> String? {
        guard let range = attribute.value else { return "" }
        return HTMLEntities.decode(bytes[range])
    }

    /// The class names of a `class` attribute, split at ASCII white space.
    private func classNames(_ attribute: HTMLAttribute) -> [String] {
        guard let range = attribute.value else { return [] }
        if bytes[range].contains(ASCII.ampersand) { return Self.classNames(HTMLEntities.decode(bytes[range])) }
        var names: [String] = []
        var start = range.lowerBound
        while start < range.upperBound {
            while start < range.upperBound, ASCII.isSpace(bytes[start]) { start += 1 }
            var end = start
            while end < range.upperBound, !ASCII.isSpace(bytes[end]) { end += 1 }
            if end > start { names.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
            start = end
        }
        return names
    }

    static func classNames(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
            .map(String.init)
    }
}

/// The content of one `<style>` element, split into what can be inlined and what has to stay.
struct CSSStylesheet: Sendable {
    /// A style rule: its selector group (each selector's text) and its declarations.
    struct Rule: Sendable {
        var selectors: [String]
        var declarations: [CSSDeclaration]
        /// The block's text, for writing the rule back when some of its selectors stay.
        var body: String
    }

    enum Item: Sendable {
        case rule(Rule)
        /// An at-rule (`@media`, `@font-face`, `@import`, …) or a rule the parser could not split, kept verbatim.
        case verbatim(String)
    }

    var items: [Item]

    /// Parses a style sheet. Comments and the legacy `<!--` / `-->` markers are dropped; an unterminated block at
    /// the end is kept verbatim so nothing is silently lost.
    static func parse(_ text: String) -> CSSStylesheet {
        let bytes = Array(text.utf8)
        let scanner = CSSScanner(bytes)
        var items: [Item] = []
        var index = 0
        while index < bytes.count {
            if ASCII.isSpace(bytes[index]) {
                index += 1
                continue
            }
            if scanner.isCommentStart(index) {
                index = scanner.endOfComment(at: index)
                continue
            }
            if ASCII.hasPrefix(bytes, at: index, caseInsensitive: "<!--") {
                index += 4
                continue
            }
            if ASCII.hasPrefix(bytes, at: index, caseInsensitive: "-->") {
                index += 3
                continue
            }
            guard let delimiter = scanner.find(CSSScanner.openBrace, or: CSSScanner.semicolon, in: index..<bytes.count)
            else {
                items.append(.verbatim(scanner.text(index..<bytes.count)))
                break
            }
            if bytes[delimiter] == CSSScanner.semicolon {
                // A statement at-rule (`@import url(…);`, `@charset`); a stray `;` elsewhere is dropped.
                if bytes[index] == CSSScanner.at { items.append(.verbatim(scanner.text(index..<(delimiter + 1)))) }
                index = delimiter + 1
                continue
            }
            guard let close = scanner.matchingBrace(from: delimiter) else {
                items.append(.verbatim(scanner.text(index..<bytes.count)))
                break
            }
            let body = (delimiter + 1)..<close
            if bytes[index] == CSSScanner.at || scanner.find(CSSScanner.openBrace, in: body) != nil {
                // At-rules and nested blocks stay as written.
                items.append(.verbatim(scanner.text(index..<(close + 1))))
            } else {
                let prelude = scanner.text(index..<delimiter)
                let bodyText = scanner.text(body)
                items.append(
                    .rule(
                        Rule(
                            selectors: splitSelectors(prelude, scanner: CSSScanner(Array(prelude.utf8))),
                            declarations: CSSDeclaration.parseList(bodyText), body: bodyText)))
            }
            index = close + 1
        }
        return CSSStylesheet(items: items)
    }

    private static func splitSelectors(_ prelude: String, scanner: CSSScanner) -> [String] {
        var selectors: [String] = []
        var start = 0
        let count = scanner.bytes.count
        while start <= count {
            let end = scanner.find(CSSScanner.comma, in: start..<count) ?? count
            let selector = scanner.text(start..<end)
            if !selector.isEmpty { selectors.append(selector) }
            start = end + 1
        }
        return selectors
    }
}

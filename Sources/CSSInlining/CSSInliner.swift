/// Moves the rules of an HTML document's `<style>` elements into `style` attributes, as Postmark does for
/// `InlineCss: true` (reference `mustachio.md` §1, `postmark-api.md` §8.1): many mail clients ignore `<style>`.
///
/// - Rules whose selectors are type, `*`, class, id, compounds of those, and descendant or child combinations
///   (grouped with commas or not) are applied to every matching element, in cascade order (importance,
///   specificity, document order).
/// - An element's existing `style` attribute wins over the style sheet. `!important` decides the order among
///   style sheet declarations but is not copied inline. premailer's `-premailer-width: 600` (and other
///   `-premailer-*` properties, used by Postmark's own templates) become HTML attributes the element lacks.
/// - At-rules (`@media`, `@font-face`, `@import`, …) and rules with unsupported selectors (`a:hover`,
///   `[data-x]`, `h1 + p`, …) stay in their `<style>`; a `<style>` left empty is removed.
/// - `<style>` elements with a `media` other than `all`/`screen`, a `type` other than `text/css`, or a
///   `data-embed` attribute are left alone, as is anything inside comments (including `<!--[if mso]>` blocks).
///
/// The rest of the document is copied byte for byte; only `style` attributes and `<style>` elements change.
/// Parsed style sheets, and the resolved styles of documents of one shape (same tags, ids, classes and tree),
/// are cached, so a template rendered again with new values skips CSS parsing and selector matching.
public enum CSSInliner {
    public static func inline(_ html: String) -> String {
        let bytes = Array(html.utf8)
        guard ASCII.find("<style", in: bytes, from: 0) != nil else { return html }
        let tokens = HTMLTokenizer.tokenize(bytes)
        let blocks = StyleBlock.find(in: tokens, bytes: bytes)
        guard !blocks.isEmpty else { return html }

        let sheets = blocks.map { block in block.content.map { String(decoding: bytes[$0], as: UTF8.self) } ?? "" }
        let prepared = PreparedStyles.prepare(sheets)
        var edits: [Edit] = []
        for (block, leftover) in zip(blocks, prepared.leftovers) {
            edits.append(block.edit(keeping: leftover))
        }
        if !prepared.index.isEmpty {
            let elements = ElementTreeBuilder.build(tokens, bytes: bytes)
            let styles = ElementStyles.resolve(
                elements: elements, tokens: tokens, bytes: bytes, sheets: sheets, index: prepared.index)
            for (position, style) in styles.enumerated() {
                guard let style, case .startTag(let tag) = tokens[elements[position].token] else { continue }
                edits.append(edit(tag, style: style, bytes: bytes))
            }
        }
        return String(decoding: Edit.apply(edits, to: bytes), as: UTF8.self)
    }

    /// The start tag's new `style` attribute: the style sheet's declarations, then the existing inline style,
    /// which wins; plus any attributes from `-premailer-*` declarations.
    private static func edit(_ tag: HTMLStartTag, style: ElementStyle, bytes: [UInt8]) -> Edit {
        guard let attribute = tag.attribute("style") else {
            let text = style.styleText.isEmpty ? "" : " style=\"\(style.styleText)\""
            let point = tag.insertionPoint
            return Edit(range: point..<point, replacement: Array((text + style.attributes).utf8))
        }
        var existing = attribute.value.map { String(decoding: bytes[$0], as: UTF8.self) } ?? ""
        if attribute.quote == ASCII.singleQuote {
            existing = existing.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "&quot;")
        }
        var text = style.styleText
        let kept = existing.trimmingSpaces
        if !kept.isEmpty {
            if !text.isEmpty { text += " " }
            text += kept
        }
        return Edit(range: attribute.range, replacement: Array("style=\"\(text)\"\(style.attributes)".utf8))
    }
}

/// A replacement of a byte range of the document.
struct Edit {
    var range: Range<Int>
    var replacement: [UInt8]

    /// The document with every edit applied; edits never overlap.
    static func apply(_ edits: [Edit], to bytes: [UInt8]) -> [UInt8] {
        let sorted = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        var cursor = 0
        for edit in sorted where edit.range.lowerBound >= cursor {
            out.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            out.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }
}

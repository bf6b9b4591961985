/// One attribute of a start tag, as byte ranges into the document.
struct HTMLAttribute: Sendable {
    /// Lower-cased name.
    var name: String
    /// From the first byte of the name to the last byte of the value (closing quote included).
    var range: Range<Int>
    /// The value without its quotes; nil for an attribute without `=`.
    var value: Range<Int>?
    /// The quote around the value: `"`, `'`, or nil when unquoted or absent.
    var quote: UInt8?
}

/// A start tag.
struct HTMLStartTag: Sendable {
    /// Lower-cased tag name.
    var name: String
    /// From `<` to `>` inclusive.
    var range: Range<Int>
    var attributes: [HTMLAttribute]
    /// Ends in `/>`.
    var selfClosing: Bool
    /// Where an attribute can be added: just after the last attribute, or after the name.
    var insertionPoint: Int

    func attribute(_ name: String) -> HTMLAttribute? {
        // HTML keeps the first of repeated attributes.
        attributes.first { $0.name == name }
    }
}

/// The pieces a document is cut into. Everything that is not a tag keeps its exact bytes in the output.
enum HTMLToken: Sendable {
    case startTag(HTMLStartTag)
    /// An end tag with its lower-cased name and its range from `<` to `>`.
    case endTag(name: String, range: Range<Int>)
    /// Text, comments, doctypes, processing instructions: copied verbatim, never parsed further.
    case text(Range<Int>)
    /// The content of a raw-text element (`style`, `script`, `textarea`, `title`), between its tags.
    case rawText(Range<Int>)
}

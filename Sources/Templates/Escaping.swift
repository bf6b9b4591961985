/// Whether `{{ path }}` HTML-encodes what it prints.
///
/// `{{{ path }}}` and `{{& path }}` never encode. The engine has a switch to turn encoding of `{{ }}` off, documented
/// for text bodies and subjects (`mustachio.md` §7, "Which parts are encoded", unsure); `TemplatePart.escaping` holds
/// Postage's choice per part.
public enum Escaping: Sendable, Hashable {
    /// .NET `HtmlEncode`: `& < > " '` and U+00A0–U+00FF and characters above U+FFFF become references.
    case html
    /// Values are printed as they are.
    case none
}

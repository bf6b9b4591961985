/// Postmark's `TemplateType` (`reference/postmark-api.md` §3.3): a Standard template is sent; a Layout wraps
/// Standard templates and must contain `{{{ @content }}}` exactly once (`mustachio.md` §9).
public enum TemplateType: String, Sendable, Hashable {
    case standard = "Standard"
    case layout = "Layout"
}

/// A parsed Mustachio template: Postmark's template language (`reference/mustachio.md`).
///
/// Parse once, render many times; a `Template` is an immutable value and safe to share.
///
/// ```swift
/// let template = try Template.parse("Hi {{name}}")
/// let html = try template.render(model: ["name": "Ann"])                      // "Hi Ann"
/// let layout = try Template.parse("<b>{{{ @content }}}</b>", type: .layout)
/// let page = try Template.render(content: template, layout: layout, model: ["name": "Ann"])
/// ```
public struct Template: Sendable {
    /// Standard or Layout; only a Layout may (and must, once) contain `{{{ @content }}}` (§9).
    public let type: TemplateType
    let nodes: [Node]
    /// Source size in bytes, to size the output buffer.
    private let sizeHint: Int

    init(type: TemplateType, nodes: [Node], sizeHint: Int) {
        self.type = type
        self.nodes = nodes
        self.sizeHint = sizeHint
    }

    /// Parses `source` as a template of the given type.
    ///
    /// Every parse error is collected into one `TemplateError` (kind `.parse`, §8). For a Layout, a missing or
    /// repeated `{{{ @content }}}` is reported with kind `.layout` (§9); the placeholder is recognised in any
    /// three-brace spelling with optional white space (`{{{@content}}}`, `{{{ @content }}}`). In a Standard
    /// template it is an invalid path. `{{{ pm:unsubscribe }}}` is accepted in both and rendered verbatim, for the
    /// broadcast stage that knows the unsubscribe URL (§3).
    public static func parse(_ source: String, type: TemplateType = .standard) throws(TemplateError) -> Template {
        let nodes = try Parser.parse(source, type: type)
        return Template(type: type, nodes: nodes, sizeHint: source.utf8.count)
    }

    /// Renders with `model` as the root context. `escaping` decides whether `{{ }}` HTML-encodes; pass
    /// `TemplatePart.escaping` for the part being rendered (§7). A Layout rendered on its own leaves its placeholder
    /// empty. Throws kind `.render` for `{{#each}}` over a truthy non-array (§5), positioned at that tag.
    public func render(model: TemplateValue, escaping: Escaping = .html) throws(TemplateError) -> String {
        var renderer = Renderer(escaping: escaping, capacity: sizeHint + sizeHint / 2)
        return try renderer.render(nodes, model: model)
    }

    /// Renders `content` inside `layout` with one model (§9): the content's nodes take the place of the layout's
    /// `{{{ @content }}}` and render in the scope where it sits, so layout and content variables share the model.
    public static func render(
        content: Template, layout: Template, model: TemplateValue, escaping: Escaping = .html
    ) throws(TemplateError) -> String {
        try layout.embedding(content).render(model: model, escaping: escaping)
    }

    /// This layout with `content` spliced in at `{{{ @content }}}`, as one Standard template: render it, or pass it
    /// to `SuggestedModel.infer(from:)` to include the layout's variables in the suggestion (§11; Postage's choice).
    /// Throws kind `.layout` if this is not a Layout or `content` is one.
    public func embedding(_ content: Template) throws(TemplateError) -> Template {
        guard type == .layout else {
            throw TemplateError(kind: .layout, message: Messages.notALayout, line: nil, column: nil)
        }
        guard content.type == .standard else {
            throw TemplateError(kind: .layout, message: Messages.layoutInLayout, line: nil, column: nil)
        }
        return Template(type: .standard, nodes: nodes.splicing(content.nodes), sizeHint: sizeHint + content.sizeHint)
    }
}

import CSSInlining
import PostmarkWire
import Storage
import Templates

/// A stored template rendered with one model: what a templated send puts in Subject, HtmlBody and TextBody.
public struct RenderedTemplate: Sendable, Equatable {
    public var subject: String
    public var htmlBody: String?
    public var textBody: String?
}

/// Renders a Standard template, inside its Layout when it has one, with a `TemplateModel` (`mustachio.md` §1, §9):
/// the Subject on its own, each body spliced into the layout's body of the same part and rendered once with the
/// one model, `{{ }}` escaped per part (`TemplatePart.escaping`), and the HtmlBody's `<style>` rules inlined when
/// asked. Render failures are Postmark ErrorCode 1122 naming the part and the position.
public struct TemplateRenderer: Sendable {
    let cache: ParsedTemplateCache

    public init(cache: ParsedTemplateCache = ParsedTemplateCache()) {
        self.cache = cache
    }

    public func render(
        _ template: TemplateRecord, layout: TemplateRecord?, model: TemplateValue, inlineCss: Bool
    ) throws(PostmarkError) -> RenderedTemplate {
        let subject = try render(template.subject, layout: nil, part: .subject, model: model) ?? ""
        var html = try render(template.htmlBody, layout: layout?.htmlBody, part: .htmlBody, model: model)
        if inlineCss, let rendered = html { html = CSSInliner.inline(rendered) }
        let text = try render(template.textBody, layout: layout?.textBody, part: .textBody, model: model)
        return RenderedTemplate(subject: subject, htmlBody: html, textBody: text)
    }

    private func render(_ source: String?, layout: String?, part: TemplatePart, model: TemplateValue)
        throws(PostmarkError) -> String?
    {
        guard let source else { return nil }
        do {
            let content = try cache.template(source, type: .standard)
            guard let layout else { return try content.render(model: model, escaping: part.escaping) }
            let wrapper = try cache.template(layout, type: .layout)
            return try Template.render(content: content, layout: wrapper, model: model, escaping: part.escaping)
        } catch {
            throw Self.postmarkError(error, part: part)
        }
    }

    /// ErrorCode 1122 with the engine's message and where it happened.
    static func postmarkError(_ error: TemplateError, part: TemplatePart) -> PostmarkError {
        var place = "in the template's \(part.rawValue)"
        if let line = error.line, let column = error.column { place += " at line \(line), position \(column)" }
        let what = error.kind == .render ? "could not be rendered with this TemplateModel" : "is not a valid template"
        return .invalidTemplateField("The template \(what): \(error.message) (\(place)).")
    }
}

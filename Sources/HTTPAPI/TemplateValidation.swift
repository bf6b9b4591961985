import CSSInlining
import Foundation
import PostmarkWire
import Storage
import Submission
import Templates

/// `POST /templates/validate` (reference 3.3, 8.3; `mustachio.md` §10–11): each submitted part is parsed, the
/// SuggestedTemplateModel is inferred from the valid parts (with the layout's variables when a `LayoutTemplate`
/// is given), and each valid part is rendered with that suggestion merged with `TestRenderModel` (the caller's
/// values win). A part that does not parse or render is `ContentIsValid: false` with its errors and a null
/// `RenderedContent`; a part not submitted (missing or null) is null.
struct TemplateValidation {
    var subject: String?
    var htmlBody: String?
    var textBody: String?
    var testRenderModel: TemplateValue = .emptyObject
    var inlineCss = true
    var type: TemplateType = .standard
    var layoutAlias: String?

    static func read(_ json: JSONValue) throws(PostmarkError) -> TemplateValidation {
        try TemplateFields.requireObject(json)
        var request = TemplateValidation()
        func part(_ key: String) throws(PostmarkError) -> String? {
            if case .text(let text) = try TemplateFields.field(json, key) { return text }
            return nil
        }
        request.subject = try part("Subject")
        request.htmlBody = try part("HtmlBody")
        request.textBody = try part("TextBody")
        guard request.subject != nil || request.htmlBody != nil || request.textBody != nil else {
            throw .templateFieldRequired("Provide at least one of 'Subject', 'HtmlBody' or 'TextBody' to validate.")
        }
        switch json["TestRenderModel"] {
        case nil, .null?: break
        case .object(let object)?: request.testRenderModel = TemplateValue(json: .object(object))
        default: throw .invalidTemplateField("The 'TestRenderModel' must be a JSON object.")
        }
        request.inlineCss = try TemplateFields.bool(json, "InlineCssForHtmlTestRender") ?? true
        if try TemplateFields.kind(TemplateFields.field(json, "TemplateType").value) == .layout {
            request.type = .layout
        }
        request.layoutAlias = try TemplateFields.field(json, "LayoutTemplate").value
        if request.type == .layout && request.layoutAlias != nil {
            throw .templateFieldCombination("A Layout template cannot itself use a 'LayoutTemplate'.")
        }
        return request
    }

    /// A part's parse result: the template, or the errors to report.
    enum Parsed {
        case valid(Template)
        case invalid([TemplateValidationResponse.ValidationError])
    }

    func response(layout: TemplateRecord?) -> TemplateValidationResponse {
        let subjectParsed = subject.map { Self.parse($0, type: .standard) }
        var htmlParsed = htmlBody.map { Self.parse($0, type: type) }
        var textParsed = textBody.map { Self.parse($0, type: type) }
        // With a layout, each body is validated and rendered inside the layout's body of the same part.
        htmlParsed = htmlParsed.map { Self.embed($0, in: layout?.htmlBody) }
        textParsed = textParsed.map { Self.embed($0, in: layout?.textBody) }

        var valid: [Template] = []
        for parsed in [htmlParsed, textParsed, subjectParsed] {
            if case .valid(let template)? = parsed { valid.append(template) }
        }
        let suggested = SuggestedModel.infer(from: valid)
        let model = suggested.merging(testRenderModel)

        let html = htmlParsed.map { render($0, part: .htmlBody, model: model) }
        let text = textParsed.map { render($0, part: .textBody, model: model) }
        let subjectPart = subjectParsed.map { render($0, part: .subject, model: model) }
        let parts = [html, text, subjectPart].compactMap { $0 }
        return TemplateValidationResponse(
            allContentIsValid: parts.allSatisfy(\.contentIsValid), htmlBody: html, textBody: text,
            subject: subjectPart, suggestedTemplateModel: JSONValue(suggested))
    }

    static func parse(_ source: String, type: TemplateType) -> Parsed {
        do {
            return .valid(try Template.parse(source, type: type))
        } catch {
            return .invalid(errors(error))
        }
    }

    static func embed(_ parsed: Parsed, in layoutSource: String?) -> Parsed {
        guard case .valid(let content) = parsed, let layoutSource,
            let layout = try? Template.parse(layoutSource, type: .layout)
        else { return parsed }
        do {
            return .valid(try layout.embedding(content))
        } catch {
            return .invalid(errors(error))
        }
    }

    func render(_ parsed: Parsed, part: TemplatePart, model: TemplateValue) -> TemplateValidationResponse.Part {
        switch parsed {
        case .invalid(let errors):
            return .init(contentIsValid: false, validationErrors: errors, renderedContent: nil)
        case .valid(let template):
            do {
                var rendered = try template.render(model: model, escaping: part.escaping)
                if part == .htmlBody && inlineCss { rendered = CSSInliner.inline(rendered) }
                return .init(contentIsValid: true, validationErrors: [], renderedContent: rendered)
            } catch {
                return .init(contentIsValid: false, validationErrors: Self.errors(error), renderedContent: nil)
            }
        }
    }

    static func errors(_ error: TemplateError) -> [TemplateValidationResponse.ValidationError] {
        error.diagnostics.map { .init(message: $0.message, line: $0.line, characterPosition: $0.column) }
    }
}

extension PostmarkAPI {
    static func registerTemplateValidation(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.post, "/templates/validate") { call in
            let server = try await call.authenticateServer()
            let json = try await call.readJSON(limit: TemplateFields.maxRequestBytes)
            let request = try TemplateValidation.read(json)
            var layout: TemplateRecord?
            if let alias = request.layoutAlias {
                guard let found = try await call.environment.store.template(serverID: server.id, alias: alias),
                    found.kind == .layout
                else { throw PostmarkError.layoutNotFound(alias) }
                layout = found
            }
            return try APIResponse.json(request.response(layout: layout))
        }
    }
}

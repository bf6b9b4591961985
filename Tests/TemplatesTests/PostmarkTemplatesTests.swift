import Foundation
import Templates
import Testing

/// Postmark's own gallery (`testdata/postmark-templates`): three layouts and eleven templates. Each parses, its
/// suggested model matches the derived one, renders inside its layout with that model, and inference covers every
/// name the template uses.
@Suite("Postmark's public templates and layouts")
struct PostmarkTemplatesTests {
    /// One stored template: `meta.json` plus `content.html` (HtmlBody) and `content.txt` (TextBody).
    struct Stored: Sendable, CustomTestStringConvertible {
        var folder: String
        var meta: TemplateValue
        var html: String
        var text: String
        var alias: String { meta.member("Alias").string ?? folder }
        var subject: String? { meta.member("Subject").string }
        var layoutAlias: String? { meta.member("LayoutTemplate").string }
        var testDescription: String { folder }
    }

    static let templateNames = [
        "comment-notification", "dunning", "example", "invoice", "password-reset", "password-reset-help",
        "receipt", "trial-expired", "trial-expiring", "user-invitation", "welcome",
    ]
    static let layoutNames = ["basic", "basic-full", "plain"]

    static func load(_ folder: String) -> Stored? {
        let base = "postmark-templates/\(folder)"
        guard let meta = try? Fixtures.json("\(base)/meta.json"),
              let html = try? Fixtures.text("\(base)/content.html"),
              let text = try? Fixtures.text("\(base)/content.txt")
        else { return nil }
        return Stored(folder: folder, meta: meta, html: html, text: text)
    }

    static let templates = templateNames.compactMap { load("postmark-templates/\($0)") }
    static let layouts = layoutNames.compactMap { load("postmark-layouts/\($0)") }
    static let suggested = (try? Fixtures.json("postmark-templates/suggested-models.json"))?.member("templates")
        ?? .null

    struct Parsed {
        var subject: Template?
        var html: Template
        var text: Template
    }

    static func parse(_ stored: Stored) throws -> Parsed {
        let type: TemplateType = stored.meta.member("TemplateType").string == "Layout" ? .layout : .standard
        return Parsed(
            subject: try stored.subject.map { try Template.parse($0) },
            html: try Template.parse(stored.html, type: type),
            text: try Template.parse(stored.text, type: type))
    }

    /// Subject, HtmlBody and TextBody recorded into one tree; the derived models list body names before the
    /// Subject's (`receipt`'s `product_name`, `example`'s `name` come last), i.e. HtmlBody, TextBody, Subject.
    static func inferred(_ parsed: Parsed) -> TemplateValue {
        SuggestedModel.infer(from: [parsed.html, parsed.text] + (parsed.subject.map { [$0] } ?? []))
    }

    @Test("all 11 templates and 3 layouts are present")
    func loaded() {
        #expect(Self.templates.count == 11)
        #expect(Self.layouts.count == 3)
    }

    @Test(arguments: layouts)
    func layoutHasOnePlaceholderPerPart(_ layout: Stored) throws {
        let parsed = try Self.parse(layout)
        #expect(parsed.subject == nil)
        #expect(parsed.html.type == .layout && parsed.text.type == .layout)
        // Outside a Layout, `@content` is an invalid path (§9).
        let error = #expect(throws: TemplateError.self) { try Template.parse(layout.html) }
        #expect(error?.diagnostics.map(\.message) == [
            "The path '@content' is not valid. Please see documentation for examples of valid paths.",
        ])
    }

    @Test(arguments: templates + layouts)
    func suggestedModelMatchesDerivedModel(_ stored: Stored) throws {
        let expected = Self.suggested.member(stored.folder).member("suggested_model")
        #expect(expected != .null)
        #expect(Self.inferred(try Self.parse(stored)) == expected)
    }

    @Test(arguments: templates)
    func rendersInItsLayoutWithTheSuggestedModel(_ stored: Stored) throws {
        let parsed = try Self.parse(stored)
        let layoutStored = try #require(Self.layouts.first { $0.alias == stored.layoutAlias })
        let layout = try Self.parse(layoutStored)
        let model = Self.suggested.member(stored.folder).member("suggested_model")
            .merging(["preheader": "Preheader text"])

        let subject = try #require(parsed.subject).render(model: model, escaping: TemplatePart.subject.escaping)
        let html = try Template.render(
            content: parsed.html, layout: layout.html, model: model, escaping: TemplatePart.htmlBody.escaping)
        let text = try Template.render(
            content: parsed.text, layout: layout.text, model: model, escaping: TemplatePart.textBody.escaping)

        // Every value of the model shows up somewhere, and no tag is left over.
        let all = subject + html + text
        for leaf in Self.leafStrings(of: model) {
            #expect(all.contains(leaf), "\(leaf) missing")
        }
        #expect(html.contains("Preheader text"))
        for part in [subject, html, text] {
            #expect(!part.contains("{{"))
        }
        // The layout's text surrounds the content.
        #expect(html.hasPrefix("<!DOCTYPE html") || html.hasPrefix("<!doctype html"))
        #expect(text.hasPrefix("[Product Name]"))
    }

    @Test("every layout wraps every template, with the layout's variables in the model", arguments: layouts)
    func everyLayoutWrapsEveryTemplate(_ layoutStored: Stored) throws {
        let layout = try Self.parse(layoutStored)
        for stored in Self.templates {
            let parsed = try Self.parse(stored)
            let html = try layout.html.embedding(parsed.html)
            let text = try layout.text.embedding(parsed.text)
            // The suggestion for the combined parts includes the layout's `preheader` block.
            let model = SuggestedModel.infer(from: [html, text] + [parsed.subject!])
            #expect(model["preheader"] == .emptyObject)
            let filled = model.merging(["preheader": "Pre & header"])
            let renderedHTML = try html.render(model: filled, escaping: .html)
            let renderedText = try text.render(model: filled, escaping: .none)
            let renderedSubject = try parsed.subject!.render(model: filled, escaping: .none)
            #expect(renderedHTML.contains("Pre &amp; header"))
            for leaf in Self.leafStrings(of: model) {
                #expect((renderedSubject + renderedHTML + renderedText).contains(leaf), "\(stored.alias) in \(layoutStored.alias): \(leaf)")
            }
            #expect(!renderedHTML.contains("{{") && !renderedText.contains("{{"))
        }
    }

    @Test(arguments: templates)
    func inferenceCoversEveryNameUsed(_ stored: Stored) throws {
        let parsed = try Self.parse(stored)
        let keys = Self.allKeys(of: Self.inferred(parsed))
        let sources = [stored.subject ?? "", stored.html, stored.text]
        let names = Set(sources.flatMap(Self.namesUsed))
        #expect(!names.isEmpty)
        #expect(names.subtracting(keys).isEmpty, "not inferred: \(names.subtracting(keys).sorted())")
    }

    @Test("a layout's variables join the suggestion when the body is embedded in it")
    func embeddedInference() throws {
        let receipt = try Self.parse(try #require(Self.templates.first { $0.alias == "receipt" }))
        let basic = try Self.parse(try #require(Self.layouts.first { $0.alias == "basic" }))
        let model = SuggestedModel.infer(from: [
            try basic.html.embedding(receipt.html), try basic.text.embedding(receipt.text), receipt.subject!,
        ])
        #expect(model["preheader"] == .emptyObject)
        #expect(model["receipt_details"] == [["description": "description_Value", "amount": "amount_Value"]])
        #expect(model.objectValue?.keys.first == "preheader")
    }

    @Test("the example template's leftovers render literally")
    func exampleLiterals() throws {
        let example = try #require(Self.templates.first { $0.alias == "example" })
        let parsed = try Self.parse(example)
        let subject = try #require(parsed.subject).render(model: ["name": "Ann & Bob"], escaping: .none)
        #expect(subject == "Welcome to <%= product_name %>, Ann & Bob!")
        // TextBody: `\{{ something }}` is a backslash and then the value (no escape syntax, §2).
        let text = try parsed.text.render(model: ["something": "<X>"], escaping: .none)
        #expect(text.contains("\\<X> will turn into <X>"))
        // HtmlBody writes the braces as entities, which are plain text to the engine.
        let html = try parsed.html.render(model: ["something": "<X>"])
        #expect(html.contains("\\&#123;&#123; something }} will turn into &lt;X&gt;"))
    }

    // MARK: - Helpers

    static func leafStrings(of value: TemplateValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items): return items.flatMap(leafStrings)
        case .object(let object): return object.members.flatMap { leafStrings(of: $0.value) }
        default: return []
        }
    }

    static func allKeys(of value: TemplateValue) -> Set<String> {
        switch value {
        case .array(let items): return items.reduce(into: []) { $0.formUnion(allKeys(of: $1)) }
        case .object(let object):
            return object.members.reduce(into: Set(object.keys)) { $0.formUnion(allKeys(of: $1.value)) }
        default: return []
        }
    }

    /// Names in tags, found with a regular expression independent of the parser: every dotted-path segment in
    /// `{{ x }}`, `{{{ x }}}`, `{{& x }}`, `{{#x}}`, `{{^x}}` and `{{#each x}}`.
    static func namesUsed(in source: String) -> [String] {
        let pattern = #"\{\{\{?\s*[#^&]?\s*(?:each\s+)?([A-Za-z0-9_./]+)\s*\}?\}\}"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(source.startIndex..., in: source)
        return regex.matches(in: source, range: range).flatMap { match -> [String] in
            let path = String(source[Range(match.range(at: 1), in: source)!])
            return path.split(separator: ".").map(String.init).filter { $0 != "/" && !$0.hasPrefix("/") }
        }
    }
}

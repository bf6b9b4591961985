import Templates
import Testing

/// Every case in `testdata/mustachio-compat/cases.json` (the examples of `mustachio.md` §11 and §13): rendered
/// output, parse errors with their exact messages and positions, render errors, and inferred models.
@Suite("Mustachio compat cases")
struct CompatCasesTests {
    struct RenderCase: Sendable, CustomTestStringConvertible {
        var id: String
        var template: String
        var layout: String?
        var model: TemplateValue
        var expected: TemplateValue
        var expectedError: TemplateValue
        var testDescription: String { id }
    }

    struct InferCase: Sendable, CustomTestStringConvertible {
        var id: String
        var template: String
        var suggested: TemplateValue
        var testDescription: String { id }
    }

    static let data = (try? Fixtures.json("mustachio-compat/cases.json")) ?? .null

    static let renderCases = data.member("render").array.map { item in
        RenderCase(
            id: item.member("id").string ?? "", template: item.member("template").string ?? "",
            layout: item.member("layout").string, model: item.member("model"),
            expected: item.member("expected"), expectedError: item.member("expected_error"))
    }

    static let inferCases = data.member("infer").array.map { item in
        InferCase(
            id: item.member("id").string ?? "", template: item.member("template").string ?? "",
            suggested: item.member("suggested_model"))
    }

    @Test("40 render cases and 10 inference cases are loaded")
    func loaded() {
        #expect(Self.renderCases.count == 40)
        #expect(Self.inferCases.count == 10)
    }

    @Test(arguments: renderCases)
    func render(_ test: RenderCase) throws {
        if case .string(let expected) = test.expected {
            let output: String
            if let layout = test.layout {
                output = try Template.render(
                    content: try Template.parse(test.template),
                    layout: try Template.parse(layout, type: .layout), model: test.model)
            } else {
                output = try Template.parse(test.template).render(model: test.model)
            }
            #expect(output == expected)
            return
        }
        switch test.expectedError.member("kind").string {
        case "parse":
            let error = #expect(throws: TemplateError.self) { try Template.parse(test.template) }
            let expected = test.expectedError.member("errors").array.map { item in
                TemplateError.Diagnostic(
                    kind: .parse, message: item.member("Message").string ?? "",
                    line: Self.int(item.member("Line")), column: Self.int(item.member("CharacterPosition")))
            }
            #expect(error?.kind == .parse)
            #expect(error?.diagnostics == expected)
        case "render":
            let template = try Template.parse(test.template)
            let error = #expect(throws: TemplateError.self) { try template.render(model: test.model) }
            #expect(error?.kind == .render)
            #expect(error?.message == test.expectedError.member("message").string)
        default:
            Issue.record("case \(test.id) has neither an expected output nor a known error kind")
        }
    }

    @Test(arguments: inferCases)
    func infer(_ test: InferCase) throws {
        let suggested = SuggestedModel.infer(from: try Template.parse(test.template))
        // Ordered comparison: keys appear in the order the template first uses them.
        #expect(suggested == test.suggested)
    }

    static func int(_ value: TemplateValue) -> Int? {
        if case .integer(let number) = value { return Int(number) }
        return nil
    }
}

import Templates
import Testing

/// `SuggestedModel` beyond the compat cases (`mustachio.md` §11).
@Suite("SuggestedTemplateModel inference")
struct InferenceTests {
    static func infer(_ sources: String...) throws -> TemplateValue {
        SuggestedModel.infer(from: try sources.map { try Template.parse($0) })
    }

    @Test("keys come in the order first used, across templates")
    func order() throws {
        let model = try Self.infer("{{b}} {{a}}", "{{c}} {{b}}")
        #expect(model.objectValue?.keys == ["b", "a", "c"])
    }

    @Test("one tree across parts: a name used as a value in one part and a block in another is an object")
    func sharedTree() throws {
        #expect(try Self.infer("{{name}}", "{{#name}}x{{/name}}") == ["name": [:]])
        #expect(try Self.infer("{{#each list}}{{/each}}", "{{list}}") == ["list": ["list_1", "list_2", "list_3"]])
    }

    @Test("../ inside each and sections resolves from the block's node")
    func parents() throws {
        // In the loop body the node of `items` stands for the elements, so `../shop` lands at the root.
        #expect(try Self.infer("{{#each items}}{{name}}{{../shop}}{{/each}}")
            == ["items": [["name": "name_Value"]], "shop": "shop_Value"])
        #expect(try Self.infer("{{#a.b}}{{c}}{{../d}}{{../../e}}{{../../../f}}{{/a.b}}")
            == ["a": ["b": ["c": "c_Value"], "d": "d_Value"], "e": "e_Value", "f": "f_Value"])
    }

    @Test("the if/else form, inverted blocks and {{.}} mark a block node; comments and text add nothing")
    func blocks() throws {
        #expect(try Self.infer("{{#paid}}yes{{^paid}}no{{/paid}}") == ["paid": [:]])
        #expect(try Self.infer("{{#preheader}}{{.}}{{/preheader}}{{! x }}") == ["preheader": [:]])
        #expect(try Self.infer("{{#each a}}{{#each b}}{{.}}{{/each}}{{/each}}") == ["a": [["b": ["b_1", "b_2", "b_3"]]]])
    }

    @Test("the root stays an object even when printed")
    func root() throws {
        #expect(try Self.infer("{{.}}{{x}}") == ["x": "x_Value"])
        #expect(try Self.infer("") == [:])
    }

    @Test("a layout's placeholder is ignored; embedding puts the body in the layout's scope")
    func layouts() throws {
        let layout = try Template.parse("{{#user}}{{{ @content }}}{{/user}}{{footer}}", type: .layout)
        let body = try Template.parse("{{name}}")
        #expect(SuggestedModel.infer(from: layout) == ["user": [:], "footer": "footer_Value"])
        #expect(SuggestedModel.infer(from: try layout.embedding(body))
            == ["user": ["name": "name_Value"], "footer": "footer_Value"])
    }

    @Test("the suggestion renders every value it suggests")
    func suggestionRenders() throws {
        let template = try Template.parse("{{a}} {{#each l}}<{{x.y}}>{{/each}} {{#each t}}[{{.}}]{{/each}}")
        let model = SuggestedModel.infer(from: template)
        #expect(try template.render(model: model) == "a_Value <y_Value> [t_1][t_2][t_3]")
    }
}

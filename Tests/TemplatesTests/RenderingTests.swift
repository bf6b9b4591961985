import Templates
import Testing

/// Scoping, truthiness, loops and tokenizer edge cases beyond the compat data (`mustachio.md` §2–§6, §9).
@Suite("Rendering semantics")
struct RenderingTests {
    static func render(_ source: String, _ model: TemplateValue, type: TemplateType = .standard) throws -> String {
        try Template.parse(source, type: type).render(model: model)
    }

    @Test("../ follows the path's parent chain and is ignored at the root (§4)")
    func parentChain() throws {
        let model: TemplateValue = ["x": "ROOT", "a": ["x": "AX", "b": ["x": "BX"]]]
        #expect(try Self.render("{{#a.b}}{{x}}|{{../x}}|{{../../x}}|{{../../../../x}}{{/a.b}}", model)
            == "BX|AX|ROOT|ROOT")
        #expect(try Self.render("{{../../x}}", model) == "ROOT")
        // A `../` after a name walks back along the same chain.
        #expect(try Self.render("{{a.b../x}}", model) == "AX")
        // Nested blocks: the parent of a block's context is where its path was looked up.
        #expect(try Self.render("{{#a}}{{#b}}{{../x}}/{{../../x}}{{/b}}{{/a}}", model) == "AX/ROOT")
    }

    @Test("nested each: elements' parents are the arrays (§4)")
    func nestedEach() throws {
        let model: TemplateValue = [
            "shop": "S",
            "groups": [["name": "g1", "items": ["a", "b"]], ["name": "g2", "items": []]],
        ]
        let source = "{{#each groups}}{{name}}:{{#each items}}{{.}}{{../../name}}{{../../../../shop}},{{/each}};{{/each}}"
        #expect(try Self.render(source, model) == "g1:ag1S,bg1S,;g2:;")
    }

    @Test("each over the current context and over nested arrays")
    func eachDot() throws {
        #expect(try Self.render("{{#each .}}[{{.}}]{{/each}}", [1, "b", true]) == "[1][b][True]")
        #expect(try Self.render("{{#each m}}({{#each .}}{{.}}{{/each}}){{/each}}", ["m": [[1, 2], ["x"]]])
            == "(12)(x)")
    }

    @Test("each renders nothing for falsy values and fails for truthy non-arrays (§5)")
    func eachValues() throws {
        let template = try Template.parse("[{{#each v}}x{{/each}}]")
        for falsy: TemplateValue in [.null, false, 0, 0.0, "", [], [:]] {
            #expect(try template.render(model: ["v": falsy]) == "[]")
        }
        #expect(try template.render(model: [:]) == "[]")
        for truthy: TemplateValue in [true, 1, -1.5, "s", " ", ["k": nil]] {
            #expect(throws: TemplateError.self) { try template.render(model: ["v": truthy]) }
        }
    }

    @Test("truthiness table (§6)")
    func truthiness() throws {
        let template = try Template.parse("{{#v}}T{{/v}}{{^v}}F{{/v}}")
        let table: [(TemplateValue, String)] = [
            (.null, "F"), (false, "F"), (0, "F"), (0.0, "F"), (-0.0, "F"), ("", "F"), ([], "F"), ([:], "F"),
            (true, "T"), (1, "T"), (-1, "T"), (0.5, "T"), ("0", "T"), ("false", "T"), (" ", "T"), ([0], "T"),
            ([nil], "T"), (["k": nil], "T"),
        ]
        for (value, expected) in table {
            #expect(try template.render(model: ["v": value]) == expected, "\(value)")
            #expect(value.isTruthy == (expected == "T"))
        }
        #expect(try template.render(model: [:]) == "F")
    }

    @Test("an inverted block's context is the falsy value; if/else re-opening works both ways (§5)")
    func invertedAndElse() throws {
        #expect(try Self.render("{{^a.b}}[{{.}}][{{../c}}][{{../../c}}]{{/a.b}}", ["a": ["b": 0, "c": 1], "c": 2])
            == "[0][1][2]")
        let ifElse = try Template.parse("{{^ok}}no{{#ok}}yes{{/ok}}")
        #expect(try ifElse.render(model: ["ok": true]) == "yes")
        #expect(try ifElse.render(model: ["ok": false]) == "no")
        // Different paths nest normally.
        #expect(try Self.render("{{#a}}{{#b}}ab{{/b}}{{^b}}a{{/b}}{{/a}}", ["a": ["b": false]]) == "a")
    }

    @Test("keys are case-sensitive; dotted keys and array indexes are unreachable (§4)")
    func lookupRules() throws {
        #expect(try Self.render("[{{Name}}][{{name}}]", ["name": "n"]) == "[][n]")
        #expect(try Self.render("[{{a.b}}]", ["a.b": "x"]) == "[]")
        #expect(try Self.render("[{{items.0}}][{{s.length}}]", ["items": ["x"], "s": "abc"]) == "[][]")
    }

    @Test("tag edge cases (§2)")
    func tokenizer() throws {
        let model: TemplateValue = ["name": "N", "a": "A"]
        #expect(try Self.render("{{ a{b }}", model) == "{{ a{b }}")
        #expect(try Self.render("{{}}{{{}}}", model) == "{{}}{{{}}}")
        #expect(try Self.render("{{\n  name\n}}", model) == "N")
        #expect(try Self.render("{{{{{name}}}}}", model) == "{{N}}")
        #expect(try Self.render("{ {name} }", model) == "{ {name} }")
        #expect(try Self.render("x{{!a\nb}}y{{! {{a}} }}z", model) == "xy{{! A }}z")
        #expect(try Self.render("{{#a}}\n  {{.}}\n{{/a}}\n", model) == "\n  A\n\n")
    }

    @Test("layouts: placeholder spellings, scope of the content, standalone rendering (§9)")
    func layouts() throws {
        let content = try Template.parse("<p>{{name}}</p>")
        for spelling in ["{{{ @content }}}", "{{{@content}}}", "{{{   @content\n}}}"] {
            let layout = try Template.parse("<b>\(spelling)</b>", type: .layout)
            #expect(try Template.render(content: content, layout: layout, model: ["name": "N"]) == "<b><p>N</p></b>")
        }
        // The content renders in the scope where the placeholder sits.
        let scoped = try Template.parse("{{#user}}{{{ @content }}}{{/user}}", type: .layout)
        #expect(try Template.render(content: content, layout: scoped, model: ["user": ["name": "U"], "name": "R"])
            == "<p>U</p>")
        // Two-brace spelling is not the placeholder.
        #expect(throws: TemplateError.self) { try Template.parse("{{ @content }}", type: .layout) }
        // A layout on its own leaves the placeholder empty.
        #expect(try Self.render("[{{{ @content }}}]", [:], type: .layout) == "[]")
        // Each placeholder splice keeps encoding per part.
        let layout = try Template.parse("{{t}}|{{{ @content }}}", type: .layout)
        let html = try Template.render(content: content, layout: layout, model: ["t": "<", "name": "&"])
        #expect(html == "&lt;|<p>&amp;</p>")
        let text = try Template.render(
            content: content, layout: layout, model: ["t": "<", "name": "&"], escaping: .none)
        #expect(text == "<|<p>&</p>")
    }

    @Test("{{{ pm:unsubscribe }}} is kept verbatim for the broadcast stage (§3)")
    func unsubscribePlaceholder() throws {
        #expect(try Self.render("<a href=\"{{{ pm:unsubscribe }}}\">x</a>", [:])
            == "<a href=\"{{{ pm:unsubscribe }}}\">x</a>")
        #expect(throws: TemplateError.self) { try Template.parse("{{ pm:unsubscribe }}") }
    }

    @Test("templates are values: render concurrently from many tasks")
    func concurrentRendering() async throws {
        let template = try Template.parse("{{#each items}}{{.}},{{/each}}")
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<16 {
                group.addTask { try template.render(model: ["items": [.integer(Int64(index)), "x"]]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(outputs) == Set((0..<16).map { "\($0),x," }))
    }
}

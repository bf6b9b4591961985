import Templates
import Testing

/// Parse, render and layout errors carry the engine's messages and 1-based positions of the offending tag's first
/// `{` (`mustachio.md` §8), sorted by line then column, with columns in UTF-16 code units.
@Suite("Error messages and positions")
struct ErrorPositionTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var template: String
        var errors: [(line: Int, column: Int, message: String)]
        var testDescription: String { template.debugDescription }
    }

    static let mismatched = "It appears that open and closing elements are mismatched."
    static let eachCloseWithoutOpen =
        "An 'each' block is being closed, but no corresponding opening element ('{{#each <name>}}') was detected."
    static let badEachClose = "The syntax to close the 'each' block should be: '{{/each}}'."
    static func unclosed(_ path: String) -> String {
        "A scope block to the following path was opened but not closed: '\(path)', please close it using the appropriate syntax."
    }
    static func invalid(_ path: String) -> String {
        "The path '\(path)' is not valid. Please see documentation for examples of valid paths."
    }

    static let cases: [Expected] = [
        // Unclosed blocks are reported at their opening tag, outermost first.
        Expected(template: "Line 1\n  {{#items}}\nx", errors: [(2, 3, unclosed("items"))]),
        Expected(template: "{{#a}}\n{{#b}}\n", errors: [(1, 1, unclosed("a")), (2, 1, unclosed("b"))]),
        Expected(template: "{{^gone}}", errors: [(1, 1, unclosed("gone"))]),
        Expected(template: "x\n{{#each list}}{{.}}", errors: [(2, 1, unclosed("list"))]),
        // A re-opened block (if/else) keeps the position where it was first opened.
        Expected(template: "{{#a}}x\n{{^a}}y", errors: [(1, 1, unclosed("a"))]),
        // Closing tags that match nothing.
        Expected(template: "a\n\n   {{/b}}", errors: [(3, 4, mismatched)]),
        Expected(template: "{{#a}}{{#b}}{{/a}}{{/b}}", errors: [(1, 1, unclosed("a")), (1, 13, mismatched)]),
        Expected(template: "{{#each items}}x{{/items}}", errors: [(1, 1, unclosed("items")), (1, 17, mismatched)]),
        Expected(template: "x {{/each}}", errors: [(1, 3, eachCloseWithoutOpen)]),
        Expected(template: "{{#a}}{{/each}}", errors: [(1, 1, unclosed("a")), (1, 7, eachCloseWithoutOpen)]),
        Expected(template: "{{#each a}}{{/eachy}}", errors: [(1, 1, unclosed("a")), (1, 12, badEachClose)]),
        // Invalid paths, at their tag; a close tag with the same invalid path reports it again.
        Expected(template: "{{#each a-b}}{{/each}}", errors: [(1, 1, invalid("a-b"))]),
        Expected(template: "{{#a b}}x{{/a b}}", errors: [(1, 1, invalid("a b")), (1, 10, invalid("a b"))]),
        Expected(template: "ok {{{ x y }}} {{& $z }}", errors: [(1, 4, invalid("x y")), (1, 16, invalid("$z"))]),
        // Lines count `\n` only; `\r` is an ordinary character.
        Expected(template: "a\r\n{{#x}}", errors: [(2, 1, unclosed("x"))]),
        Expected(template: "a\r{{#x}}", errors: [(1, 3, unclosed("x"))]),
        // Columns count UTF-16 units: é is one, 😀 is two.
        Expected(template: "é😀 {{x-y}}", errors: [(1, 5, invalid("x-y"))]),
        // A tag may span lines; it is reported where it starts.
        Expected(template: "\n\n  {{#a\n}}", errors: [(3, 3, unclosed("a"))]),
        // Several errors on several lines come out sorted.
        Expected(template: "{{#a}}\n{{b-c}}\n{{/z}}\n{{@d}}", errors: [
            (1, 1, unclosed("a")), (2, 1, invalid("b-c")), (3, 1, mismatched), (4, 1, invalid("@d")),
        ]),
    ]

    @Test(arguments: cases)
    func parseErrors(_ test: Expected) {
        let error = #expect(throws: TemplateError.self) { try Template.parse(test.template) }
        #expect(error?.kind == .parse)
        let got = error?.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" } ?? []
        #expect(got == test.errors.map { "\($0.line):\($0.column) \($0.message)" })
        #expect(error?.line == test.errors.first?.line)
        #expect(error?.column == test.errors.first?.column)
        #expect(error?.message == test.errors.first?.message)
    }

    @Test("paths: what §4 accepts and rejects", arguments: [
        ("a", true), ("a.b.c", true), ("../a", true), ("../../a.b", true), (".", true), ("_x9", true),
        ("ünïcødé", true), ("名前", true), ("../", true),
        ("a-b", false), ("@x", false), ("$x", false), ("a[0]", false), ("items.0", true), ("a...b", false),
        ("a/b", false), ("/", false), ("./a", false), ("..", false), ("a..b", false), ("a:b", false),
        ("%x", false), ("~x", false), ("(x)", false), ("> x", false), ("x=y", false), ("😀", false),
    ])
    /// `items.0` follows §4's character rules (digits are word characters), so it parses, although §3 lists array
    /// indexes as unsupported: it looks up the key "0", which an array never has.
    func pathValidity(path: String, valid: Bool) {
        let result = Result { () throws(TemplateError) in try Template.parse("{{ \(path) }}") }
        switch result {
        case .success: #expect(valid, "\(path) should be rejected")
        case .failure(let error):
            #expect(!valid, "\(path) should be accepted")
            #expect(error.diagnostics.map(\.message) == [Self.invalid(path.trimmingCharacters(in: .whitespaces))])
        }
    }

    @Test("render error: #each over a non-array names the path and points at the tag")
    func renderErrorPosition() throws {
        let template = try Template.parse("<ul>\n  {{#each  person.pets }}x{{/each}}</ul>")
        for model: TemplateValue in [
            ["person": ["pets": ["name": "Rex"]]], ["person": ["pets": "Rex"]], ["person": ["pets": 2]],
            ["person": ["pets": true]], ["person": ["pets": 0.5]],
        ] {
            let error = #expect(throws: TemplateError.self) { try template.render(model: model) }
            #expect(error?.kind == .render)
            #expect(error?.message ==
                "'person.pets' is used like an array by the template, but is a scalar value or object in your model.")
            #expect(error?.line == 2)
            #expect(error?.column == 3)
        }
    }

    @Test("layout without {{{ @content }}}: kind .layout, no position")
    func layoutWithoutPlaceholder() {
        let error = #expect(throws: TemplateError.self) {
            try Template.parse("<html>{{ title }}</html>", type: .layout)
        }
        #expect(error?.kind == .layout)
        #expect(error?.line == nil && error?.column == nil)
        #expect(error?.message.contains("{{{ @content }}}") == true)
    }

    @Test("layout with {{{ @content }}} twice: reported at the second")
    func layoutWithTwoPlaceholders() {
        let error = #expect(throws: TemplateError.self) {
            try Template.parse("{{{ @content }}}\n<hr>\n  {{{@content}}}", type: .layout)
        }
        #expect(error?.kind == .layout)
        #expect(error?.diagnostics.count == 1)
        #expect(error?.line == 3)
        #expect(error?.column == 3)
    }

    @Test("layout with parse errors and no placeholder: both reported, kind .parse")
    func layoutWithParseErrors() {
        let error = #expect(throws: TemplateError.self) {
            try Template.parse("{{#a}}\n{{ @content }}", type: .layout)
        }
        #expect(error?.kind == .parse)
        #expect(error?.diagnostics.map(\.kind) == [.parse, .parse, .layout])
        #expect(error?.diagnostics[1].message == Self.invalid("@content"))
        #expect(error?.diagnostics[1].line == 2)
    }

    @Test("content and layout must be of the right type")
    func layoutTypes() throws {
        let standard = try Template.parse("x")
        let layout = try Template.parse("[{{{ @content }}}]", type: .layout)
        #expect(throws: TemplateError.self) { try Template.render(content: standard, layout: standard, model: [:]) }
        #expect(throws: TemplateError.self) { try Template.render(content: layout, layout: layout, model: [:]) }
        #expect(try Template.render(content: standard, layout: layout, model: [:]) == "[x]")
    }
}

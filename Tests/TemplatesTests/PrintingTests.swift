import Templates
import Testing

/// What `{{ }}` prints and how it is encoded (`mustachio.md` §7).
@Suite("Printing and HTML encoding")
struct PrintingTests {
    static func render(_ value: TemplateValue, _ source: String = "{{v}}", escaping: Escaping = .html) throws -> String {
        try Template.parse(source).render(model: ["v": value], escaping: escaping)
    }

    @Test("HTML encoding matches .NET HtmlEncode", arguments: [
        ("&<>\"'", "&amp;&lt;&gt;&quot;&#39;"),
        ("plain ASCII / text = fine", "plain ASCII / text = fine"),
        ("\u{9F}", "\u{9F}"),                 // C1 control just below the Latin-1 range: unchanged
        ("\u{A0}", "&#160;"),                 // no-break space
        ("©®°±µ¿", "&#169;&#174;&#176;&#177;&#181;&#191;"),
        ("ÀÉßàéÿ", "&#192;&#201;&#223;&#224;&#233;&#255;"),
        ("Āłœ€–”", "Āłœ€–”"),                  // the rest of the BMP is unchanged
        ("日本語", "日本語"),
        ("😀 🇩🇪", "&#128512; &#127465;&#127466;"), // above U+FFFF: decimal references
        ("a\u{301}", "a\u{301}"),             // combining mark, U+0301: unchanged
        ("\n\t\r", "\n\t\r"),
        ("x&y é <z>", "x&amp;y &#233; &lt;z&gt;"),
    ])
    func htmlEncoding(input: String, expected: String) throws {
        #expect(try Self.render(.string(input)) == expected)
        // Raw tags and the no-escaping mode print the value as it is.
        #expect(try Self.render(.string(input), "{{{v}}}") == input)
        #expect(try Self.render(.string(input), "{{& v}}") == input)
        #expect(try Self.render(.string(input), escaping: .none) == input)
    }

    @Test("part defaults: HtmlBody encodes, Subject and TextBody do not (§7, §14.1)")
    func partEscaping() {
        #expect(TemplatePart.htmlBody.escaping == .html)
        #expect(TemplatePart.subject.escaping == .none)
        #expect(TemplatePart.textBody.escaping == .none)
    }

    @Test("booleans print True/False; null, arrays and objects print nothing")
    func scalars() throws {
        #expect(try Self.render(true) == "True")
        #expect(try Self.render(false) == "False")
        #expect(try Self.render(.null) == "")
        #expect(try Self.render([1, 2]) == "")
        #expect(try Self.render(["x": 1]) == "")
        #expect(try Self.render([:]) == "")
    }

    @Test("integers print in full", arguments: [
        (Int64(0), "0"), (42, "42"), (-7, "-7"), (Int64.max, "9223372036854775807"),
        (Int64.min, "-9223372036854775808"),
    ])
    func integers(value: Int64, expected: String) throws {
        #expect(try Self.render(.integer(value)) == expected)
    }

    @Test("other numbers print as .NET double.ToString() does", arguments: [
        (1.5, "1.5"), (1.0, "1"), (0.1, "0.1"), (1.21, "1.21"), (-2.5, "-2.5"), (-0.0, "-0"), (0.0, "0"),
        (100.0, "100"), (123456789012345.0, "123456789012345"), (1234567890123456.0, "1234567890123456"),
        (1e15, "1E+15"), (1e16, "1E+16"), (1.2345678901234567e20, "1.2345678901234567E+20"),
        (0.0001, "0.0001"), (0.00012, "0.00012"), (0.00001, "1E-05"), (1.5e-7, "1.5E-07"),
        (Double.leastNonzeroMagnitude, "5E-324"), (1e100, "1E+100"), (1.7976931348623157e308, "1.7976931348623157E+308"),
        (0.30000000000000004, "0.30000000000000004"), (3.14159, "3.14159"),
    ])
    func doubles(value: Double, expected: String) throws {
        #expect(try Self.render(.number(value)) == expected)
    }
}

import Testing

@testable import CSSInlining

/// The inliner on small documents: which rules move, in which order, and what stays.
@Suite struct CSSInlinerTests {
    func inline(_ css: String, _ body: String, styleAttributes: String = "") -> String {
        CSSInliner.inline("<style\(styleAttributes)>\(css)</style>\(body)")
    }

    @Test func documentWithoutStyleIsUnchanged() {
        let html = "<html><body><p class=\"a\">x</p></body></html>"
        #expect(CSSInliner.inline(html) == html)
        #expect(CSSInliner.inline("") == "")
    }

    @Test func typeClassIdAndUniversalSelectors() {
        #expect(inline("p { color: red }", "<p>x</p>") == #"<p style="color: red;">x</p>"#)
        #expect(inline(".a{color:red}", #"<p class="b a">x</p><p>y</p>"#) == #"<p class="b a" style="color: red;">x</p><p>y</p>"#)
        #expect(inline("#main{margin:0}", #"<div id="main">x</div><div id="mainx">y</div>"#)
            == #"<div id="main" style="margin: 0;">x</div><div id="mainx">y</div>"#)
        #expect(inline("*{margin:0}", "<b>x</b>") == #"<b style="margin: 0;">x</b>"#)
        // Class and id match case-sensitively, type names do not.
        #expect(inline(".A{color:red} P{margin:0}", #"<p class="a">x</p>"#) == #"<p class="a" style="margin: 0;">x</p>"#)
    }

    @Test func groupingCompoundsAndCombinators() {
        #expect(inline("h1, h2 { margin: 0 }", "<h1>a</h1><h2>b</h2><h3>c</h3>")
            == #"<h1 style="margin: 0;">a</h1><h2 style="margin: 0;">b</h2><h3>c</h3>"#)
        #expect(inline("p.sub.x { color: red }", #"<p class="sub">a</p><p class="x sub">b</p>"#)
            == #"<p class="sub">a</p><p class="x sub" style="color: red;">b</p>"#)
        #expect(inline(".social td { padding: 0 }", #"<table class="social"><tr><td>a</td></tr></table><td>b</td>"#)
            == #"<table class="social"><tr><td style="padding: 0;">a</td></tr></table><td>b</td>"#)
        // Child combinator: only direct children.
        #expect(inline("div > b { color: red }", "<div><b>a</b><i><b>c</b></i></div>")
            == #"<div><b style="color: red;">a</b><i><b>c</b></i></div>"#)
        // Descendant matching backtracks over ancestors.
        #expect(inline(".a .b .c { color: red }", #"<div class="a"><div class="b"><div class="x"><p class="c">y</p></div></div></div>"#)
            == #"<div class="a"><div class="b"><div class="x"><p class="c" style="color: red;">y</p></div></div></div>"#)
    }

    @Test func cascadeOrder() {
        // Specificity beats order; equal specificity: later wins; !important beats both (and is not copied).
        #expect(inline(".a { color: red } p { color: blue }", #"<p class="a">x</p>"#) == #"<p class="a" style="color: red;">x</p>"#)
        #expect(inline("p { color: red } p { color: blue }", "<p>x</p>") == #"<p style="color: blue;">x</p>"#)
        #expect(inline("#i { color: red } .a.b.c { color: blue }", #"<p id="i" class="a b c">x</p>"#)
            == #"<p id="i" class="a b c" style="color: red;">x</p>"#)
        #expect(inline("p { color: red !important } #i.a { color: blue }", #"<p id="i" class="a">x</p>"#)
            == #"<p id="i" class="a" style="color: red;">x</p>"#)
        // A shorthand from a more specific rule overrides a longhand from a less specific one, and the order of
        // the written declarations keeps it so.
        #expect(inline(".x { padding: 2px } p { padding-left: 5px; padding: 1px }", #"<p class="x">y</p>"#)
            == #"<p class="x" style="padding-left: 5px; padding: 2px;">y</p>"#)
        #expect(inline("p { padding: 1px } .x { padding-left: 5px }", #"<p class="x">y</p>"#)
            == #"<p class="x" style="padding: 1px; padding-left: 5px;">y</p>"#)
    }

    @Test func existingInlineStylesWin() {
        #expect(inline("p { color: red; margin: 0 }", #"<p style="color: green">x</p>"#)
            == #"<p style="margin: 0; color: green">x</p>"#)
        #expect(inline("p { color: red !important }", #"<p style="COLOR:green;">x</p>"#)
            == #"<p style="COLOR:green;">x</p>"#)
        // Single-quoted attribute with a double quote inside.
        #expect(inline("p { margin: 0 }", #"<p style='font-family: "A B"'>x</p>"#)
            == #"<p style="margin: 0; font-family: &quot;A B&quot;">x</p>"#)
        // Unquoted and entity-encoded.
        #expect(inline("p { margin: 0 }", "<p style=color:red>x</p>") == #"<p style="margin: 0; color:red">x</p>"#)
    }

    @Test func valuesAreEscapedForTheAttribute() {
        #expect(inline(#"td { font-family: "Nunito Sans", Arial; background: url(a.png?x=1&y=2) }"#, "<td>x</td>")
            == #"<td style="font-family: &quot;Nunito Sans&quot;, Arial; background: url(a.png?x=1&amp;y=2);">x</td>"#)
        // A semicolon inside a string does not split the declaration.
        #expect(inline(#"p { content: "a;b"; margin: 0 }"#, "<p>x</p>") == #"<p style="content: &quot;a;b&quot;; margin: 0;">x</p>"#)
    }

    @Test func mediaQueriesAndUnsupportedSelectorsStay() {
        let out = inline(
            "a { color: red } a:hover { color: blue } @media (max-width: 600px) { a { color: green } } "
                + "h1 + p, p { margin: 0 } [data-x] { top: 0 }",
            "<a>x</a><p>y</p>")
        #expect(
            out == """
                <style>
                a:hover { color: blue }
                @media (max-width: 600px) { a { color: green } }
                h1 + p { margin: 0 }
                [data-x] { top: 0 }
                </style><a style="color: red;">x</a><p style="margin: 0;">y</p>
                """)
        #expect(inline("@import url(\"x.css\"); p { margin: 0 }", "<p>x</p>")
            == "<style>\n@import url(\"x.css\");\n</style><p style=\"margin: 0;\">x</p>")
    }

    @Test func styleElementsThatAreNotInlined() {
        for attributes in [#" media="print""#, #" type="text/less""#, " data-embed"] {
            let html = "<style\(attributes)>p { color: red }</style><p>x</p>"
            #expect(CSSInliner.inline(html) == html, "\(attributes)")
        }
        #expect(inline("p { color: red }", "<p>x</p>", styleAttributes: #" type="text/css" media="all""#)
            == #"<p style="color: red;">x</p>"#)
        // A style inside a (conditional) comment is text.
        let mso = "<!--[if mso]><style>p { color: red }</style><![endif]--><p>x</p>"
        #expect(CSSInliner.inline(mso) == mso)
    }

    @Test func headScriptsAndCommentsAreNotStyled() {
        let html = """
            <html><head><title>T</title><meta charset="utf-8"><style>* { margin: 0 } p { color: red }</style></head>\
            <body><!-- <p>not an element</p> --><script>if (a < b) { document.write("<p>") }</script>\
            <textarea><p>text</p></textarea><p>x</p></body></html>
            """
        #expect(
            CSSInliner.inline(html) == """
                <html style="margin: 0;"><head><title>T</title><meta charset="utf-8"></head>\
                <body style="margin: 0;"><!-- <p>not an element</p> --><script>if (a < b) { document.write("<p>") }</script>\
                <textarea style="margin: 0;"><p>text</p></textarea><p style="margin: 0; color: red;">x</p></body></html>
                """)
    }

    @Test func trickyMarkup() {
        // `>` inside a quoted attribute, `<` that starts no tag, self-closing and void elements, upper case tags.
        #expect(inline("img { border: 0 } b { color: red }", #"<a title="a > b" href=x>1 < 2 <IMG src="i.png"/><B>z</B></a>"#)
            == #"<a title="a > b" href=x>1 < 2 <IMG src="i.png" style="border: 0;"/><B style="color: red;">z</B></a>"#)
        // Implied end tags: a new <li> closes the previous one, so `li li` matches nothing here.
        #expect(inline("li li { color: red } ul > li { margin: 0 }", "<ul><li>a<li>b</ul>")
            == #"<ul><li style="margin: 0;">a<li style="margin: 0;">b</ul>"#)
        // An unclosed tag at the end of the document stays as it was.
        #expect(inline("p { margin: 0 }", "<p>x</p><p class=\"") == "<p style=\"margin: 0;\">x</p><p class=\"")
    }

    @Test func commentsAndMalformedCSS() {
        #expect(inline("/* c */ p { /* inner */ color: red; ; nonsense; margin : 0 } <!-- --> ", "<p>x</p>")
            == #"<p style="color: red; margin: 0;">x</p>"#)
        // An unterminated block is kept, not inlined.
        #expect(inline("p { color: red } b { color: blue", "<p>x</p><b>y</b>")
            == "<style>\nb { color: blue\n</style><p style=\"color: red;\">x</p><b>y</b>")
    }

    @Test func premailerPropertiesBecomeAttributes() {
        #expect(inline(".w { width: 100%; -premailer-width: 600; -premailer-cellpadding: \"0\" }", #"<table class="w" cellpadding="4">x</table>"#)
            == #"<table class="w" cellpadding="4" style="width: 100%;" width="600">x</table>"#)
        #expect(inline(".w { -premailer-height: 10 }", #"<td class="w" style="color: red">x</td>"#)
            == #"<td class="w" style="color: red" height="10">x</td>"#)
    }

    @Test func documentsOfTheSameShapeShareResolvedStylesButNotTheirValues() {
        // The second and later calls of each shape come from the cache; every answer must still be its own.
        let css = ".a { color: blue; margin: 1px } .a b { padding: 0 }"
        for _ in 0..<2 {
            #expect(inline(css, #"<p class="a" style="color: red">x<b>1</b></p>"#)
                == #"<p class="a" style="margin: 1px; color: red">x<b style="padding: 0;">1</b></p>"#)
            #expect(inline(css, #"<p class="a" style="color: green">y<b>2</b></p>"#)
                == #"<p class="a" style="margin: 1px; color: green">y<b style="padding: 0;">2</b></p>"#)
            #expect(inline(css, #"<p class="a" style="margin: 0">z<b>3</b></p>"#)
                == #"<p class="a" style="color: blue; margin: 0">z<b style="padding: 0;">3</b></p>"#)
            #expect(inline(css, #"<p class="b">z<b>3</b></p>"#) == #"<p class="b">z<b>3</b></p>"#)
            #expect(inline(css, #"<p class="a"></p><b>3</b>"#)
                == #"<p class="a" style="color: blue; margin: 1px;"></p><b>3</b>"#)
        }
    }

    @Test func selectorParsing() {
        #expect(CSSSelector.parse("div.a#b > p .c")?.specificity == Specificity(ids: 1, classes: 2, types: 2))
        #expect(CSSSelector.parse("*")?.specificity == Specificity())
        for unsupported in ["a:hover", "p::before", "a[href]", "h1 + p", "h1 ~ p", "> p", "p >", "svg|a", "a\\:b", "1a", ".", "#"] {
            #expect(CSSSelector.parse(unsupported) == nil, "\(unsupported)")
        }
    }
}

import Foundation
import Testing

@testable import CSSInlining

/// The inliner on Postmark's own layouts (`testdata/postmark-templates`), whose style sheets have type, class,
/// descendant and grouped selectors, `!important`, `@import`, `@media` and `:root` rules, and an `<!--[if mso]>`
/// style block.
@Suite struct PostmarkLayoutInliningTests {
    static let testdata: URL = {
        // <repo>/Tests/CSSInliningTests/<this file> → <repo>/../shared/testdata
        let repo = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/testdata/postmark-templates")
    }()

    static let layouts = ["basic", "basic-full", "plain"]

    static func layout(_ name: String) throws -> String {
        try String(contentsOf: testdata.appendingPathComponent("postmark-layouts/\(name)/content.html"), encoding: .utf8)
    }

    /// The document without any `style` attribute and without `<style>` elements outside comments.
    static func withoutStyles(_ html: String) throws -> String {
        var text = html
        for pattern in [#"<!--.*?-->"#, #"<style[^>]*>.*?</style>\s*"#, #"\s+style="[^"]*""#] {
            let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive])
            text = regex.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: pattern.hasPrefix("<!--") ? "<!---->" : "")
        }
        return text
    }

    @Test(arguments: layouts)
    func onlyStylesChange(_ name: String) throws {
        let html = try Self.layout(name)
        let inlined = CSSInliner.inline(html)
        #expect(inlined != html)
        #expect(try Self.withoutStyles(inlined) == Self.withoutStyles(html))
        // Running it again changes nothing: what stayed in <style> is not inlinable.
        #expect(CSSInliner.inline(inlined) == inlined)
    }

    @Test(arguments: layouts)
    func rulesLandOnTheirElements(_ name: String) throws {
        let inlined = CSSInliner.inline(try Self.layout(name))
        // `.email-wrapper { width: 100%; margin: 0; padding: 0; … }` and `body, td, th { font-family: … }`.
        #expect(inlined.contains(#"class="email-wrapper" width="100%" cellpadding="0" cellspacing="0" role="presentation" style="width: 100%; margin: 0; padding: 0;"#))
        #expect(inlined.contains(#"font-family: &quot;Nunito Sans&quot;, Helvetica, Arial, sans-serif;"#))
        // `.preheader { display: none !important; … }`: inlined without the !important, after the normal
        // declarations (important ones win the cascade).
        #expect(inlined.contains(#"<span class="preheader" style="visibility: hidden; mso-hide: all; font-size: 1px; line-height: 1px; max-height: 0; max-width: 0; opacity: 0; overflow: hidden; display: none;">"#))
        #expect(!inlined.contains("-premailer-"))
        // Media queries, :root and the @import stay in <style>; the Outlook-only block in its comment is untouched.
        #expect(inlined.contains("@media only screen and (max-width: 600px)"))
        #expect(inlined.contains("@media (prefers-color-scheme: dark)"))
        #expect(inlined.contains(":root {"))
        #expect(inlined.contains(#"@import url("https://fonts.googleapis.com/css?family=Nunito+Sans:400,700&display=swap");"#))
        #expect(!inlined.contains(".email-wrapper {"))
        #expect(inlined.contains("<!--[if mso]>"))
        #expect(inlined.contains(".f-fallback"))
    }
}

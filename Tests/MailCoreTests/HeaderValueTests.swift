import MailCore
import Testing

@Suite("Header checks")
struct HeaderValueTests {
    @Test(arguments: [
        ("plain value", false),
        ("", false),
        ("tab\tis fine", false),
        ("Ünïcödé ✓", false),
        ("cr\rhere", true),
        ("lf\nhere", true),
        ("crlf\r\nBcc: x@x.test", true),
        ("nul\u{0}here", true),
        ("\n", true),
    ])
    func containsLineBreak(value: String, expected: Bool) {
        #expect(HeaderValue.containsLineBreak(value) == expected)
    }

    @Test(arguments: [
        ("X-Custom", true),
        ("Message-ID", true),
        ("x", true),
        ("!#$%&'*+-.^_`|~", true),
        (String(repeating: "X", count: 76), true),
        (String(repeating: "X", count: 77), false),
        ("", false),
        ("Has Space", false),
        ("Colon:", false),
        ("Tab\tName", false),
        ("Ünicode", false),
        ("Del\u{7F}", false),
        ("New\r\nLine", false),
    ])
    func headerName(name: String, expected: Bool) {
        #expect(HeaderName.isValid(name) == expected)
    }
}

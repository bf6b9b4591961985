import MIMEParser
import Testing

@Suite("Header section (RFC 5322 §2.2)")
struct HeaderParsingTests {
    @Test func unfoldsAndKeepsOrder() {
        let message = ParsedMessage.parse(crlf(
            "Received: from a", "\tby b; Tue, 1 Jul 2003 10:52:37 +0200",
            "Subject: This", " is a test", "X-Empty:", "x-dup: 1", "X-Dup: 2", "", "body"
        ))
        #expect(message.header.fields.map(\.name) == ["Received", "Subject", "X-Empty", "x-dup", "X-Dup"])
        // RFC 5322 §2.2.3: unfolding removes CRLF, keeps the whitespace after it.
        #expect(message.header["received"] == "from a\tby b; Tue, 1 Jul 2003 10:52:37 +0200")
        #expect(message.header["SUBJECT"] == "This is a test")
        #expect(message.header["x-empty"] == "")
        #expect(message.header.values("X-DUP") == ["1", "2"])
        #expect(message.header["missing"] == nil)
        #expect(message.allDefects.isEmpty)
    }

    /// How each kind of line is classified (Python's feedparser rules).
    @Test(arguments: [
        // (header lines, expected field names, expected defects, expected body)
        ("A: 1\r\nB: 2\r\n\r\nbody", ["A", "B"], [String](), "body"),
        ("A: 1\nB: 2\n\nbody", ["A", "B"], [], "body"), // bare LF
        ("A: 1\r\nnot a header\r\nmore", ["A"], ["MissingHeaderBodySeparatorDefect"], "not a header\r\nmore"),
        (" folded first\r\nA: 1\r\n\r\nx", ["A"], ["FirstHeaderLineIsContinuationDefect"], "x"),
        ("A: 1\r\n: no name\r\nB: 2\r\n\r\nx", ["A", "B"], ["InvalidHeaderDefect"], "x"),
        ("From envelope@x Tue Oct  3 2000\r\nA: 1\r\n\r\nx", ["A"], [], "x"),
        ("A: 1\r\nFrom misplaced@x\r\nB: 2\r\n\r\nx", ["A", "B"], ["MisplacedEnvelopeHeaderDefect"], "x"),
        ("Obs-Name : value\r\n\r\nx", ["Obs-Name"], [], "x"), // RFC 5322 §4.5 WSP before colon
        ("A: 1\r\n", ["A"], [], ""), // no body at all
        ("", [], [], ""),
        ("just a body line\r\n", [], ["MissingHeaderBodySeparatorDefect"], "just a body line\r\n"),
        ("\r\nbody only", [], [], "body only"),
    ] as [(String, [String], [String], String)])
    func classification(_ input: String, _ names: [String], _ defects: [String], _ body: String) {
        let message = parse(input)
        #expect(message.header.fields.map(\.name) == names)
        #expect(message.defectCodes == defects)
        #expect(string(message.root.rawBody) == body)
    }

    @Test func envelopeLineIsKeptApart() {
        let message = parse("From sender@x.test Tue Oct  3 18:16:48 2000\r\nSubject: s\r\n\r\nb")
        #expect(message.header.envelope?.line == "From sender@x.test Tue Oct  3 18:16:48 2000")
        #expect(message.headerBlockRange == 45..<57)
        #expect(message.subject == "s")
    }

    @Test func rawSpansAreByteExact() {
        let bytes = crlf("Subject: a", " b", "X-PM-Tag: t", "To: x@y.test", "", "Body", "")
        let message = ParsedMessage.parse(bytes)
        #expect(message.headerBlockRange == 0..<43)
        #expect(message.bodyRange == 45..<51)
        let fields = message.header.fields
        #expect(fields.map { string(bytes[$0.range]) } == ["Subject: a\r\n b\r\n", "X-PM-Tag: t\r\n", "To: x@y.test\r\n"])
        #expect(string(fields[0].rawValue) == " a\r\n b")
        #expect(fields[0].unfoldedValue == "a b")
    }

    @Test func removingFieldsKeepsEveryOtherByte() {
        let bytes = crlf("X-PM-Message-Id: 1", "Subject: keep", "x-pm-tag: a", " folded", "To: x@y.test", "",
                         "X-PM-Tag: body text stays", "")
        let message = ParsedMessage.parse(bytes)
        let stripped = message.removingHeaderFields { $0.name.lowercased().hasPrefix("x-pm-") }
        #expect(string(stripped) == string(crlf("Subject: keep", "To: x@y.test", "", "X-PM-Tag: body text stays", "")))
        #expect(message.removingHeaderFields { _ in false } == bytes)
    }

    @Test func rawEightBitValuesAreReadAsUTF8() {
        let message = ParsedMessage.parse(Array("Subject: Grüße \u{1F44B}\r\n\r\n".utf8) + [])
        #expect(message.subject == "Grüße 👋")
        let latin1 = ParsedMessage.parse([0x53, 0x3A, 0x20, 0x61, 0xE9, 0x62, 0x0D, 0x0A, 0x0D, 0x0A])
        #expect(latin1.header["s"] == "a\u{FFFD}b")
    }

    @Test func leadingWhitespaceOfTheFirstLineOnly() {
        // As Python: "Subject:\r\n  foo  " keeps the folding whitespace (MessageBuilder never writes it).
        #expect(parse("Subject:\r\n  foo  \r\n\r\n").subject == "  foo  ")
        #expect(parse("Subject:   foo  \r\n\r\n").subject == "foo  ")
    }

    @Test func messageIDWithoutBrackets() {
        #expect(parse("Message-ID:  <abc.def@x.test> (comment)\r\n\r\n").messageID == "abc.def@x.test")
        #expect(parse("Message-ID: bare@x.test\r\n\r\n").messageID == "bare@x.test")
    }
}

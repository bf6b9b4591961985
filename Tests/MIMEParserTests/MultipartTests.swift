import MIMEParser
import Testing

@Suite("Multipart bodies (RFC 2046 §5.1)")
struct MultipartTests {
    /// The example of RFC 2046 §5.1.1.
    static let rfc2046Example = crlf(
        "From: Nathaniel Borenstein <nsb@bellcore.com>",
        "To: Ned Freed <ned@innosoft.com>",
        "Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)",
        "Subject: Sample message",
        "MIME-Version: 1.0",
        "Content-type: multipart/mixed; boundary=\"simple boundary\"",
        "",
        "This is the preamble.  It is to be ignored, though it",
        "is a handy place for composition agents to include an",
        "explanatory note to non-MIME conformant readers.",
        "",
        "--simple boundary",
        "",
        "This is implicitly typed plain US-ASCII text.",
        "It does NOT end with a linebreak.",
        "--simple boundary",
        "Content-type: text/plain; charset=us-ascii",
        "",
        "This is explicitly typed plain US-ASCII text.",
        "It DOES end with a linebreak.",
        "",
        "--simple boundary--",
        "",
        "This is the epilogue.  It is also to be ignored.",
        ""
    )

    @Test func rfc2046Example() throws {
        let message = ParsedMessage.parse(Self.rfc2046Example)
        guard case let .multipart(multipart) = message.root.content else {
            Issue.record("not a multipart")
            return
        }
        #expect(multipart.boundary == "simple boundary")
        #expect(multipart.isClosed)
        #expect(multipart.parts.map(\.text) == [
            "This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.",
            "This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n",
        ])
        #expect(multipart.parts.map(\.hasDeclaredContentType) == [false, true])
        #expect(string(message.source[multipart.preambleRange]).hasSuffix("non-MIME conformant readers.\r\n"))
        let epilogue = try #require(multipart.epilogueRange)
        #expect(string(message.source[epilogue]) == "\r\nThis is the epilogue.  It is also to be ignored.\r\n")
        #expect(message.allDefects.isEmpty)
        #expect(message.textBody == multipart.parts[0].text)
    }

    /// Shapes of malformed multiparts and what comes out (Python's email package agrees).
    @Test(arguments: [
        // (body after "Content-Type: multipart/mixed; boundary=b", part texts, defects)
        ("--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\n", ["one", "two"], [String]()),
        ("--b\n\none\n--b\n\ntwo\n--b--\n", ["one", "two"], []), // bare LF
        ("--b  \r\n\r\none\r\n--b\t\r\n\r\ntwo\r\n--b-- \r\n", ["one", "two"], []), // transport padding
        ("--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n", ["one", "two"], ["CloseBoundaryNotFoundDefect"]), // truncated
        ("--b\r\n--b\r\n\r\none\r\n--b--", ["one"], []), // repeated delimiters open no empty part
        ("--bx\r\n\r\nnot a delimiter\r\n--b--\r\n", [], ["StartBoundaryNotFoundDefect"]),
        ("no delimiter at all\r\n", [], ["StartBoundaryNotFoundDefect"]),
        ("--b\r\nContent-Type: text/plain\r\n--b--\r\n", [""], []), // part without blank line or body
        ("--b\r\n\r\n--b--", [""], []),
    ] as [(String, [String], [String])])
    func shapes(_ body: String, _ texts: [String], _ defects: [String]) {
        let message = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n" + body)
        #expect(message.root.parts.map(\.text) == texts)
        #expect(message.defectCodes == defects)
    }

    @Test func missingBoundaryParameter() {
        let message = parse("Content-Type: multipart/mixed\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n")
        #expect(message.defectCodes == ["NoBoundaryInMultipartDefect"])
        #expect(message.root.parts.isEmpty)
        #expect(string(message.root.rawBody) == "--b\r\n\r\nx\r\n--b--\r\n")
    }

    @Test func outerDelimiterEndsInnerMultipart() {
        // RFC 2046 §5.1.2: an enclosing boundary ends every nested entity.
        let message = parse(
            "Content-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\n"
            + "Content-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\n\r\ninner text\r\n"
            + "--outer\r\n\r\nsecond\r\n--outer--\r\n"
        )
        let outer = message.root.parts
        #expect(outer.count == 2)
        #expect(outer.first?.parts.map(\.text) == ["inner text"])
        #expect(outer.first?.defects.map(\.code.rawValue) == ["CloseBoundaryNotFoundDefect"])
        #expect(outer.last?.text == "second")
    }

    @Test func nestedEpilogueLosesTheDelimiterLineBreak() {
        let message = parse(
            "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n"
            + "Content-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\n\r\na\r\n--i--\r\nepi\r\n--o--"
        )
        guard case let .multipart(inner)? = message.root.parts.first?.content, let epilogue = inner.epilogueRange else {
            Issue.record("no inner multipart")
            return
        }
        #expect(string(message.source[epilogue]) == "epi")
    }

    @Test func digestPartsDefaultToMessage() {
        // RFC 2046 §5.1.5.
        let message = parse(
            "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: one\r\n\r\nfirst\r\n"
            + "--d\r\nContent-Type: text/plain\r\n\r\nplain\r\n--d--\r\n"
        )
        let parts = message.root.parts
        #expect(parts.map(\.contentType.mimeType) == ["message/rfc822", "text/plain"])
        #expect(parts.first?.message?.subject == "one")
        #expect(parts.first?.message?.root.text == "first")
    }

    @Test func embeddedMessageIsParsedInPlace() {
        let message = parse(
            "Content-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n"
            + "--r\r\n\r\nhuman\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; a.test\r\n\r\nFinal-Recipient: rfc822; x@y.test\r\nAction: failed\r\n"
            + "--r\r\nContent-Type: message/rfc822\r\n\r\nSubject: original\r\nTo: x@y.test\r\n\r\noriginal body\r\n--r--\r\n"
        )
        let parts = message.root.parts
        #expect(parts.count == 3)
        let original = parts[2].message
        #expect(original?.subject == "original")
        #expect(original?.to.addresses.map(\.address) == ["x@y.test"])
        #expect(original?.root.text == "original body")
        #expect(parts[1].fieldBlocks().map { $0.fields.map(\.name) } == [["Reporting-MTA"], ["Final-Recipient", "Action"]])
        // The bounce body is what a reader shows; the report parts are attachments.
        #expect(message.textBody == "human")
        #expect(message.attachments.map(\.contentType) == ["message/delivery-status", "message/rfc822"])
    }

    @Test func base64EmbeddedMessageIsDecodedFirst() {
        let inner = Base64EncodingForTests.encode(Array("Subject: inner\r\n\r\nhello\r\n".utf8))
        let message = parse(
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n\(inner)\r\n--b--\r\n"
        )
        let embedded = message.root.parts.first?.message
        #expect(embedded?.subject == "inner")
        #expect(embedded?.root.text == "hello\r\n")
        #expect(message.defectCodes == ["InvalidMultipartContentTransferEncodingDefect"])
    }
}

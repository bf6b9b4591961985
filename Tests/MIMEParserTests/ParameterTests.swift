import MIMEParser
import Testing

@Suite("Content-Type and Content-Disposition parameters (RFC 2045 §5.1, RFC 2231)")
struct ParameterTests {
    @Test(arguments: [
        ("text/plain", "text/plain", [String: String]()),
        ("TEXT/HTML; CHARSET=\"UTF-8\"", "text/html", ["charset": "UTF-8"]),
        ("text/plain; charset=us-ascii (Plain text)", "text/plain", ["charset": "us-ascii"]), // RFC 2045 §5.1 comment
        ("multipart/mixed; boundary=\"simple boundary\"", "multipart/mixed", ["boundary": "simple boundary"]),
        ("application/x-stuff; title=\"a \\\"quoted\\\" \\\\ value\"", "application/x-stuff", ["title": "a \"quoted\" \\ value"]),
        // RFC 2231 §3 continuations.
        ("message/external-body; access-type=URL; URL*0=\"ftp://\"; URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
         "message/external-body", ["access-type": "URL", "url": "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"]),
        // RFC 2231 §4 charset and language.
        ("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
         "application/x-stuff", ["title": "This is ***fun***"]),
        // RFC 2231 §4.1 mixing encoded and plain continuations.
        ("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"",
         "application/x-stuff", ["title": "This is even more ***fun*** isn't it!"]),
        // testing-peers §7 vectors.
        ("application/pdf; filename*0*=iso-8859-1'es'%D1and%FA; filename*1*=%20r%E1pido.pdf",
         "application/pdf", ["filename": "Ñandú rápido.pdf"]),
        // Continuations out of order are put in order (RFC 2231 §3).
        ("a/b; n*1=\"world\"; n*0=\"hello \"", "a/b", ["n": "hello world"]),
        // RFC 2047 words inside a quoted value (what clients send for non-ASCII names).
        ("image/png; name=\"=?utf-8?B?w6lsw6k=?=.png\"", "image/png", ["name": "élé.png"]),
        // Tolerated: unquoted values with spaces, missing values, empty items, junk.
        ("application/pdf; name=my file.pdf;; novalue; x=1", "application/pdf", ["name": "my file.pdf", "x": "1"]),
        ("application/pdf; name=report(1).pdf", "application/pdf", ["name": "report(1).pdf"]),
        ("text/plain; charset=\"unterminated", "text/plain", ["charset": "unterminated"]),
        ("text/plain charset=us-ascii", "text/plain", [:]), // missing ";": the junk word is ignored
    ] as [(String, String, [String: String])])
    func contentType(_ value: String, _ mimeType: String, _ parameters: [String: String]) throws {
        let type = try #require(ContentType.parse(value))
        #expect(type.mimeType == mimeType)
        #expect(Dictionary(uniqueKeysWithValues: type.parameters.pairs) == parameters)
    }

    @Test(arguments: ["", "text", "text/", "/plain", "te xt/plain", "text/plain/extra", "=?utf-8?q?x?=/y"])
    func invalidContentTypes(_ value: String) {
        #expect(ContentType.parse(value) == nil)
    }

    @Test func invalidContentTypeIsTextPlain() {
        // RFC 2045 §5.2.
        let message = parse("Content-Type: garbage\r\n\r\nx")
        #expect(message.root.contentType.mimeType == "text/plain")
        #expect(!message.root.hasDeclaredContentType)
        #expect(message.defectCodes == ["InvalidContentTypeDefect"])
    }

    @Test func languageIsKept() throws {
        let type = try #require(ContentType.parse("a/b; title*=us-ascii'en-us'x"))
        #expect(type.parameters.parameters.first?.language == "en-us")
    }

    @Test func extendedValueWinsOverPlain() throws {
        let type = try #require(ContentType.parse("a/b; name=\"fallback.txt\"; name*=utf-8''%E2%82%AC.txt"))
        #expect(type.parameters["name"] == "€.txt")
    }

    @Test(arguments: [
        ("attachment; filename*=utf-8''%E2%82%AC%20rates.pdf", "attachment", "€ rates.pdf"),
        ("INLINE; FILENAME=\"a b.png\"", "inline", "a b.png"),
        ("attachment; filename=\"=?iso-8859-1?Q?caf=E9.txt?=\"", "attachment", "café.txt"),
        ("attachment", "attachment", nil),
    ] as [(String, String, String?)])
    func disposition(_ value: String, _ type: String, _ filename: String?) {
        let disposition = ContentDisposition.parse(value)
        #expect(disposition.type == type)
        #expect(disposition.filename == filename)
    }

    @Test func filenameFallsBackToName() {
        let message = parse(
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: application/pdf; name=\" spaced.pdf \"\r\n\r\nx\r\n--b\r\n"
            + "Content-Type: application/pdf; name=\"n.pdf\"\r\nContent-Disposition: attachment; filename=\"f.pdf\"\r\n\r\nx\r\n--b--\r\n"
        )
        #expect(message.root.parts.map(\.filename) == ["spaced.pdf", "f.pdf"])
    }

    @Test func contentIDWithoutBrackets() {
        let message = parse("Content-ID: <logo.1@x.test>\r\n\r\nx")
        #expect(message.root.contentID == "logo.1@x.test")
    }
}

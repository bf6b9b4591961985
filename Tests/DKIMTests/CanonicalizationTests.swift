import Testing

@testable import DKIM

/// RFC 6376 §3.4 canonicalization, case by case.
@Suite("Canonicalization")
struct CanonicalizationTests {
    private func relaxedHeaders(_ text: String) -> [String] {
        MessageHeader(parsing: text.bytes).fields.map { String(decoding: Canonicalization.relaxedHeader($0), as: UTF8.self) }
    }

    private func simpleHeaders(_ text: String) -> [String] {
        MessageHeader(parsing: text.bytes).fields.map { String(decoding: Canonicalization.simpleHeader($0), as: UTF8.self) }
    }

    private func body(_ text: String, _ algorithm: DKIMCanonicalization.Algorithm) -> String {
        let header = MessageHeader(parsing: ("X: y\r\n\r\n" + text).bytes)
        return String(decoding: Canonicalization.body(header.body, algorithm), as: UTF8.self)
    }

    // MARK: Header, relaxed (§3.4.2)

    @Test("relaxed header: RFC 6376 §3.4.5 example")
    func relaxedHeaderRFCExample() {
        // §3.4.5: "A: <SP> X <CRLF> B <SP> : <SP> Y <HTAB><CRLF> <HTAB> Z <SP><SP><CRLF>"
        let fields = relaxedHeaders("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n")
        #expect(fields == ["a:X\r\n", "b:Y Z\r\n"])
    }

    @Test(
        "relaxed header cases",
        arguments: [
            ("Subject: Hello   World\r\n", "subject:Hello World\r\n"),  // WSP run → one SP
            ("SUBJECT:\tHello\t \tWorld \t\r\n", "subject:Hello World\r\n"),  // name case, tabs, trailing WSP
            ("Subject:Hello\r\n", "subject:Hello\r\n"),  // no space after the colon
            ("Subject: \r\n", "subject:\r\n"),  // only WSP in the value
            ("Subject:\r\n", "subject:\r\n"),  // empty value
            ("To: a@example.test,\r\n  b@example.test,\r\n\tc@example.test\r\n", "to:a@example.test, b@example.test, c@example.test\r\n"),
            ("Subject: =?UTF-8?B?w6lsw6h2ZQ==?=\r\n", "subject:=?UTF-8?B?w6lsw6h2ZQ==?=\r\n"),
            ("Subject: caf\u{E9}  cr\u{E8}me\r\n", "subject:caf\u{E9} cr\u{E8}me\r\n"),  // 8-bit value bytes untouched
            ("X-Folded:\r\n value\r\n", "x-folded:value\r\n"),  // value starts on the continuation line
        ]
    )
    func relaxedHeader(input: String, expected: String) {
        #expect(relaxedHeaders(input + "\r\n") == [expected])
    }

    // MARK: Header, simple (§3.4.1)

    @Test("simple header keeps case, WSP and folding")
    func simpleHeader() {
        let input = "SUBJECT :  Hello\t\r\n   folded  \r\nTo: x\r\n\r\nbody\r\n"
        #expect(simpleHeaders(input) == ["SUBJECT :  Hello\t\r\n   folded  \r\n", "To: x\r\n"])
    }

    // MARK: Parsing

    @Test("header parsing: names, folding, duplicates, body start")
    func parsing() {
        let message = MessageHeader(parsing: "Received: a\r\n b\r\nreceived: c\r\nSubject : s\r\n\r\n\r\nbody\r\n".bytes)
        #expect(message.fields.count == 3)
        #expect(message.fields.map { $0.name.map { String(decoding: $0, as: UTF8.self) } } == ["Received", "received", "Subject"])
        #expect(message.fields[0].lines.count == 2)
        #expect(message.fields.filter { $0.hasName("received".bytes) }.count == 2)
        #expect(message.fields[2].hasName("subject".bytes))
        #expect(String(decoding: message.body, as: UTF8.self) == "\r\nbody\r\n")
    }

    @Test("bare LF is a line end in header and body")
    func bareLF() {
        let lf = MessageHeader(parsing: "From: a\nSubject: x\n y\n\nHi.\n\n".bytes)
        let crlf = MessageHeader(parsing: "From: a\r\nSubject: x\r\n y\r\n\r\nHi.\r\n\r\n".bytes)
        #expect(lf.fields.map(Canonicalization.simpleHeader) == crlf.fields.map(Canonicalization.simpleHeader))
        for algorithm in DKIMCanonicalization.Algorithm.allCases {
            #expect(Canonicalization.body(lf.body, algorithm) == Canonicalization.body(crlf.body, algorithm))
        }
    }

    @Test("a message without a blank line has only header fields")
    func headerOnly() {
        let message = MessageHeader(parsing: "From: a\r\nTo: b\r\n".bytes)
        #expect(message.fields.count == 2)
        #expect(message.body.isEmpty)
        #expect(Canonicalization.body(message.body, .simple) == "\r\n".bytes)
        #expect(Canonicalization.body(message.body, .relaxed) == [])
    }

    // MARK: Body (§3.4.3, §3.4.4)

    @Test(
        "relaxed body cases",
        arguments: [
            ("", ""),  // empty body hashes as nothing
            ("\r\n", ""),
            ("\r\n\r\n\r\n", ""),  // only empty lines
            ("  \t \r\n\r\n", ""),  // whitespace-only lines become empty, then are dropped
            ("Hi.", "Hi.\r\n"),  // missing final CRLF added
            ("Hi.\r\n\r\n\r\n", "Hi.\r\n"),  // trailing empty lines removed
            ("a  b\t\tc \t\r\n", "a b c\r\n"),  // WSP runs, trailing WSP
            ("  indented\r\n", " indented\r\n"),  // leading WSP kept as one SP
            ("a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),  // inner empty lines kept
            ("a\r\n \r\nb\r\n", "a\r\n\r\nb\r\n"),  // inner WSP-only line becomes empty but is kept
            ("a\r\n \t\r\n  \r\n", "a\r\n"),  // trailing WSP-only lines dropped
        ]
    )
    func relaxedBody(input: String, expected: String) {
        #expect(body(input, .relaxed) == expected)
    }

    @Test(
        "simple body cases",
        arguments: [
            ("", "\r\n"),  // empty body is one CRLF
            ("\r\n\r\n", "\r\n"),
            ("Hi.", "Hi.\r\n"),
            ("Hi.\r\n\r\n\r\n", "Hi.\r\n"),
            ("a  b\t \r\n", "a  b\t \r\n"),  // WSP untouched
            ("a\r\n \r\n", "a\r\n \r\n"),  // a WSP line is not empty in simple
        ]
    )
    func simpleBody(input: String, expected: String) {
        #expect(body(input, .simple) == expected)
    }

    @Test("RFC 8463 body: relaxed form and hash match the vector")
    func rfc8463Body() throws {
        let message = MessageHeader(parsing: try Fixtures.bytes("rfc8463-unsigned.eml"))
        #expect(Canonicalization.body(message.body, .relaxed) == (try Fixtures.bytes("rfc8463-body.relaxed.bin")))
    }

    @Test("a long line is not wrapped or truncated")
    func longLine() {
        let line = String(repeating: "x", count: 5000)
        #expect(body(line + "\r\n", .relaxed) == line + "\r\n")
        #expect(body(line, .simple) == line + "\r\n")
    }
}

import MIMEParser
import Testing

@Suite("RFC 2047 encoded-words")
struct EncodedWordDecoderTests {
    /// RFC 2047 §8 examples, the MIME oracle vectors of testing-peers §7, and edge cases
    /// checked against Python's email package (policy=default).
    @Test(arguments: [
        ("=?ISO-8859-1?Q?a?=", "a"),
        ("=?ISO-8859-1?Q?a?= b", "a b"),
        ("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab"), // §6.2: whitespace between words dropped
        ("=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=", "ab"),
        ("=?ISO-8859-1?Q?a?=\t =?ISO-8859-1?Q?b?=", "ab"),
        ("=?ISO-8859-1?Q?a_b?=", "a b"),
        ("=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b"),
        ("=?iso-8859-1?B?4Q==?= =?utf-8?B?w6k=?= plain", "áé plain"),
        ("=?US-ASCII?Q?Keith_Moore?=", "Keith Moore"),
        ("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld Jørn Simonsen"),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
        ("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
         "If you can read this you understand the example."),
        ("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore"), // RFC 2231 §5 language
        ("=?utf-8?q?=c3=a9t=C3=A9?=", "été"), // lowercase hex
        ("=?utf-8?b?w6k?=", "é"), // missing padding
        ("=?windows-1252?Q?=80_5?=", "€ 5"),
        ("=?iso-8859-15?Q?=A4?=", "€"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("plain text", "plain text"),
        ("a  b\t c ", "a  b\t c "), // other whitespace kept exactly
        ("pre=?utf-8?q?x?=post", "prexpost"), // glued to text (Python decodes it)
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="), // unknown encoding stays literal
        ("=?utf-8?q?a?b?=", "=?utf-8?q?a?b?="), // too many "?"
        ("=?utf-8?q?unterminated", "=?utf-8?q?unterminated"),
        ("=?unknown-charset?q?caf=C3=A9?=", "café"), // unknown charset: raw bytes read as UTF-8
        ("=?utf-8?q?=E2=82?= =?utf-8?q?=AC?=", "€"), // a character split across words
        ("=?utf-8?q?bad=FF?=", "bad\u{FFFD}"),
        ("=?utf-8?q?hello world?=", "hello world"), // whitespace inside a word is tolerated
    ])
    func decodes(_ input: String, _ expected: String) {
        #expect(EncodedWordDecoder.decode(input) == expected)
    }

    @Test func subjectIsUnfoldedThenDecoded() {
        let message = ParsedMessage.parse(crlf(
            "Subject: =?ISO-8859-1?Q?a?=", "    =?ISO-8859-1?Q?b?= and", "\tmore", "", "body"
        ))
        #expect(message.subject == "ab and\tmore")
    }

    @Test func manyUnterminatedWordsStayLinear() {
        let value = String(repeating: "=?a?q? ", count: 20_000) + "?="
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = EncodedWordDecoder.decode(value) }
        #expect(elapsed < .seconds(5))
    }
}

import MIMEParser
import Testing

@Suite("Content-Transfer-Encoding decoding")
struct TransferDecodingTests {
    /// RFC 2045 §6.7 rules and the tolerances of Python's binascii.a2b_qp.
    @Test(arguments: [
        ("=48=65llo", "Hello"), // rule 1
        ("=c3=a9", "é"), // lowercase hex accepted (§6.7 note)
        ("soft=\r\nbreak", "softbreak"), // rule 5
        ("soft=\nbreak", "softbreak"), // bare LF
        ("soft= \t\r\nbreak", "softbreak"), // whitespace after "=" added in transport
        ("line1\r\nline2\r\n", "line1\r\nline2\r\n"), // hard breaks kept
        ("trailing  \r\n", "trailing  \r\n"), // trailing whitespace kept (as Python)
        ("a==b", "a=b"),
        ("=ZZ", "=ZZ"), // not hex: literal
        ("=4", "=4"),
        ("end=", "end"), // final "=" dropped
        ("tab\there", "tab\there"),
    ])
    func quotedPrintable(_ input: String, _ expected: String) {
        #expect(string(QuotedPrintableDecoder.decode(Array(input.utf8))) == expected)
    }

    /// RFC 2045 §6.8 / RFC 4648 §4, tolerant as Python's binascii.a2b_base64.
    @Test(arguments: [
        ("SGVsbG8=", "Hello"),
        ("SGVs\r\nbG8=\r\n", "Hello"), // line breaks ignored
        ("SGV sbG8 =", "Hello"), // spaces ignored
        ("SGVsbG8", "Hello"), // missing padding
        ("SGVsbA", "Hell"),
        ("SGVsbG8=junk!!", "Hello"), // data after the padding ignored
        ("SG*Vs!bG8=", "Hello"), // characters outside the alphabet skipped
        ("QUJDRA", "ABCD"),
        ("Q", ""), // a lone character is not an octet
        ("", ""),
    ])
    func base64(_ input: String, _ expected: String) {
        #expect(string(Base64Decoder.decode(Array(input.utf8))) == expected)
    }

    @Test func base64Report() {
        #expect(Base64Decoder.decodeReporting(Array("SGVsbG8=".utf8)).report.isClean)
        let missing = Base64Decoder.decodeReporting(Array("SGVsbG8".utf8)).report
        #expect(missing.missingPadding && !missing.droppedTrailingBits)
        #expect(Base64Decoder.decodeReporting(Array("SGVsbG8=Zm9v".utf8)).report.ignoredDataAfterPadding)
        #expect(Base64Decoder.decodeReporting(Array("S*GVs".utf8)).report.skippedCharacters)
    }

    @Test func everyByteValueSurvivesBase64() {
        let all = (0..<512).map { UInt8($0 % 256) }
        let encoded = Array(Base64EncodingForTests.encode(all).utf8)
        #expect(Base64Decoder.decode(encoded) == all)
    }

    @Test(arguments: [
        (nil, TransferEncoding.sevenBit), ("7bit", .sevenBit), (" 8BIT ", .eightBit), ("binary", .binary),
        ("Quoted-Printable", .quotedPrintable), ("base64 (comment)", .base64), ("x-uuencode", .other("x-uuencode")),
    ] as [(String?, TransferEncoding)])
    func encodingNames(_ value: String?, _ expected: TransferEncoding) {
        #expect(TransferEncoding(value) == expected)
    }

    @Test func partBodiesAreDecoded() {
        let message = ParsedMessage.parse(crlf(
            "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Transfer-Encoding: base64", "", "SGVs", "bG8=",
            "--b", "Content-Transfer-Encoding: quoted-printable", "", "caf=C3=A9=", "!",
            "--b", "Content-Transfer-Encoding: 8bit", "", "raw ü",
            "--b--", ""
        ))
        let parts = message.root.parts
        #expect(parts.map { string($0.decodedBody) } == ["Hello", "café!", "raw ü"])
        #expect(parts.map(\.text) == ["Hello", "café!", "raw ü"])
    }
}

/// Standard base64 for test inputs (RFC 4648 §4), written independently of MIMEParser.
enum Base64EncodingForTests {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for j in 0..<4 {
                out.append(j <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(j)) & 0x3F)] : "=")
            }
            if i / 3 % 19 == 18 { out += "\r\n" }
            i += 3
        }
        return out
    }
}

import MIMEParser
import Testing

@Suite("Charset decoding of text parts")
struct CharsetTests {
    @Test(arguments: [
        ("utf-8", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),
        ("UTF8", [0xE2, 0x82, 0xAC], "€"),
        ("utf-8", [0x61, 0xFF, 0x62, 0xE2, 0x82], "a\u{FFFD}b\u{FFFD}"), // maximal subparts replaced
        ("us-ascii", [0x61, 0x62], "ab"),
        ("us-ascii", [0xC3, 0xA9], "é"), // 8-bit text labelled ASCII is read as UTF-8
        ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café"),
        ("latin1", [0xFF], "ÿ"),
        ("windows-1252", [0x80, 0x93, 0x94, 0x99], "€“”™"),
        ("cp1252", [0x81], "\u{FFFD}"), // undefined in windows-1252
        ("iso-8859-2", [0xA3, 0xF3, 0x64, 0xBC], "Łódź"),
        ("iso-8859-15", [0xA4], "€"),
        ("iso-8859-7", [0xE1, 0xE2, 0xE3], "αβγ"),
        ("windows-1251", [0xCF, 0xF0, 0xE8], "При"),
        ("koi8-r", [0xF0, 0xD2, 0xC9], "При"),
        ("shift_jis", [0x82, 0xA0], "あ"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "あ"),
        ("gb2312", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("big5", [0xA7, 0x41], "你"),
        ("euc-kr", [0xC7, 0xD1], "한"),
    ] as [(String, [UInt8], String)])
    func decodes(_ charset: String, _ bytes: [UInt8], _ expected: String) {
        let result = CharsetDecoder.decode(bytes, charset: charset)
        #expect(result.text == expected)
        #expect(result.recognized)
    }

    @Test func unknownCharsetIsLossyUTF8() {
        let result = CharsetDecoder.decode([0x63, 0xC3, 0xA9, 0xFF], charset: "x-unknown")
        #expect(result.text == "cé\u{FFFD}")
        #expect(!result.recognized)
        #expect(!CharsetDecoder.isSupported("x-unknown"))
        #expect(CharsetDecoder.isSupported("ISO_8859-1"))
    }

    @Test func partCharsetIsApplied() {
        let message = ParsedMessage.parse(
            Array("Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8) + [0xE9]
        )
        #expect(message.textBody == "é")
    }
}

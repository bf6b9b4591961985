import Foundation
import MIME
import MailCore
import Testing

@Suite("MessageBuilder encoding")
struct MessageBuilderEncodingTests {
    /// Every line ends in CRLF, no bare CR or LF, no line over 998 octets, ends with CRLF.
    static func checkWireRules(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bytes.suffix(2) == [0x0D, 0x0A], sourceLocation: sourceLocation)
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)", sourceLocation: sourceLocation)
                lineLength = 0
                index += 2
                continue
            }
            #expect(bytes[index] != 0x0A, "bare LF at \(index)", sourceLocation: sourceLocation)
            lineLength += 1
            #expect(lineLength <= 998, sourceLocation: sourceLocation)
            if lineLength > 998 { return }
            index += 1
        }
    }

    @Test func longSingleLineBodyIsQuotedPrintable() {
        let body = String(repeating: "0123456789", count: 500) // 5,000 characters, one line
        let bytes = build(sampleDraft(text: body, html: "<p>" + body + "</p>"))
        Self.checkWireRules(bytes)
        let message = RawMessage(bytes)
        #expect(message.text.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(message.lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func lineEndingsAreNormalised() {
        let message = RawMessage(build(sampleDraft(text: "unix\nmac\rwindows\r\nend")))
        #expect(message.value("Content-Transfer-Encoding") == "7bit")
        #expect(message.body == "unix\r\nmac\r\nwindows\r\nend\r\n")
    }

    @Test(arguments: [
        ("plain ascii", "7bit"),
        ("ascii with trailing space ", "7bit"),
        ("non-ascii é", "quoted-printable"),
        ("nul \u{0}", "quoted-printable"),
        (String(repeating: "a", count: 998), "7bit"),
        (String(repeating: "a", count: 999), "quoted-printable"),
    ])
    func transferEncodingChoice(text: String, expected: String) {
        #expect(RawMessage(build(sampleDraft(text: text))).value("Content-Transfer-Encoding") == expected)
    }

    @Test func quotedPrintableBodyDecodesToNormalisedText() {
        let text = "Grüße\nline two =\tend \n" + String(repeating: "é", count: 100)
        let message = RawMessage(build(sampleDraft(text: nil, html: text, attachments: [
            Attachment(name: "a", contentType: "application/octet-stream", content: [0]),
        ])))
        let type = message.value("Content-Type") ?? ""
        let parts = multipartParts(message.body, boundary: boundary(of: type) ?? "")
        #expect(parts.first?.value("Content-Transfer-Encoding") == "quoted-printable")
        let decoded = decodeQuotedPrintable(Array((parts.first?.body ?? "").utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func everyVariantObeysWireRules() {
        let all = Attachment(name: "all.bin", contentType: "application/octet-stream", content: (0...255).map(UInt8.init))
        let inline = Attachment(name: "i.png", contentType: "image/png", content: [1, 2, 3], contentID: "i@x")
        let variants: [MessageDraft] = [
            sampleDraft(),
            sampleDraft(text: nil, html: "<p>x</p>"),
            sampleDraft(text: "a\nb\r", html: "é\r\n", attachments: [all, inline]),
            sampleDraft(subject: String(repeating: "ü ", count: 300), text: nil),
            sampleDraft(text: String(repeating: "x", count: 5000) + "\n" + String(repeating: "y ", count: 3000)),
        ]
        for draft in variants { Self.checkWireRules(build(draft)) }
    }

    @Test func boundariesAreRandomPerMessage() {
        let draft = sampleDraft(text: "a", html: "b")
        let first = RawMessage(MessageBuilder.build(draft)).value("Content-Type")
        let second = RawMessage(MessageBuilder.build(draft)).value("Content-Type")
        #expect(first != second)
        #expect(build(draft, seed: 1) == build(draft, seed: 1))
        #expect(build(draft, seed: 1) != build(draft, seed: 2))
    }

    @Test func boundaryNeverAppearsInContent() throws {
        // A body that contains the boundary the seeded generator will draw first: the builder
        // must notice and draw another token.
        let draft = sampleDraft(text: "a", html: "b")
        let type = try #require(RawMessage(build(draft, seed: 9)).value("Content-Type"))
        let first = try #require(boundary(of: type))
        let hostile = sampleDraft(text: "--" + first + "\r\n--" + first + "--", html: "b")
        let message = RawMessage(build(hostile, seed: 9))
        let chosen = try #require(boundary(of: message.value("Content-Type") ?? ""))
        #expect(chosen != first)
        #expect(multipartParts(message.body, boundary: chosen).count == 2)
    }
}

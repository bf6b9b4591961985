import Foundation
import MIME
import MailCore
import Testing

@Suite("MessageBuilder structure")
struct MessageBuilderStructureTests {
    @Test func textOnlyHeadersInOrder() {
        let message = RawMessage(build(sampleDraft()))
        #expect(message.headerBlock == """
            Date: Sun, 29 Nov 2026 03:04:05 +0000\r
            From: Sender <sender@example.test>\r
            To: to@example.test\r
            Subject: Hello\r
            Message-ID: <abc123@postage.example>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 7bit
            """)
        #expect(message.body == "Hi there\r\n")
    }

    @Test func allAddressFieldsInOrder() {
        var draft = sampleDraft()
        draft.replyTo = [EmailAddress(address: "reply@example.test")]
        draft.cc = [EmailAddress(displayName: "Doe, Jane", address: "jane@example.test")]
        draft.to = []
        draft.subject = nil
        let message = RawMessage(build(draft))
        #expect(message.headerNames == [
            "Date", "From", "Reply-To", "Cc", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        ])
        #expect(message.value("Cc") == "\"Doe, Jane\" <jane@example.test>")
    }

    @Test func htmlOnly() {
        let message = RawMessage(build(sampleDraft(text: nil, html: "<p>Hi</p>")))
        #expect(message.value("Content-Type") == "text/html; charset=utf-8")
        #expect(message.body == "<p>Hi</p>\r\n")
    }

    @Test func textAndHtmlMakeAlternativeTextFirst() throws {
        let message = RawMessage(build(sampleDraft(text: "plain", html: "<b>rich</b>")))
        let contentType = try #require(message.value("Content-Type"))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\"=_postage_"))
        #expect(message.value("Content-Transfer-Encoding") == nil)
        let parts = multipartParts(message.body, boundary: try #require(boundary(of: contentType)))
        #expect(parts.map { $0.value("Content-Type") } == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        #expect(parts.map(\.body) == ["plain", "<b>rich</b>"])
    }

    static let png = Attachment(name: "logo.png", contentType: "image/png", content: [0x89, 0x50, 0x4E, 0x47], contentID: "logo@x")
    static let pdf = Attachment(name: "doc.pdf", contentType: "application/pdf", content: Array("%PDF".utf8))

    @Test func inlineAndAttachmentNesting() throws {
        let draft = sampleDraft(text: "t", html: "<img src=\"cid:logo@x\">", attachments: [Self.pdf, Self.png])
        let message = RawMessage(build(draft))
        let mixedType = try #require(message.value("Content-Type"))
        #expect(mixedType.hasPrefix("multipart/mixed;"))
        let mixed = multipartParts(message.body, boundary: try #require(boundary(of: mixedType)))
        #expect(mixed.count == 2)
        let relatedType = try #require(mixed[0].value("Content-Type"))
        #expect(relatedType.hasPrefix("multipart/related;"))
        #expect(mixed[1].value("Content-Disposition") == "attachment; filename=\"doc.pdf\"")
        #expect(mixed[1].value("Content-Type") == "application/pdf; name=\"doc.pdf\"")
        #expect(mixed[1].value("Content-Transfer-Encoding") == "base64")
        #expect(mixed[1].body == "JVBERg==")

        let related = multipartParts(mixed[0].body, boundary: try #require(boundary(of: relatedType)))
        #expect(related.count == 2)
        #expect(related[0].value("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        #expect(related[1].value("Content-ID") == "<logo@x>")
        #expect(related[1].value("Content-Disposition") == "inline; filename=\"logo.png\"")

        // RFC 2046 §5.1.2: every nesting level has its own boundary, all sharing "=_".
        let boundaries = [mixedType, relatedType, related[0].value("Content-Type") ?? ""].compactMap(boundary(of:))
        #expect(Set(boundaries).count == 3)
        #expect(boundaries.allSatisfy { $0.hasPrefix("=_postage_") && $0.count <= 70 })
    }

    @Test func inlineWithoutHtmlGoesToMixed() throws {
        let message = RawMessage(build(sampleDraft(text: "t", html: nil, attachments: [Self.png])))
        let type = try #require(message.value("Content-Type"))
        #expect(type.hasPrefix("multipart/mixed;"))
        let parts = multipartParts(message.body, boundary: try #require(boundary(of: type)))
        #expect(parts.count == 2)
        #expect(parts[1].value("Content-Disposition") == "inline; filename=\"logo.png\"")
        #expect(parts[1].value("Content-ID") == "<logo@x>")
    }

    @Test func htmlWithInlineOnlyIsRelated() throws {
        let message = RawMessage(build(sampleDraft(text: nil, html: "<img>", attachments: [Self.png])))
        let type = try #require(message.value("Content-Type"))
        #expect(type.hasPrefix("multipart/related;"))
        let parts = multipartParts(message.body, boundary: try #require(boundary(of: type)))
        #expect(parts.map { $0.value("Content-Type") } == ["text/html; charset=utf-8", "image/png; name=\"logo.png\""])
    }

    @Test func attachmentsWithoutBody() throws {
        let message = RawMessage(build(sampleDraft(text: nil, attachments: [Self.pdf])))
        let type = try #require(message.value("Content-Type"))
        #expect(type.hasPrefix("multipart/mixed;"))
        let parts = multipartParts(message.body, boundary: try #require(boundary(of: type)))
        #expect(parts.count == 1)
        #expect(parts[0].value("Content-Type") == "application/pdf; name=\"doc.pdf\"")
    }

    @Test func nothingAtAllIsAnEmptyTextPart() {
        let message = RawMessage(build(sampleDraft(text: nil)))
        #expect(message.value("Content-Type") == "text/plain; charset=utf-8")
        #expect(message.body == "")
        #expect(message.text.hasSuffix("\r\n\r\n"))
    }

    @Test func contentIDForms() throws {
        for id in ["cid:logo@x", "<logo@x>", " CID:<logo@x> "] {
            var png = Self.png
            png.contentID = id
            let message = RawMessage(build(sampleDraft(text: nil, html: "<img>", attachments: [png])))
            #expect(message.text.contains("Content-ID: <logo@x>\r\n"))
        }
        var broken = Self.png
        broken.contentID = "has space"
        let message = RawMessage(build(sampleDraft(text: nil, html: "<img>", attachments: [broken])))
        #expect(!message.text.contains("Content-ID"))
        #expect(message.value("Content-Type")?.hasPrefix("multipart/mixed;") == true)
    }

    @Test(arguments: [
        ("image/PNG", "image/png; name=\"f\""),
        ("text/plain; charset=iso-8859-1", "text/plain; charset=iso-8859-1; name=\"f\""),
        ("text/plain; name=\"evil\"; format=flowed", "text/plain; format=flowed; name=\"f\""),
        ("not a type", "application/octet-stream; name=\"f\""),
        ("", "application/octet-stream; name=\"f\""),
        ("message/rfc822", "application/octet-stream; name=\"f\""),
        ("multipart/mixed; boundary=x", "application/octet-stream; name=\"f\""),
        ("image/png\r\nBcc: x@x.test", "application/octet-stream; name=\"f\""),
    ])
    func attachmentContentTypes(given: String, expected: String) throws {
        let attachment = Attachment(name: "f", contentType: given, content: [1])
        let message = RawMessage(build(sampleDraft(attachments: [attachment])))
        let type = try #require(message.value("Content-Type"))
        let parts = multipartParts(message.body, boundary: try #require(boundary(of: type)))
        #expect(parts.last?.value("Content-Type") == expected)
    }
}

import MIME
import MIMEParser
import Testing

@Suite("textBody, htmlBody, attachments (Python get_body semantics)")
struct BodySelectionTests {
    static func multipart(_ type: String, _ parts: [String], boundary: String = "b") -> String {
        "Content-Type: \(type); boundary=\(boundary)\r\n\r\n"
            + parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n"
    }

    static let plain = "Content-Type: text/plain\r\n\r\nplain"
    static let html = "Content-Type: text/html\r\n\r\n<p>html</p>"
    static let pdf = "Content-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment\r\n\r\nPDF"

    @Test func mixedAlternative() {
        let message = parse(Self.multipart("multipart/mixed", [
            Self.multipart("multipart/alternative", [Self.plain, Self.html], boundary: "alt").dropLast(1).description,
            Self.pdf,
        ]))
        #expect(message.textBody == "plain")
        #expect(message.htmlBody == "<p>html</p>")
        #expect(message.attachments.map(\.name) == ["a.pdf"])
        #expect(message.attachments.first?.content == Array("PDF".utf8))
        #expect(message.attachments.first?.disposition == "attachment")
    }

    @Test func attachmentDispositionIsNeverABody() {
        let message = parse(Self.multipart("multipart/mixed", [
            "Content-Type: text/plain\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nnotes", Self.plain,
        ]))
        #expect(message.textBody == "plain")
        #expect(message.attachments.map(\.name) == ["notes.txt"])
    }

    @Test func inlineTextWithFilenameCanBeTheBody() {
        // Python's is_attachment only looks at the disposition type.
        let message = parse(Self.multipart("multipart/mixed", [
            "Content-Type: text/plain\r\nContent-Disposition: inline; filename=a.txt\r\n\r\ninline text",
        ]))
        #expect(message.textBody == "inline text")
        #expect(message.attachments.isEmpty)
    }

    @Test func relatedUsesItsRootOnly() {
        // RFC 2387 §3.2: the start parameter names the root.
        let message = parse(Self.multipart("multipart/related; start=\"<root@x>\"", [
            "Content-Type: text/plain\r\n\r\nnot the root",
            "Content-Type: text/html\r\nContent-ID: <root@x>\r\n\r\n<p>root</p>",
            "Content-Type: image/png\r\nContent-ID: <img@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBO",
        ]))
        #expect(message.htmlBody == "<p>root</p>")
        #expect(message.textBody == nil)
        #expect(message.attachments.map(\.contentType) == ["text/plain", "image/png"])
        #expect(message.attachments.last?.contentID == "img@x")
        #expect(message.attachments.last?.content == [0x89, 0x50, 0x4E])
    }

    @Test func embeddedMessagesAreNotSearched() {
        let message = parse(Self.multipart("multipart/mixed", [
            "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner text",
        ]))
        #expect(message.textBody == nil)
        #expect(message.attachments.map(\.contentType) == ["message/rfc822"])
        #expect(message.attachments.first?.part.message?.textBody == "inner text")
    }

    @Test func singlePartMessages() {
        #expect(parse("Subject: x\r\n\r\nhello\r\n").textBody == "hello\r\n")
        #expect(parse("Content-Type: text/html; charset=utf-8\r\n\r\n<b>é</b>").htmlBody == "<b>é</b>")
        let attached = parse("Content-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\nx")
        #expect(attached.textBody == nil)
        #expect(attached.attachments.count == 1)
    }
}

extension BodySelectionTests {
    @Test func attachmentConvertsForTheBuilder() {
        let message = parse(Self.multipart("multipart/mixed", [Self.plain, Self.pdf]))
        let attachment = message.attachments.first?.mimeAttachment
        #expect(attachment == Attachment(name: "a.pdf", contentType: "application/pdf", content: Array("PDF".utf8)))
    }
}

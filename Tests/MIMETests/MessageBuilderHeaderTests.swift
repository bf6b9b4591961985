import Foundation
import MIME
import MailCore
import Testing

@Suite("MessageBuilder headers")
struct MessageBuilderHeaderTests {
    @Test(arguments: [
        "From", "to", "CC", "Bcc", "subject", "Date", "Reply-To", "Sender", "Return-Path", "MIME-Version",
        "content-type", "Content-Transfer-Encoding", "DKIM-Signature", "Received", "X-PM-Tag", "x-pm-anything",
        "Content-Disposition", "content-id",
    ])
    func reservedNames(name: String) {
        #expect(MessageBuilder.isReservedHeader(name))
    }

    @Test(arguments: ["Message-ID", "X-Custom", "List-Unsubscribe", "X-PMX", "In-Reply-To", "References", "X-Mailer"])
    func unreservedNames(name: String) {
        #expect(!MessageBuilder.isReservedHeader(name))
    }

    @Test func reservedCustomHeadersAreDroppedAndNoBcc() {
        let message = RawMessage(build(sampleDraft(headers: [
            MessageHeader(name: "Bcc", value: "hidden@example.test"),
            MessageHeader(name: "X-PM-Tag", value: "spoofed"),
            MessageHeader(name: "content-type", value: "text/evil"),
            MessageHeader(name: "From", value: "spoof@example.test"),
            MessageHeader(name: "X-Custom", value: "kept"),
        ])))
        #expect(message.values("Bcc").isEmpty)
        #expect(message.values("X-PM-Tag").isEmpty)
        #expect(message.values("Content-Type") == ["text/plain; charset=utf-8"])
        #expect(message.values("From") == ["Sender <sender@example.test>"])
        #expect(message.value("X-Custom") == "kept")
        #expect(!message.text.contains("hidden@example.test"))
    }

    @Test func customThenTraceHeadersBeforeContentType() {
        var draft = sampleDraft(headers: [MessageHeader(name: "X-A", value: "1"), MessageHeader(name: "X-B", value: "2")])
        draft.extraTraceHeaders = [MessageHeader(name: "X-PM-Message-Id", value: "uuid-1"), MessageHeader(name: "X-PM-Tag", value: "t")]
        let names = RawMessage(build(draft)).headerNames
        #expect(Array(names.suffix(7)) == [
            "MIME-Version", "X-A", "X-B", "X-PM-Message-Id", "X-PM-Tag", "Content-Type", "Content-Transfer-Encoding",
        ])
    }

    @Test func messageIDOverrideKeepsClientValue() {
        let message = RawMessage(build(sampleDraft(headers: [MessageHeader(name: "message-id", value: "<client-id@their.example>")])))
        #expect(message.values("Message-ID") == ["<client-id@their.example>"])
        #expect(message.headerNames.filter { $0.lowercased() == "message-id" } == ["Message-ID"])
        #expect(message.headerNames.firstIndex(of: "Message-ID") == message.headerNames.firstIndex(of: "Subject").map { $0 + 1 })
    }

    @Test func generatedMessageID() {
        var draft = sampleDraft()
        draft.messageID = "<already-bracketed@postage.example>"
        #expect(RawMessage(build(draft)).value("Message-ID") == "<already-bracketed@postage.example>")
    }

    @Test func headersWithLineBreaksOrBadNamesAreDropped() {
        let message = RawMessage(build(sampleDraft(headers: [
            MessageHeader(name: "X-Evil", value: "a\r\nBcc: victim@example.test"),
            MessageHeader(name: "Bad Name", value: "x"),
            MessageHeader(name: "X-Good", value: "ok"),
        ])))
        #expect(!message.text.contains("victim"))
        #expect(message.values("X-Evil").isEmpty)
        #expect(message.value("X-Good") == "ok")
    }

    @Test(arguments: [
        ("Jane Doe", "Jane Doe <a@example.test>"),
        ("Doe, Jane", "\"Doe, Jane\" <a@example.test>"),
        ("John Q. Public", "\"John Q. Public\" <a@example.test>"),
        ("Say \"hi\" \\o/", "\"Say \\\"hi\\\" \\\\o/\" <a@example.test>"),
        ("  padded  ", "\"  padded  \" <a@example.test>"),
        ("Renée", "=?utf-8?B?UmVuw6ll?= <a@example.test>"),
        ("=?utf-8?Q?x?=", "=?utf-8?B?PT91dGYtOD9RP3g/PQ==?= <a@example.test>"),
    ])
    func displayNameForms(name: String, expected: String) {
        var draft = sampleDraft()
        draft.to = [EmailAddress(displayName: name, address: "a@example.test")]
        #expect(RawMessage(build(draft)).value("To") == expected)
    }

    @Test func nonASCIISubjectIsEncodedInShortWholeWords() throws {
        let subject = "Grüße aus Zürich — 日本語のとても長い件名です。これは複数の単語に分割されなければなりません 😀😀😀"
        let message = RawMessage(build(sampleDraft(subject: subject)))
        let field = try #require(message.headerBlock.components(separatedBy: "\r\nMessage-ID:").first?
            .components(separatedBy: "Subject:").last)
        let lines = ("Subject:" + field).components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        let words = try #require(message.value("Subject")).split(separator: " ").map(String.init)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            let bytes = try #require(decodeEncodedWord(word))
            #expect(String(validating: bytes, as: UTF8.self) != nil)
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func longASCIISubjectIsFoldedNotEncoded() {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let message = RawMessage(build(sampleDraft(subject: subject)))
        #expect(message.value("Subject") == subject)
        #expect(message.headerBlock.contains("\r\n word"))
        #expect(message.lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test(arguments: [
        " leading space",
        "trailing space ",
        "looks =?utf-8?Q?encoded?= but is not",
        String(repeating: "x", count: 2000),
    ])
    func subjectsThatMustBeEncodedToSurvive(subject: String) throws {
        let message = RawMessage(build(sampleDraft(subject: subject)))
        let value = try #require(message.value("Subject"))
        #expect(value.hasPrefix("=?utf-8?"))
        let decoded = try value.split(separator: " ").flatMap { try #require(decodeEncodedWord(String($0))) }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(message.lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func customHeaderEncoding() throws {
        let longToken = String(repeating: "t", count: 1200)
        let message = RawMessage(build(sampleDraft(headers: [
            MessageHeader(name: "X-Unicode", value: "café ☕"),
            MessageHeader(name: "List-Unsubscribe", value: "<https://example.test/u?id=1>, <mailto:u@example.test>"),
            MessageHeader(name: "X-Huge", value: longToken),
        ])))
        #expect(message.value("X-Unicode") == "=?utf-8?B?Y2Fmw6kg4piV?=")
        #expect(message.value("List-Unsubscribe") == "<https://example.test/u?id=1>, <mailto:u@example.test>")
        let huge = try #require(message.value("X-Huge"))
        let decoded = try huge.split(separator: " ").flatMap { try #require(decodeEncodedWord(String($0))) }
        #expect(String(decoding: decoded, as: UTF8.self) == longToken)
        #expect(message.lines.allSatisfy { $0.utf8.count <= 998 })
    }

    @Test func filenames() throws {
        let attachments = [
            Attachment(name: "report \"final\".pdf", contentType: "application/pdf", content: [1]),
            Attachment(name: "Résumé.pdf", contentType: "application/pdf", content: [2]),
            Attachment(name: String(repeating: "long name ", count: 12) + ".txt", contentType: "text/plain", content: [3]),
            Attachment(name: String(repeating: "huge-name-", count: 100) + ".txt", contentType: "text/plain", content: [4]),
            Attachment(name: String(repeating: "Grüße ", count: 20) + ".txt", contentType: "text/plain", content: [5]),
        ]
        let message = RawMessage(build(sampleDraft(attachments: attachments)))
        let type = try #require(message.value("Content-Type"))
        let parts = multipartParts(message.body, boundary: try #require(boundary(of: type)))
        #expect(parts[1].value("Content-Disposition") == "attachment; filename=\"report \\\"final\\\".pdf\"")
        #expect(parts[2].value("Content-Disposition") == "attachment; filename*=utf-8''R%C3%A9sum%C3%A9.pdf")
        #expect(parts[2].value("Content-Type") == "application/pdf; name=\"=?utf-8?B?UsOpc3Vtw6kucGRm?=\"")
        // A long ASCII name stays one quoted-string on a folded line of its own.
        let long = String(repeating: "long name ", count: 12) + ".txt"
        #expect(parts[3].value("Content-Disposition") == "attachment; filename=\"\(long)\"")
        #expect(message.text.contains("Content-Disposition: attachment;\r\n filename=\"long name"))
        // RFC 2231 §3 continuations once a name would approach the 998-octet limit.
        let huge = try #require(parts[4].value("Content-Disposition"))
        #expect(huge.hasPrefix("attachment; filename*0=\"huge-name-huge-name-"))
        #expect(huge.contains("; filename*20=\"") && !huge.contains("filename*21"))
        // RFC 2231 §3 + §4: long non-ASCII names are split between characters.
        let umlauts = try #require(parts[5].value("Content-Disposition"))
        #expect(umlauts.hasPrefix("attachment; filename*0*=utf-8''Gr%C3%BC%C3%9Fe%20"))
        #expect(umlauts.contains("; filename*1*=") && !umlauts.contains("filename*1*=utf-8"))
        #expect(message.lines.allSatisfy { $0.utf8.count <= 998 })
    }
}

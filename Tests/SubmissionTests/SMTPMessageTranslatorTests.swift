import Foundation
import Testing

@testable import PostmarkWire
@testable import Submission

@Suite struct SMTPMessageTranslatorTests {
    let receivedAt = Date(timeIntervalSince1970: 1_790_000_000)

    func received(_ text: String, recipients: [String] = ["to@example.org"]) -> SMTPReceivedMessage {
        SMTPReceivedMessage(
            envelopeFrom: "bounce@example.test", recipients: recipients,
            data: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), heloName: "client.test",
            remoteAddress: "127.0.0.1", tls: true, authenticated: true)
    }

    func translate(_ text: String, recipients: [String] = ["to@example.org"]) throws -> SMTPMessageTranslation {
        try SMTPMessageTranslator.translate(
            received(text, recipients: recipients), messageID: "0b1c2d3e-0000-4000-8000-000000000001",
            hostname: "postage.test", receivedAt: receivedAt)
    }

    func errorCode(_ text: String) -> Int? {
        do {
            _ = try translate(text)
            return nil
        } catch let error as PostmarkError {
            return error.errorCode
        } catch {
            return -1
        }
    }

    @Test func readsAndStripsControlHeaders() throws {
        let result = try translate(
            """
            From: "Sender" <sender@example.test>
            To: to@example.org
            Subject: Hi
            X-PM-Tag: welcome
            X-PM-Message-Stream: broadcast
            X-PM-Metadata-Color: blue
            X-PM-Metadata-color: red
            X-PM-Track-Opens: TRUE
            X-PM-TrackLinks: htmlonly
            X-PM-Message-Id: forged
            Message-ID: <client@example.test>

            body

            """)
        #expect(result.controls.tag == "welcome")
        #expect(result.controls.stream == "broadcast")
        #expect(result.controls.metadata.map(\.key) == ["Color", "color1"])
        #expect(result.controls.metadata.map(\.value) == ["blue", "red"])
        #expect(result.controls.trackOpens == true)
        #expect(result.controls.trackLinks == "HtmlOnly")
        let raw = String(decoding: result.raw, as: UTF8.self)
        #expect(!raw.contains("X-PM-Tag"))
        #expect(!raw.contains("forged"))
        #expect(!raw.contains("<client@example.test>"))
        #expect(raw.contains("X-PM-Message-Id: 0b1c2d3e-0000-4000-8000-000000000001\r\n"))
        #expect(raw.contains("Message-ID: <0b1c2d3e-0000-4000-8000-000000000001@postage.test>\r\n"))
        #expect(raw.hasPrefix("Received: from client.test ([127.0.0.1])\r\n\tby postage.test (Postage) with ESMTPSA"))
        #expect(raw.hasSuffix("\r\n\r\nbody\r\n"))
    }

    @Test func keepIDKeepsTheClientsMessageID() throws {
        let result = try translate(
            "From: a@example.test\nTo: to@example.org\nX-PM-KeepID: true\nMessage-ID: <mine@example.test>\n\nx\n")
        let raw = String(decoding: result.raw, as: UTF8.self)
        #expect(raw.contains("Message-ID: <mine@example.test>"))
        #expect(!raw.contains("@postage.test>"))
    }

    @Test func blindCopiesComeFromTheEnvelopeAndTheBccHeaderIsRemoved() throws {
        let result = try translate(
            "From: a@example.test\nTo: To <to@example.org>\nCc: cc@example.org\nBcc: hidden@example.org\nSubject: s\n\nx\n",
            recipients: ["to@example.org", "CC@example.org", "hidden@example.org", "hidden@EXAMPLE.org"])
        #expect(result.to.map(\.address) == ["to@example.org"])
        #expect(result.cc.map(\.address) == ["cc@example.org"])
        #expect(result.bcc.map(\.address) == ["hidden@example.org"])
        #expect(result.envelopeRecipients == ["to@example.org", "CC@example.org", "hidden@example.org"])
        #expect(!String(decoding: result.raw, as: UTF8.self).contains("Bcc:"))
    }

    @Test func bodiesAndAttachmentsAreReadFromTheMIMEStructure() throws {
        let result = try translate(
            """
            From: a@example.test
            To: to@example.org
            Subject: =?utf-8?q?Caf=C3=A9?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: multipart/alternative; boundary="b2"

            --b2
            Content-Type: text/plain; charset=utf-8

            plain
            --b2
            Content-Type: text/html; charset=utf-8

            <p>html</p>
            --b2--
            --b1
            Content-Type: application/pdf; name="r.pdf"
            Content-Disposition: attachment; filename="r.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0=
            --b1--

            """)
        #expect(result.subject == "Café")
        #expect(result.textBody?.contains("plain") == true)
        #expect(result.htmlBody?.contains("<p>html</p>") == true)
        #expect(result.attachmentNames == ["r.pdf"])
    }

    @Test func addsADateWhenTheClientSentNone() throws {
        let without = String(decoding: try translate("From: a@example.test\n\nx\n").raw, as: UTF8.self)
        #expect(without.contains("\r\nDate: "))
        let with = String(
            decoding: try translate("From: a@example.test\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nx\n").raw,
            as: UTF8.self)
        #expect(with.components(separatedBy: "Date: ").count == 2)
    }

    @Test func clientErrorsBecomePostmarkErrors() {
        #expect(errorCode("To: to@example.org\n\nno from\n") == 300)
        #expect(errorCode("From: a@example.test\nX-PM-TrackLinks: sometimes\n\nx\n") == 300)
        #expect(errorCode("From: a@example.test\nX-PM-TrackOpens: maybe\n\nx\n") == 300)
        #expect(errorCode("From: a@example.test\nX-PM-Metadata-\(String(repeating: "k", count: 21)): v\n\nx\n") == 300)
        #expect(
            errorCode(
                """
                From: a@example.test
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="run.exe"

                MZ
                --b--

                """) == 411)
    }
}

import Foundation
import MIME
import MIMEParser
import MailCore
import Testing

/// Prints how long parsing takes; no assertion on speed (benchmarks are not tests).
@Suite("Timing")
struct TimingTests {
    static func time(_ label: String, _ bytes: [UInt8], _ body: (ParsedMessage) -> Void = { _ in }) {
        let clock = ContinuousClock()
        var message: ParsedMessage?
        let parse = clock.measure { message = ParsedMessage.parse(bytes) }
        let use = clock.measure { if let message { body(message) } }
        print("[timing] \(label): \(bytes.count) bytes parsed in \(parse), bodies/attachments decoded in \(use)")
    }

    @Test func oneMegabyteMessages() {
        var generator = SystemRandomNumberGenerator()
        let attachment = BuilderDrafts.bytes(600_000, seed: 9)
        let text = (0..<4_000).map { "Line \($0) with some text, ünïcødé and = signs to encode.\n" }.joined()
        let draft = MessageDraft(
            from: EmailAddress(address: "a@example.test"), to: [EmailAddress(address: "b@example.test")],
            subject: "Big", textBody: text, htmlBody: "<p>" + text + "</p>",
            attachments: [Attachment(name: "big.bin", contentType: "application/octet-stream", content: attachment)],
            messageID: "big@example.test"
        )
        let built = MessageBuilder.build(draft, using: &generator)
        #expect(built.count > 1_000_000)
        Self.time("built multipart (base64 + quoted-printable)", built) { message in
            #expect(message.attachments.first?.content == attachment)
            #expect(message.textBody?.isEmpty == false)
        }
        // Pathological shapes of the same size.
        Self.time("1 MB of delimiter lines", Array(("Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            + String(repeating: "--b\r\n", count: 200_000)).utf8))
        Self.time("400 kB subject of =? fragments", Array(("Subject: " + String(repeating: "=?x?q? ", count: 60_000) + "?=\r\n\r\n").utf8)) {
            #expect($0.subject?.isEmpty == false)
        }
        Self.time("1 MB single line", Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) { _ = $0.textBody }
    }
}

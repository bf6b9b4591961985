import Foundation
import MIME
import MailCore

/// Messages built by Postage's own ``MessageBuilder`` in many shapes, for round-trip and
/// oracle tests.
enum BuilderDrafts {
    static let date = Date(timeIntervalSince1970: 1_795_921_445)

    static func mailbox(_ name: String?, _ address: String) -> EmailAddress {
        EmailAddress(displayName: name, address: address)
    }

    /// Deterministic bytes (SplitMix64).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt8(truncatingIfNeeded: z ^ (z >> 31))
        }
    }

    static let all: [MessageDraft] = [
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"),
            to: [mailbox(nil, "a@example.test"), mailbox("Bee Person", "b@example.test")],
            cc: [mailbox(nil, "c@example.test")],
            subject: "Plain ASCII subject", textBody: "Hello,\r\n\r\nPlain text.\r\n",
            messageID: "p0@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Renée Müller", "renee@example.test"),
            to: [mailbox("山田 太郎", "taro@example.test"), mailbox("Doe, \"JD\" Jane", "jane@example.test")],
            cc: [mailbox("Ωμέγα 😀", "omega@example.test")],
            replyTo: [mailbox("Ärger", "complaints@example.test")],
            subject: "Grüße aus Zürich — ünïcødé 👋 日本語", textBody: "Grüße! 😀\nZweite Zeile",
            messageID: "p1@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox(nil, "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "HTML only", htmlBody: "<p>Crème brûlée – €5</p>",
            messageID: "p2@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "Both bodies",
            textBody: "unix\nmac\rwin\r\ntrailing space \ntab\t\n= sign =3D\n.dot\n" + String(repeating: "0123456789", count: 300)
                + "\n" + String(repeating: "é ", count: 200),
            htmlBody: "<p>" + String(repeating: "long html line ", count: 300) + "</p>\n<p>end</p>",
            messageID: "p3@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "Inline image", textBody: "See the logo.", htmlBody: "<img src=\"cid:logo.1@example.test\">",
            attachments: [
                Attachment(name: "report.pdf", contentType: "application/pdf", content: bytes(3000, seed: 1)),
                Attachment(name: "logo.png", contentType: "image/png", content: bytes(700, seed: 2),
                           contentID: "logo.1@example.test"),
            ],
            messageID: "p4@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "Binary  with\ttabs", textBody: "Binary attached.",
            attachments: [
                Attachment(name: "all-bytes.bin", contentType: "application/octet-stream",
                           content: (0..<1024).map { UInt8($0 % 256) }),
                Attachment(name: "empty.txt", contentType: "text/plain", content: []),
            ],
            messageID: "p5@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "File names", htmlBody: "<p>files</p>",
            attachments: [
                Attachment(name: "Résumé – 2026 年.pdf", contentType: "application/pdf", content: bytes(100, seed: 3)),
                Attachment(name: "Ein sehr langer Dateiname mit Umlauten äöü und noch mehr Text damit er umbricht.txt",
                           contentType: "text/plain", content: Array("text attachment\n".utf8)),
                Attachment(name: "my \"quoted\" file; name.txt", contentType: "text/plain; charset=utf-8", content: [0x41]),
                Attachment(name: String(repeating: "x", count: 950) + ".dat", contentType: "application/octet-stream",
                           content: [0x42]),
            ],
            messageID: "p6@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("A Sender With A Rather Long Display Name That Keeps Going", "sender@example.test"),
            to: (1...8).map { mailbox("Recipient Number \($0)", "r\($0)@example.test") },
            cc: [mailbox("Smith, Jonathan (Head of Success, EMEA)", "js@example.test")],
            subject: (1...60).map { "word\($0)" }.joined(separator: " "), textBody: "Long subject.",
            messageID: "p7@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "Custom headers", textBody: "Headers.",
            headers: [
                MessageHeader(name: "X-Custom", value: "simple value"),
                MessageHeader(name: "X-Unicode", value: "café ☕ naïve"),
            ],
            messageID: "p8@postage.example", date: date,
            extraTraceHeaders: [
                MessageHeader(name: "X-PM-Message-Id", value: "6a1f3c2e-0000-4000-8000-000000000008"),
                MessageHeader(name: "X-PM-Tag", value: "welcome"),
            ]
        ),
        MessageDraft(
            from: mailbox("=?utf-8?Q?looks_encoded?=", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "  leading and trailing, =?utf-8?Q?fake?= and\ttab  ", textBody: "Tricky.",
            messageID: "p9@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: String(repeating: "x", count: 300) + " " + String(repeating: "日本語", count: 40),
            textBody: "Long words.", messageID: "p10@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")], subject: "",
            attachments: [Attachment(name: "only.pdf", contentType: "application/pdf", content: bytes(50, seed: 4))],
            messageID: "p11@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            textBody: "Inline image, no html.",
            attachments: [Attachment(name: "pic.jpg", contentType: "image/jpeg", content: bytes(90, seed: 5), contentID: "pic@x")],
            messageID: "p12@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")], subject: "Empty",
            messageID: "p13@postage.example", date: date
        ),
        MessageDraft(
            from: mailbox("Sender", "sender@example.test"), to: [mailbox(nil, "to@example.test")],
            subject: "Everything", textBody: "text ✓", htmlBody: "<b>html ✓</b><img src=\"cid:a@b\">",
            attachments: [
                Attachment(name: "a.png", contentType: "image/png", content: bytes(64, seed: 6), contentID: "a@b"),
                Attachment(name: "b.png", contentType: "image/png", content: bytes(65, seed: 7), contentID: "b@b"),
                Attachment(name: "notes.txt", contentType: "text/plain", content: Array("notes\r\n".utf8)),
                Attachment(name: "data.csv", contentType: "text/csv", content: Array("a,b\r\n1,2\r\n".utf8)),
            ],
            messageID: "p14@postage.example", date: date
        ),
    ]

    /// The draft's body text as the message carries it: CRLF line ends, plus the final CRLF
    /// the builder adds when the text is the whole message body.
    static func expectedText(_ text: String, topLevel: Bool) -> String {
        var normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        if topLevel, !normalized.hasSuffix("\r\n") { normalized += "\r\n" }
        return normalized
    }
}

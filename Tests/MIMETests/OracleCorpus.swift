import Foundation
import MIME
import MailCore

/// The messages checked against Python's email package, and the oracle script.
enum OracleCorpus {
    static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }

    static let date = Date(timeIntervalSince1970: 1_795_921_445)

    static func address(_ name: String?, _ address: String) -> EmailAddress {
        EmailAddress(displayName: name, address: address)
    }

    /// Deterministic pseudo-random bytes.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static let allByteValues: [UInt8] = (0..<4).flatMap { _ in (0...255).map(UInt8.init) }

    static let drafts: [MessageDraft] = [
        // 0: text only, ASCII names, several recipients.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "a@example.test"), address("Bee Person", "b@example.test")],
            cc: [address(nil, "c@example.test")],
            subject: "Plain ASCII subject",
            textBody: "Hello,\r\n\r\nThis is plain text.\r\n",
            messageID: "m0@postage.example", date: date
        ),
        // 1: non-ASCII display names and subject, quoted names with commas and quotes.
        MessageDraft(
            from: address("Renée Müller", "renee@example.test"),
            to: [address("山田 太郎", "taro@example.test"), address("Doe, \"JD\" Jane", "jane@example.test")],
            cc: [address("Ωμέγα 😀", "omega@example.test"), address("back\\slash (not a comment)", "bs@example.test")],
            replyTo: [address("Ärger Abteilung", "complaints@example.test")],
            subject: "Grüße aus Zürich — ünïcødé 👋 日本語",
            textBody: "Grüße! 😀\nZweite Zeile",
            messageID: "m1@postage.example", date: date
        ),
        // 2: html only, non-ASCII.
        MessageDraft(
            from: address(nil, "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "HTML only",
            htmlBody: "<html><body><p>Crème brûlée – €5</p></body></html>",
            messageID: "m2@postage.example", date: date
        ),
        // 3: text and html with awkward line endings, long lines, trailing whitespace, "=".
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "Both bodies",
            textBody: "unix\nmac\rwin\r\ntrailing space \ntab\t\n= sign =3D\nFrom the start\n.dot line\n"
                + String(repeating: "0123456789", count: 500) + "\n" + String(repeating: "é ", count: 300),
            htmlBody: "<p>" + String(repeating: "long html line ", count: 400) + "</p>\n<p>end</p>",
            messageID: "m3@postage.example", date: date
        ),
        // 4: inline image and an attachment with both bodies.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "Inline image",
            textBody: "See the logo.",
            htmlBody: "<p><img src=\"cid:logo.123@example.test\"></p>",
            attachments: [
                Attachment(name: "report.pdf", contentType: "application/pdf", content: bytes(3000, seed: 1)),
                Attachment(name: "logo.png", contentType: "image/png", content: bytes(700, seed: 2), contentID: "logo.123@example.test"),
            ],
            messageID: "m4@postage.example", date: date
        ),
        // 5: binary attachment with every byte value, plus an empty file.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "Binary  with\tinternal   whitespace",
            textBody: "Binary attached.",
            attachments: [
                Attachment(name: "all-bytes.bin", contentType: "application/octet-stream", content: allByteValues),
                Attachment(name: "empty.txt", contentType: "text/plain", content: []),
            ],
            messageID: "m5@postage.example", date: date
        ),
        // 6: non-ASCII, long, and quote-containing file names.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "File names",
            htmlBody: "<p>files</p>",
            attachments: [
                Attachment(name: "Résumé – 2026 年.pdf", contentType: "application/pdf", content: bytes(100, seed: 3)),
                Attachment(
                    name: "Ein sehr langer Dateiname mit Umlauten äöü und noch mehr Text damit er umbricht.txt",
                    contentType: "text/plain", content: Array("text attachment\n".utf8)
                ),
                Attachment(
                    name: "a long ascii file name that stays one quoted string past seventy-eight characters.csv",
                    contentType: "text/csv", content: Array("a,b\r\n1,2\r\n".utf8)
                ),
                Attachment(name: "my \"quoted\" file; name.txt", contentType: "text/plain", content: [0x41]),
                Attachment(name: String(repeating: "x", count: 950) + ".dat", contentType: "application/octet-stream", content: [0x42]),
            ],
            messageID: "m6@postage.example", date: date
        ),
        // 7: long subjects and reply-to list.
        MessageDraft(
            from: address("A Sender With A Rather Long Display Name That Keeps Going", "sender@example.test"),
            to: (1...8).map { address("Recipient Number \($0)", "r\($0)@example.test") },
            cc: [
                address("Smith, Jonathan Alexander (Head of Customer Success, EMEA Region)", "js@example.test"),
                address("Another \"quoted\" person, with a comma and a long name to fold", "ap@example.test"),
            ],
            replyTo: [address(nil, "r1@example.test"), address("Two", "r2@example.test")],
            subject: (1...60).map { "word\($0)" }.joined(separator: " "),
            textBody: "Long subject.",
            messageID: "m7@postage.example", date: date
        ),
        // 8: custom and trace headers, Message-ID override, reserved headers dropped.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "Custom headers",
            textBody: "Headers.",
            headers: [
                MessageHeader(name: "X-Custom", value: "simple value"),
                MessageHeader(name: "X-Unicode", value: "café ☕ naïve"),
                MessageHeader(name: "X-Long", value: (1...50).map { "v\($0)" }.joined(separator: " ")),
                MessageHeader(name: "X-" + String(repeating: "N", count: 74), value: "née with a long name"),
                MessageHeader(name: "X-" + String(repeating: "M", count: 74), value: "plain value, long name"),
                MessageHeader(name: "Message-ID", value: "<client.chosen.id@client.example>"),
                MessageHeader(name: "Bcc", value: "hidden@example.test"),
                MessageHeader(name: "X-PM-Tag", value: "spoofed"),
                MessageHeader(name: "Content-Type", value: "text/evil"),
            ],
            messageID: "m8@postage.example", date: date,
            extraTraceHeaders: [
                MessageHeader(name: "X-PM-Message-Id", value: "6a1f3c2e-0000-4000-8000-000000000008"),
                MessageHeader(name: "X-PM-Tag", value: "welcome"),
            ]
        ),
        // 9: subjects that only survive encoded; tricky display names.
        MessageDraft(
            from: address("=?utf-8?Q?looks_encoded?=", "sender@example.test"),
            to: [address("  padded  ", "to@example.test")],
            subject: "  leading and trailing spaces, =?utf-8?Q?fake?= and\ttab  ",
            textBody: "Tricky.",
            messageID: "m9@postage.example", date: date
        ),
        // 10: an unbreakable 300-character subject, a long non-ASCII subject.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: String(repeating: "x", count: 300) + " " + String(repeating: "日本語", count: 40),
            textBody: "Long words.",
            messageID: "m10@postage.example", date: date
        ),
        // 11: attachments only, no body.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "",
            attachments: [Attachment(name: "only.pdf", contentType: "application/pdf", content: bytes(50, seed: 4))],
            messageID: "m11@postage.example", date: date
        ),
        // 12: inline attachment with a text body only, no subject.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            textBody: "Text with an inline image but no html.",
            attachments: [Attachment(name: "pic.jpg", contentType: "image/jpeg", content: bytes(90, seed: 5), contentID: "pic@x")],
            messageID: "m12@postage.example", date: date
        ),
        // 13: nothing at all.
        MessageDraft(
            from: address("Sender", "sender@example.test"),
            to: [address(nil, "to@example.test")],
            subject: "Empty",
            messageID: "m13@postage.example", date: date
        ),
        // 14: recipients exactly as AddressParser reads a Postmark "To" string.
        MessageDraft(
            from: (try? AddressParser.parseMailbox("\"Support, Team\" <support@example.test>"))
                ?? address(nil, "parse-failed@example.test"),
            to: (try? AddressParser.parseList(parsedTo)) ?? [],
            subject: "Parsed recipients",
            textBody: "Parsed.",
            messageID: "m14@postage.example", date: date
        ),
    ]

    static let parsedTo = "\"Quoted, Name\" <q@example.test>,Plain Name <p@example.test>, bare@example.test ,"
        + " Zoë Ünïcode <z@example.test>, \"a\\\"b\" <ab@example.test>"

    /// Prints one JSON line per message file (standard library only).
    static let script = #"""
import email, email.policy, hashlib, json, sys

KNOWN = {"from", "to", "cc", "reply-to", "subject", "message-id", "date", "mime-version",
         "content-type", "content-transfer-encoding", "bcc"}

def pairs(msg, name):
    header = msg.get(name)
    if header is None:
        return None
    return [[a.display_name, a.addr_spec] for a in header.addresses]

def text_of(msg, name):
    value = msg.get(name)
    return None if value is None else str(value)

def structure(part):
    if part.is_multipart():
        return part.get_content_type() + "(" + ",".join(structure(p) for p in part.iter_parts()) + ")"
    return part.get_content_type()

for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        msg = email.message_from_bytes(fh.read(), policy=email.policy.default)
    defects, header_defects, attachments = [], [], []
    text = html = None
    for part in msg.walk():
        defects += [type(d).__name__ + ": " + str(d) for d in part.defects]
        for name, value in part.items():
            for d in getattr(value, "defects", ()):
                header_defects.append({"header": name, "type": type(d).__name__, "message": str(d)})
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        ctype = part.get_content_type()
        if disposition is None and ctype == "text/plain" and text is None:
            text = part.get_content()
        elif disposition is None and ctype == "text/html" and html is None:
            html = part.get_content()
        else:
            data = part.get_payload(decode=True)
            content_type = part["content-type"]
            attachments.append({
                "filename": part.get_filename(),
                "nameParameter": content_type.params.get("name") if content_type is not None else None,
                "contentType": ctype,
                "contentID": text_of(part, "content-id"),
                "disposition": disposition,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            })
    print(json.dumps({
        "file": path,
        "from": pairs(msg, "from"), "to": pairs(msg, "to"), "cc": pairs(msg, "cc"),
        "replyTo": pairs(msg, "reply-to"),
        "subject": text_of(msg, "subject"), "messageID": text_of(msg, "message-id"),
        "date": text_of(msg, "date"), "mimeVersion": text_of(msg, "mime-version"),
        "hasBcc": msg.get("bcc") is not None,
        "extraHeaders": [[k, str(v)] for k, v in msg.items() if k.lower() not in KNOWN],
        "text": text, "html": html, "attachments": attachments, "structure": structure(msg),
        "defects": defects, "headerDefects": header_defects,
    }, ensure_ascii=True))
"""#
}

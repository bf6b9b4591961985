import Foundation
import MIME
import MailCore

/// A small draft with fixed date and Message-ID for structure tests.
func sampleDraft(
    subject: String? = "Hello",
    text: String? = "Hi there",
    html: String? = nil,
    headers: [MessageHeader] = [],
    attachments: [Attachment] = []
) -> MessageDraft {
    MessageDraft(
        from: EmailAddress(displayName: "Sender", address: "sender@example.test"),
        to: [EmailAddress(address: "to@example.test")],
        subject: subject,
        textBody: text,
        htmlBody: html,
        headers: headers,
        attachments: attachments,
        messageID: "abc123@postage.example",
        date: Date(timeIntervalSince1970: 1_795_921_445)
    )
}

func build(_ draft: MessageDraft, seed: UInt64 = 42) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return MessageBuilder.build(draft, using: &generator)
}

import SMTPProtocol
import Testing

@Suite struct ReplyTests {
    @Test(arguments: [
        ("550 5.1.1 User unknown", EnhancedStatusCode(statusClass: 5, subject: 1, detail: 1)),
        ("451 4.3.0 Try again", EnhancedStatusCode(statusClass: 4, subject: 3, detail: 0)),
        ("250 2.0.0 Ok: queued as 1", EnhancedStatusCode(statusClass: 2, subject: 0, detail: 0)),
        ("552 5.3.4", EnhancedStatusCode(statusClass: 5, subject: 3, detail: 4)),
        ("554 5.7.123 policy", EnhancedStatusCode(statusClass: 5, subject: 7, detail: 123)),
    ])
    func enhancedCodeIsExtracted(wire: String, code: EnhancedStatusCode) {
        let reply = SMTPReply(code: Int(wire.prefix(3))!, String(wire.dropFirst(4)))
        #expect(reply.enhancedCode == code)
    }

    @Test(arguments: [
        "550 User unknown",          // none
        "550 4.1.1 wrong class",     // class must match the basic code (RFC 3463 §2)
        "550 5.1.1234 too long",     // detail is 1*3digit
        "550 5.1 two parts",
        "550 3.1.1 bad class",
        "550 5.1.1x trailing",
        "550 5..1 empty",
    ])
    func noEnhancedCodeWhereThereIsNone(wire: String) {
        let reply = SMTPReply(code: Int(wire.prefix(3))!, String(wire.dropFirst(4)))
        #expect(reply.enhancedCode == nil)
    }

    @Test func kindsAndText() {
        let reply = SMTPReply(code: 550, lines: ["5.1.1 <a@b.test>: unknown", "5.1.1 see the docs"])
        #expect(reply.isPermanentNegative)
        #expect(reply.textWithoutEnhancedCode == "<a@b.test>: unknown\nsee the docs")
        #expect(reply.wireDescription == "550-5.1.1 <a@b.test>: unknown\r\n550 5.1.1 see the docs")
        #expect(SMTPReply(code: 354, "go").isPositiveIntermediate)
        #expect(SMTPReply(code: 421, "bye").isTransientNegative)
        #expect(SMTPReply(code: 250, "ok").kind == .positiveCompletion)
        #expect(EnhancedStatusCode("5.7.1") == EnhancedStatusCode(statusClass: 5, subject: 7, detail: 1))
        #expect(EnhancedStatusCode("5.7.1 ") == nil)
        #expect("\(EnhancedStatusCode(statusClass: 4, subject: 4, detail: 2))" == "4.4.2")
    }
}

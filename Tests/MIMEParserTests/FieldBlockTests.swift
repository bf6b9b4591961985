import MIMEParser
import Testing

@Suite("field: value blocks (RFC 3464 §2.1, RFC 5965 §3.1)")
struct FieldBlockTests {
    @Test func deliveryStatus() {
        // RFC 3464 Appendix C style, with a folded Diagnostic-Code and two recipients.
        let blocks = FieldBlockParser.parse(crlf(
            "Reporting-MTA: dns; cs.utk.edu", "Arrival-Date: Thu, 7 Jul 1994 17:15:49 -0400", "",
            "Original-Recipient: rfc822;louisl@larry.slip.umd.edu",
            "Final-Recipient: rfc822;louisl@larry.slip.umd.edu", "Action: failed", "Status: 4.0.0",
            "Diagnostic-Code: smtp; 426 connection", "    timed out", "", "",
            "Final-Recipient: rfc822;second@x.test", "Action: delayed", "Status: 4.4.1", ""
        ))
        #expect(blocks.map { $0.fields.map(\.name) } == [
            ["Reporting-MTA", "Arrival-Date"],
            ["Original-Recipient", "Final-Recipient", "Action", "Status", "Diagnostic-Code"],
            ["Final-Recipient", "Action", "Status"],
        ])
        #expect(blocks[1]["diagnostic-code"] == "smtp; 426 connection    timed out")
        #expect(blocks[2]["status"] == "4.4.1")
    }

    @Test func feedbackReport() {
        // RFC 5965 Appendix B.1.
        let blocks = FieldBlockParser.parse(crlf(
            "Feedback-Type: abuse", "User-Agent: SomeGenerator/1.0", "Version: 1", ""
        ))
        #expect(blocks.count == 1)
        #expect(blocks[0]["feedback-type"] == "abuse")
        #expect(blocks[0]["VERSION"] == "1")
    }

    @Test func freeTextAndWhitespaceLinesAreTolerated() {
        let blocks = FieldBlockParser.parse(crlf(
            "", "", "Reporting-MTA: dns; a", " ", "This line is not a field", "Final-Recipient: rfc822; x@y.test", ""
        ))
        #expect(blocks.map { $0.fields.map(\.name) } == [["Reporting-MTA"], ["Final-Recipient"]])
        #expect(FieldBlockParser.parse([]).isEmpty)
    }

    @Test func quotedPrintableReportIsDecodedFirst() {
        let message = parse(
            "Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Final-Recipient: rfc822; very-long-address=\r\n@x.test\r\n"
        )
        #expect(message.root.fieldBlocks().first?["final-recipient"] == "rfc822; very-long-address@x.test")
    }
}

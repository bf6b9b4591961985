import BounceParsing
import Foundation
import MailCore
import Testing

@Suite("Bounce parser: corpus samples")
struct CorpusSampleTests {
    func parse(_ name: String) throws -> BounceReport {
        BounceParser.parse(try Corpus.message(name))
    }

    @Test func dsnOriginalRecipientWinsOverRewrittenFinalRecipient() throws {
        // Final-Recipient is the rewritten userx@sims-ms-daemon; Original-Recipient is what was sent.
        let report = try parse("dsn_01.eml")
        #expect(report.kind == .bounce)
        #expect(report.recipients.map(\.address) == ["userx@example.com"])
        let recipient = try #require(report.recipients.first)
        #expect(recipient.status == "5.0.0")
        #expect(recipient.status?.hasPrefix("5.") == true)
        #expect(recipient.action == "failed")
        #expect(recipient.permanent)
        #expect(recipient.diagnostic == "recipient reached disk quota")
        #expect(recipient.bounceType == .softBounce)
        #expect(report.reportingMTA == "msg00.seamail.go.com")
        #expect(report.originalMessageID == "F1218V8zDv60gxapzha000001ae@hotmail.com")
    }

    @Test func dsnDelayedIsTransient() throws {
        let report = try parse("dsn_05.eml")
        #expect(report.kind == .delay)
        let recipient = try #require(report.recipients.first)
        #expect(recipient.address == "userx@example.cz")
        #expect(recipient.action == "delayed")
        #expect(recipient.status == "4.4.1")
        #expect(!recipient.permanent)
        #expect(recipient.bounceType == .transient)
    }

    @Test func dsnFailedWithTransientStatusIsPermanentButNotHard() throws {
        // Action: failed, Status: 4.4.7 (expired): the MTA gave up, the cause was temporary.
        let recipient = try #require(try parse("dsn_02.eml").recipients.first)
        #expect(recipient.address == "zzzzz@example.uk")
        #expect(recipient.permanent)
        #expect(recipient.bounceType == .transient)
        #expect(!recipient.bounceType.deactivatesRecipient)
    }

    @Test func dsnRepeatedBlocksAreOneRecipient() throws {
        let report = try parse("dsn_11.eml")
        #expect(report.recipients.map(\.address) == ["joem@example.com"])
        #expect(report.recipients.first?.status == "5.1.1")
        #expect(report.recipients.first?.bounceType == .hardBounce)
    }

    @Test func dsnWithoutStatusTakesTheCodeFromDiagnosticCode() throws {
        let recipient = try #require(try parse("dsn_14.eml").recipients.first)
        #expect(recipient.address == "userx@example.com.dk")
        #expect(recipient.status == "5.1.1")
        #expect(recipient.diagnostic == "550 5.1.1 User unknown")
        #expect(recipient.bounceType == .hardBounce)
    }

    @Test func dsnWrappedInAnAttachedMessage() throws {
        let report = try parse("dsn_15.eml")
        #expect(report.recipients.map(\.address) == ["userx@example.com"])
        #expect(report.recipients.first?.status == "5.1.1")
        #expect(report.reportingMTA == "cccclyna01.ccc.coopcam.com")
    }

    @Test func genericStatusRefinedByDiagnostic() throws {
        // Exim DSN: Status 5.0.0, Diagnostic-Code "550-5.7.1 ... likely unsolicited mail".
        let recipient = try #require(try parse("simple_42.eml").recipients.first)
        #expect(recipient.address == "david...@gmail.com")
        #expect(recipient.status == "5.7.1")
        #expect(recipient.bounceType == .spamNotification)
    }

    @Test func qmail() throws {
        let report = try parse("qmail_03.eml")
        #expect(report.kind == .bounce)
        let recipient = try #require(report.recipients.first)
        #expect(recipient.address == "userx@example.jp")
        #expect(recipient.status == "5.1.1")
        #expect(recipient.bounceType == .hardBounce)
        #expect(recipient.diagnostic?.contains("no mailbox here by that name") == true)
    }

    @Test func eximWithoutDSN() throws {
        let recipient = try #require(try parse("exim_01.eml").recipients.first)
        #expect(recipient.address == "userx@its.example.nl")
        #expect(recipient.status == "5.1.1")
        #expect(recipient.bounceType == .hardBounce)
        #expect(recipient.permanent)
    }

    @Test func postfixWithoutDSN() throws {
        let report = try parse("postfix_01.eml")
        #expect(report.recipients.map(\.address) == ["xxxxx@local.ie"])
        #expect(report.recipients.first?.status == "5.1.1")
        let dns = try #require(try parse("postfix_02.eml").recipients.first)
        #expect(dns.bounceType == .dnsError)
        #expect(try parse("postfix_02.eml").originalMessageID == "14915.64162.965657.699956@anthem.concentric.net")
    }

    @Test func yahooManyRecipients() throws {
        let report = try parse("yahoo_08.eml")
        #expect(report.recipients.map(\.address) == [
            "usera@example.com", "userb@example.com", "userc@example.com",
            "userd@example.com", "usere@example.com", "userf@example.com",
        ])
        #expect(report.recipients.allSatisfy { $0.permanent && $0.bounceType == .hardBounce })
    }

    @Test func stopsAtTheCopyOfTheOriginal() throws {
        // "<bogus@dont.find.me.invalid>:" comes after "--- Below this line is a copy of the message."
        let report = try parse("yahoo_11.eml")
        #expect(report.recipients.map(\.address) == ["bad_user@aol.com"])
    }

    @Test func exchangeAndAOL() throws {
        #expect(try parse("microsoft_01.eml").recipients.map(\.address) == ["userx@example.COM"])
        #expect(try parse("microsoft_01.eml").recipients.first?.bounceType == .hardBounce)
        #expect(try parse("aol_01.eml").recipients.map { $0.address.lowercased() } == ["screenname@aol.com"])
    }

    @Test func sendmailExpandedAliases() throws {
        let addresses = Set(try parse("sendmail_01.eml").recipients.map(\.address))
        #expect(addresses == ["zzzzz@shaft.coal.nl", "zzzzz@nfg.nl"])
    }

    @Test func freeTextWarningsAreTemporary() throws {
        for name in ["simple_03.eml", "simple_21.eml", "simple_28.eml", "simple_35.eml", "simple_40.eml"] {
            let report = try parse(name)
            #expect(report.kind == .delay, "\(name)")
            #expect(report.recipients.allSatisfy { !$0.permanent && $0.action == "delayed" }, "\(name)")
            #expect(report.recipients.allSatisfy { [.transient, .softBounce].contains($0.bounceType) }, "\(name)")
        }
    }

    @Test func notBounces() throws {
        let autoReply = try parse("qmail_08.eml")
        #expect(autoReply.kind == .autoReply)
        #expect(autoReply.recipients.isEmpty)
        #expect(autoReply.bounceType == .autoResponder)
        let reply = try parse("groupwise_03.eml")
        #expect(reply.kind == .unknown)
        #expect(reply.recipients.isEmpty)
    }

    @Test func bounceWithoutRecoverableAddress() throws {
        // The only addresses are in the attached original: they are not failures.
        for name in ["dumbass_01.eml", "simple_43.eml"] {
            let report = try parse(name)
            #expect(report.kind == .bounce, "\(name)")
            #expect(report.recipients.isEmpty, "\(name)")
        }
    }

    @Test func sieveRejectIsABounceNotAnAutoReply() throws {
        // Auto-Submitted: auto-replied (rejected), multipart/report; report-type=disposition-notification
        let report = try parse("simple_38.eml")
        #expect(report.kind == .bounce)
        #expect(report.recipients.map(\.address) == ["userx@example.com"])
        #expect(report.recipients.first?.bounceType == .softBounce)
    }
}

@Suite("Bounce parser: synthetic reports")
struct SyntheticReportTests {
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    // RFC 5965 §B.1-style report.
    static let arf = crlf("""
        From: <abusedesk@example.com>
        Date: Thu, 8 Mar 2005 17:40:36 EDT
        Subject: FW: Earn money
        To: <abuse@example.net>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report;
             boundary="part1_13d.2e68ed54_boundary"

        --part1_13d.2e68ed54_boundary
        Content-Type: text/plain; charset="US-ASCII"
        Content-Transfer-Encoding: 7bit

        This is an email abuse report for an email message received from IP
        192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information
        about this format please see http://www.mipassoc.org/arf/.

        --part1_13d.2e68ed54_boundary
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: SomeGenerator/1.0
        Version: 1
        Original-Mail-From: <pm_bounces@postage.example>
        Original-Rcpt-To: <user@example.com>
        Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT
        Reporting-MTA: dns; mail.example.com
        Source-IP: 192.0.2.1

        --part1_13d.2e68ed54_boundary
        Content-Type: message/rfc822
        Content-Disposition: inline

        From: <somespammer@example.net>
        Received: from mailserver.example.net (mailserver.example.net
             [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;
             Thu, 08 Mar 2005 14:00:00 -0400
        To: <Undisclosed Recipients>
        Subject: Earn money
        MIME-Version: 1.0
        Content-type: text/plain
        Message-ID: <8787KJKJ3K4J3K4J3K4J3.mail@example.net>
        Date: Thu, 02 Sep 2004 12:31:03 -0500

        Spam Spam Spam
        Spam Spam Spam
        --part1_13d.2e68ed54_boundary--

        """)

    @Test func arfComplaint() {
        let report = BounceParser.parse(Self.arf)
        #expect(report.kind == .complaint)
        #expect(report.isComplaint)
        #expect(report.feedbackType == "abuse")
        #expect(report.userAgent == "SomeGenerator/1.0")
        #expect(report.reportingMTA == "mail.example.com")
        #expect(report.originalMessageID == "8787KJKJ3K4J3K4J3K4J3.mail@example.net")
        #expect(report.recipients.map(\.address) == ["user@example.com"])
        #expect(report.recipients.first?.bounceType == .spamComplaint)
        #expect(report.recipients.first?.permanent == true)
        #expect(report.bounceType.typeCode == 100_001)
    }

    @Test func arfWithoutOriginalRcptToUsesTheOriginalsTo() {
        let text = String(decoding: Self.arf, as: UTF8.self)
            .replacingOccurrences(of: "Original-Rcpt-To: <user@example.com>\r\n", with: "")
            .replacingOccurrences(of: "To: <Undisclosed Recipients>", with: "To: Someone <someone@example.org>")
        let report = BounceParser.parse(Array(text.utf8))
        #expect(report.kind == .complaint)
        #expect(report.recipients.map(\.address) == ["someone@example.org"])
    }

    static let dsn = crlf("""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        To: pm_bounces+abc@postage.example
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"

        --B
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --B
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org
        Original-Envelope-Id: env-123
        Arrival-Date: Mon, 1 Jan 2024 10:00:00 +0000

        Final-Recipient: rfc822; ok@example.org
        Action: delivered
        Status: 2.0.0

        Final-Recipient: rfc822; gone@example.org
        Original-Recipient: rfc822;gone@example.org
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; mail.example.org
        Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address
            rejected: User unknown in virtual mailbox table

        Final-Recipient: rfc822; <full@example.org>
        Action: delayed
        Status: 4.2.2
        Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

        --B
        Content-Type: text/rfc822-headers

        From: sender@postage.example
        To: gone@example.org
        Message-ID: <0f8fad5b-d9cb-469f-a165-70867728950e@postage.example>
        X-PM-Message-Id: 0f8fad5b-d9cb-469f-a165-70867728950e
        Subject: Hello

        --B--

        """)

    @Test func dsnWithSeveralRecipients() throws {
        let report = BounceParser.parse(Self.dsn)
        #expect(report.kind == .bounce)
        #expect(report.recipients.map(\.address) == ["gone@example.org", "full@example.org"])
        let gone = report.recipients[0]
        #expect(gone.status == "5.1.1")
        #expect(gone.remoteMTA == "mail.example.org")
        #expect(gone.diagnostic == "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown in virtual mailbox table")
        #expect(gone.bounceType == .hardBounce)
        #expect(gone.permanent)
        let full = report.recipients[1]
        #expect(!full.permanent)
        #expect(full.bounceType == .softBounce)
        #expect(report.reportingMTA == "mx.example.org")
        #expect(report.returnPath == "env-123")
        #expect(report.originalMessageID == "0f8fad5b-d9cb-469f-a165-70867728950e")
    }

    @Test func envelopeRecipientIsTheReturnPath() {
        let report = BounceParser.parse(Self.dsn, envelopeRecipient: "pm_bounces+xyz@postage.example")
        #expect(report.returnPath == "pm_bounces+xyz@postage.example")
    }

    @Test func freeTextSMTPReply() {
        let message = Self.crlf("""
            From: postmaster@relay.example
            Subject: Delivery failure
            To: bounces@postage.example

            Your message could not be delivered.
            RCPT TO:<nobody@example.net> said: 550 5.1.1 <nobody@example.net>: user unknown

            """)
        let report = BounceParser.parse(message)
        #expect(report.recipients.map(\.address) == ["nobody@example.net"])
        #expect(report.recipients.first?.status == "5.1.1")
        #expect(report.recipients.first?.bounceType == .hardBounce)
        #expect(report.returnPath == "bounces@postage.example")
    }

    @Test func inspectJSONShape() throws {
        let json = BounceParser.inspectJSON(Self.dsn)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["Kind", "Type", "TypeCode", "Recipient", "Recipients", "Status", "Diagnostic", "Permanent",
                    "IsComplaint", "OriginalMessageID"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["Kind"] as? String == "bounce")
        #expect(object["Type"] as? String == "HardBounce")
        #expect(object["TypeCode"] as? Int == 1)
        #expect(object["Recipient"] as? String == "gone@example.org")
        #expect(object["Status"] as? String == "5.1.1")
        #expect(object["Permanent"] as? Bool == true)
        #expect(object["IsComplaint"] as? Bool == false)
        let recipients = try #require(object["Recipients"] as? [[String: Any]])
        #expect(recipients.count == 2)
        #expect(recipients[1]["Type"] as? String == "SoftBounce")
        #expect(recipients[1]["TypeCode"] as? Int == 4096)

        let complaint = try #require(
            try JSONSerialization.jsonObject(with: Data(BounceParser.inspectJSON(SyntheticReportTests.arf).utf8))
                as? [String: Any])
        #expect(complaint["Type"] as? String == "SpamComplaint")
        #expect(complaint["TypeCode"] as? Int == 100_001)
        #expect(complaint["IsComplaint"] as? Bool == true)
        #expect(complaint["FeedbackType"] as? String == "abuse")
    }

    @Test func emptyAndGarbage() {
        #expect(BounceParser.parse([]).kind == .unknown)
        #expect(BounceParser.parse(Array("no headers at all".utf8)).recipients.isEmpty)
    }
}

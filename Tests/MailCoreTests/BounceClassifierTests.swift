import Testing

@testable import MailCore

@Suite struct BounceClassifierTests {
    @Test(arguments: [
        (550, "5.1.1", "5.1.1 <a@x.test>: Recipient address rejected: User unknown", BounceType.hardBounce, true),
        (550, nil, "No such user here", .hardBounce, true),
        (556, "5.1.10", "Recipient address has null MX", .hardBounce, true),
        (552, "5.2.2", "Mailbox full", .softBounce, true),
        (452, "4.2.2", "Mailbox over quota, try later", .softBounce, false),
        (451, "4.3.0", "Temporary local problem", .transient, false),
        (421, nil, "Service not available", .transient, false),
        (554, "5.7.1", "Message rejected as spam", .spamNotification, true),
        (554, "5.7.1", "Client host blocked using a blocklist", .blocked, true),
        (550, "5.7.26", "Unauthenticated email is not accepted due to DMARC policy", .dmarcPolicy, true),
        (550, "5.4.4", "Unable to route", .dnsError, true),
        (554, nil, "Message contains a virus", .virusNotification, true),
        (550, "5.7.1", "Recipient address rejected: user unknown in relay recipient table", .hardBounce, true),
    ] as [(Int, String?, String, BounceType, Bool)])
    func classifies(code: Int, status: String?, text: String, type: BounceType, permanent: Bool) {
        let verdict = BounceClassifier.classify(smtpCode: code, enhancedStatus: status, diagnostic: text)
        #expect(verdict.type == type)
        #expect(verdict.permanent == permanent)
    }

    @Test func enhancedStatusParsing() {
        #expect(EnhancedStatus("5.1.1")?.description == "5.1.1")
        #expect(EnhancedStatus("4.7.26")?.detail == 26)
        for bad in ["", "5.1", "3.1.1", "5.1.1.1", "5..1", "a.b.c", "5.1000.1"] {
            #expect(EnhancedStatus(bad) == nil, "\(bad)")
        }
    }

    @Test func typeCodesMatchTheReference() {
        #expect(BounceType.hardBounce.typeCode == 1)
        #expect(BounceType.softBounce.typeCode == 4096)
        #expect(BounceType.spamComplaint.typeCode == 100_001)
        #expect(BounceType.smtpAPIError.typeCode == 100_007)
        #expect(BounceType(loose: "hard_bounce") == .hardBounce)
        #expect(BounceType(loose: "SPAMCOMPLAINT") == .spamComplaint)
        #expect(Set(BounceType.allCases.map(\.typeCode)).count == BounceType.allCases.count)
    }
}

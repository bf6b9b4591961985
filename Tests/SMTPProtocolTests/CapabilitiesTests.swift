import SMTPProtocol
import Testing

@Suite struct CapabilitiesTests {
    @Test func postfixStyleEHLO() {
        let reply = SMTPReply(code: 250, lines: [
            "mx.example.test", "PIPELINING", "SIZE 10240000", "VRFY", "ETRN", "STARTTLS",
            "AUTH PLAIN LOGIN", "AUTH=PLAIN LOGIN", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING",
        ])
        let caps = SMTPCapabilities(ehloReply: reply)
        #expect(caps.pipelining && caps.startTLS && caps.enhancedStatusCodes && caps.eightBitMIME)
        #expect(caps.smtpUTF8 && caps.dsn && caps.chunking && caps.size)
        #expect(caps.sizeLimit == 10_240_000)
        #expect(caps.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(!caps.supports("XCLIENT"))
        // The greeting line is not a keyword.
        #expect(!caps.supports("MX.EXAMPLE.TEST"))
    }

    @Test func keywordsAreCaseInsensitiveAndSizeZeroMeansNoLimit() {
        let caps = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["x", "pipelining", "size 0", "starttls", "auth=cram-md5 plain"]))
        #expect(caps.pipelining && caps.startTLS && caps.size)
        #expect(caps.sizeLimit == nil)
        #expect(caps.authMechanisms == ["CRAM-MD5", "PLAIN"])
        let bareSize = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["x", "SIZE"]))
        #expect(bareSize.size && bareSize.sizeLimit == nil)
    }

    @Test func singleLineEHLOHasNoExtensions() {
        let caps = SMTPCapabilities(ehloReply: SMTPReply(code: 250, "mx.example.test Hello"))
        #expect(caps == .none)
        #expect(!caps.pipelining && caps.sizeLimit == nil && caps.authMechanisms.isEmpty)
    }
}

import NIOCore
import NIOTestUtils
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// The session reads a byte stream, so its result must not depend on how the stream was cut into
/// reads: every input here is fed all at once, byte by byte, split in two at every point, and cut
/// at pseudo-random points, and each run must give exactly the same events.
@Suite struct ByteSplitTests {
    /// Runs `segments` through a fresh harness. Each segment is cut with `split`; a segment
    /// boundary stands for something outside the byte stream (the TLS handshake).
    static func run(
        _ configuration: SMTPServerConfiguration,
        _ segments: [[UInt8]],
        split: (Int, [UInt8]) -> [Int] = { _, _ in [] }
    ) -> (events: [SessionEvent], leftover: Int) {
        let harness = SessionHarness(configuration)
        for (index, segment) in segments.enumerated() {
            harness.feed(segment, splitAt: split(index, segment))
        }
        return (harness.events, harness.largestLeftover)
    }

    /// Feeds `segments` in every way and expects the same events each time; returns them.
    @discardableResult
    static func verify(
        _ configuration: SMTPServerConfiguration,
        _ segments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [SessionEvent] {
        let bytes = segments.map { Array($0.utf8) }
        let reference = self.run(configuration, bytes).events
        // Byte by byte.
        let dripped = self.run(configuration, bytes) { _, segment in Array(0..<segment.count) }
        #expect(dripped.events == reference, "byte by byte", sourceLocation: sourceLocation)
        #expect(dripped.leftover <= configuration.maximumSASLResponseLength, sourceLocation: sourceLocation)
        // Every split point into two reads, in each segment.
        for (target, segment) in bytes.enumerated() {
            for point in 1..<max(segment.count, 1) {
                let result = self.run(configuration, bytes) { index, _ in index == target ? [point] : [] }
                if result.events != reference {
                    Issue.record("split at \(point) of segment \(target) differs: \(result.events) vs \(reference)", sourceLocation: sourceLocation)
                    return reference
                }
            }
        }
        // Pseudo-random cuts into several reads.
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<200 {
            let result = self.run(configuration, bytes) { _, segment in
                guard segment.count > 1 else { return [] }
                return (0..<Int(random.next() % 8)).map { _ in Int(random.next() % UInt64(segment.count)) }.sorted()
            }
            if result.events != reference {
                Issue.record("random split differs: \(result.events) vs \(reference)", sourceLocation: sourceLocation)
                return reference
            }
        }
        return reference
    }

    @Test func representativeSessionWithSTARTTLSAuthPlainAndDotStuffing() {
        let events = Self.verify(.test, [
            "EHLO client.example\r\nSTARTTLS\r\n",
            "EHLO client.example\r\nAUTH PLAIN\r\n\(b64("\0user\0secret"))\r\n"
                + "MAIL FROM:<sender@example.com> BODY=8BITMIME SIZE=200\r\nRCPT TO:<one@x.example>\r\nRCPT TO:<two@y.example>\r\n"
                + "DATA\r\nSubject: dots\r\n\r\n..leading dot\r\n...\r\n.. \r\n\r\nend\r\n.\r\n"
                + "MAIL FROM:<>\r\nRCPT TO:<three@z.example>\r\nDATA\r\n.\r\nNOOP\r\nQUIT\r\n",
        ])
        let submissions = events.compactMap { if case .submit(let s) = $0 { return s } else { return nil } }
        #expect(submissions.count == 2)
        #expect(submissions.first.map { String(decoding: $0.message, as: UTF8.self) } == "Subject: dots\r\n\r\n.leading dot\r\n..\r\n. \r\n\r\nend\r\n")
        #expect(submissions.first?.recipients == ["one@x.example", "two@y.example"])
        #expect(submissions.first?.bodyType == .eightBitMIME)
        #expect(submissions.first?.tls == true)
        #expect(submissions.first?.authenticatedUser == "user")
        #expect(submissions.last?.reversePath == "")
        #expect(submissions.last?.message == [])
        #expect(events.filter { if case .authenticate = $0 { return true } else { return false } }.count == 1)
        #expect(events.suffix(4) == [.reply("250 2.0.0 Ok: queued as MSG1"), .reply("250 2.0.0 Ok"), .reply("221 2.0.0 Bye"), .close])
        #expect(events.count == 22)
    }

    @Test func sessionWithAuthLogin() {
        var configuration = SMTPServerConfiguration.test
        configuration.authRequiresTLS = false
        let events = Self.verify(configuration, [
            "EHLO c\r\nAUTH LOGIN\r\n\(b64("user"))\r\n\(b64("secret"))\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\n"
                + "DATA\r\nline1\r\n..\r\n.\r\nQUIT\r\n",
        ])
        #expect(events.dropFirst(2).prefix(4) == [
            .reply("334 VXNlcm5hbWU6"), .reply("334 UGFzc3dvcmQ6"), .authenticate("user", "secret"),
            .reply("235 2.7.0 Authentication successful"),
        ])
        let submission = events.compactMap { if case .submit(let s) = $0 { return s } else { return nil } }.first
        #expect(submission?.message == Array("line1\r\n.\r\n".utf8))
    }

    @Test(arguments: ["\n.\n", "\r.\r", "\r\n.\n", "\n.\r\n", "\r\n.\r"])
    func smugglingIsSplitIndependent(_ fakeEnd: String) {
        let events = Self.verify(.open, [
            "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\nhello" + fakeEnd
                + "MAIL FROM:<x@y.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\nevil\r\n.\r\n",
        ])
        #expect(!events.contains { if case .submit = $0 { return true } else { return false } })
        #expect(events.last == .close)
    }

    @Test func limitsAreSplitIndependent() {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumMessageSize = 40
        configuration.maximumTextLineLength = 20
        configuration.maximumCommandLineLength = 30
        let events = Self.verify(configuration, [
            "EHLO c\r\nNOOP " + String(repeating: "n", count: 40) + "\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\n"
                + "DATA\r\n" + String(repeating: "l", count: 19) + "\r\n.\r\n"
                + "MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n"
                + String(repeating: "0123456789\r\n", count: 5) + ".\r\n"
                + "MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n.." + String(repeating: "s", count: 17) + "\r\n.\r\nQUIT\r\n",
        ])
        #expect(events.compactMap { if case .reply(let r) = $0 { return r } else { return nil } }.filter { $0.hasPrefix("5") } == [
            "500 5.5.2 Line too long",
            "500 5.5.2 Line too long",
            "552 5.3.4 Message size exceeds fixed maximum message size",
        ])
        let submissions = events.compactMap { if case .submit(let s) = $0 { return s } else { return nil } }
        #expect(submissions.map(\.message.count) == [20])
    }

    /// NIOTestUtils' verifier over a session wrapped as a decoder: each input is a self-contained
    /// exchange that leaves the session as it found it, so the verifier may shuffle and repeat them.
    @Test func nioDecoderVerifier() throws {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumErrors = .max
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("NOOP\r\n", [.reply("250 2.0.0 Ok")]),
                ("MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\nx\r\n..y\r\n.\r\n", [
                    .reply("250 2.1.0 Ok"), .reply("250 2.1.5 Ok"), .reply("354 End data with <CR><LF>.<CR><LF>"),
                    .submit(SMTPSubmission(reversePath: "a@b.example", recipients: ["r@x.example"], message: Array("x\r\n.y\r\n".utf8),
                                           bodyType: nil, smtpUTF8: false, heloName: "c", tls: false, authenticatedUser: nil)),
                    .reply("250 2.0.0 Ok: queued as MSG1"),
                ]),
                ("BOGUS\r\n", [.reply("500 5.5.1 Command unrecognized")]),
                ("MAIL FROM:<a@b.example>\r\nRSET\r\n", [.reply("250 2.1.0 Ok"), .reply("250 2.0.0 Ok")]),
            ],
            decoderFactory: { SessionDecoder(configuration: configuration) }
        )
    }
}

/// The session as a `ByteToMessageDecoder` that answers results at once, for NIOTestUtils.
struct SessionDecoder: ByteToMessageDecoder {
    typealias InboundOut = SessionEvent
    var session: SMTPServerSession

    init(configuration: SMTPServerConfiguration) {
        self.session = SMTPServerSession(configuration: configuration)
        _ = self.session.start()
        var hello = ByteBuffer(string: "EHLO c\r\n")
        _ = self.session.receive(&hello)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var pending = self.session.receive(&buffer)
        while !pending.isEmpty {
            let action = pending.removeFirst()
            switch action {
            case .reply(let reply):
                context.fireChannelRead(Self.wrapInboundOut(.reply(reply.wireDescription)))
            case .submit(let submission):
                context.fireChannelRead(Self.wrapInboundOut(.submit(submission)))
                pending += self.session.submissionResult(.accepted(messageID: "MSG1"))
                pending += self.session.receive(&buffer)
            case .authenticate, .startTLS, .close:
                Issue.record("unexpected \(action)")
            }
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try self.decode(context: context, buffer: &buffer)
    }
}

/// A small seeded generator so that the random splits are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

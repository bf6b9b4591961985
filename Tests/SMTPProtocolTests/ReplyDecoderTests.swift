import NIOCore
import NIOTestUtils
import SMTPProtocol
import Testing

/// The reply decoders, fed at every byte split (conventions: decoders checked at every split).
@Suite struct ReplyDecoderTests {
    /// Wire text and the replies it holds. Covers single-line, multi-line (RFC 5321 §4.2.1), a
    /// bare code, an empty last line ("250 " as smtp-sink sends), UTF-8 text and an enhanced code.
    static let vectors: [(String, [SMTPReply])] = [
        ("220 mx.example.test ESMTP ready\r\n", [SMTPReply(code: 220, "mx.example.test ESMTP ready")]),
        ("250-sink.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n",
         [SMTPReply(code: 250, lines: ["sink.test", "PIPELINING", "SIZE 10240000", "8BITMIME"])]),
        ("250-sink.test\r\n250-DSN\r\n250 \r\n", [SMTPReply(code: 250, lines: ["sink.test", "DSN", ""])]),
        ("354\r\n", [SMTPReply(code: 354, lines: [""])]),
        ("550 5.1.1 <nobody@example.test>: Recipient address rejected\r\n",
         [SMTPReply(code: 550, "5.1.1 <nobody@example.test>: Recipient address rejected")]),
        ("250 2.1.5 Ok\r\n451 4.3.0 later\r\n",
         [SMTPReply(code: 250, "2.1.5 Ok"), SMTPReply(code: 451, "4.3.0 later")]),
        ("250 caf\u{E9} ok \u{2713}\r\n", [SMTPReply(code: 250, "caf\u{E9} ok \u{2713}")]),
        ("421-4.3.2 going down\r\n421 4.3.2 bye\r\n", [SMTPReply(code: 421, lines: ["4.3.2 going down", "4.3.2 bye"])]),
    ]

    @Test func replyDecoderPassesTheVerifier() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: Self.vectors,
            decoderFactory: { SMTPReplyDecoder() }
        )
    }

    @Test func lineDecoderPassesTheVerifier() throws {
        let pairs: [(String, [SMTPReplyLine])] = [
            ("250-a\r\n", [SMTPReplyLine(code: 250, isLast: false, text: "a")]),
            ("250 b c\r\n", [SMTPReplyLine(code: 250, isLast: true, text: "b c")]),
            ("221\r\n", [SMTPReplyLine(code: 221, isLast: true, text: "")]),
            ("554-x\r\n554 y\r\n", [SMTPReplyLine(code: 554, isLast: false, text: "x"), SMTPReplyLine(code: 554, isLast: true, text: "y")]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(stringInputOutputPairs: pairs, decoderFactory: { SMTPReplyLineDecoder() })
    }

    /// Every way to cut the whole stream in two, and every way to cut each vector in three.
    @Test func everySplitGivesTheSameReplies() throws {
        let all = Self.vectors.map(\.0).joined()
        let expected = Self.vectors.flatMap(\.1)
        let bytes = Array(all.utf8)
        for cut in 0...bytes.count {
            #expect(try decodeAll([Array(bytes[..<cut]), Array(bytes[cut...])]) == expected, "cut at \(cut)")
        }
        for (text, replies) in Self.vectors {
            let bytes = Array(text.utf8)
            for first in 0...bytes.count {
                for second in first...bytes.count {
                    let parts = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                    #expect(try decodeAll(parts) == replies, "cuts at \(first), \(second) of \(text.debugDescription)")
                }
            }
        }
    }

    @Test(arguments: [
        ("250 ok\n", SMTPProtocolError.Code.bareLineFeed),
        ("250 o\rk\r\n", .bareCarriageReturn),
        ("250 ok\r\r\n", .bareCarriageReturn),
        ("25 short\r\n", .malformedReplyLine),
        ("2500 four digits\r\n", .malformedReplyLine),
        ("650 bad first digit\r\n", .malformedReplyLine),
        ("260 bad second digit\r\n", .malformedReplyLine),
        ("250_underscore\r\n", .malformedReplyLine),
        ("\r\n", .malformedReplyLine),
        ("250-a\r\n251 b\r\n", .inconsistentReplyCode),
    ])
    func malformedInputIsRejected(input: String, code: SMTPProtocolError.Code) throws {
        let error = try #require(throws: SMTPProtocolError.self) { try decodeAll([Array(input.utf8)]) }
        #expect(error.code == code)
        // Byte by byte, the same error (no split hides it).
        let dripped = try #require(throws: SMTPProtocolError.self) { try decodeAll(input.utf8.map { [$0] }) }
        #expect(dripped.code == code)
    }

    @Test func aLineLongerThanTheCapIsRejectedBeforeItsEnd() throws {
        var decoder = SMTPReplyDecoder(maximumLineLength: 64)
        var buffer = ByteBuffer(string: "250 " + String(repeating: "x", count: 59) + "\r")  // 64 bytes, no LF yet
        #expect(throws: SMTPProtocolError.self) { _ = try decoder.decode(buffer: &buffer) }
        var decoder2 = SMTPReplyDecoder(maximumLineLength: 64)
        var fits = ByteBuffer(string: "250 " + String(repeating: "x", count: 58) + "\r\n")  // exactly 64 with CRLF
        #expect(try decoder2.decode(buffer: &fits)?.lines == [String(repeating: "x", count: 58)])
        // An endless line without any LF fails once it passes the cap.
        var decoder3 = SMTPReplyDecoder(maximumLineLength: 64)
        var endless = ByteBuffer(string: String(repeating: "2", count: 100))
        let error = try #require(throws: SMTPProtocolError.self) { _ = try decoder3.decode(buffer: &endless) }
        #expect(error.code == .lineTooLong)
    }

    @Test func aReplyWithTooManyLinesIsRejected() throws {
        var decoder = SMTPReplyDecoder(maximumLineCount: 3)
        var buffer = ByteBuffer(string: "250-a\r\n250-b\r\n250-c\r\n250 d\r\n")
        let error = try #require(throws: SMTPProtocolError.self) { _ = try decoder.decode(buffer: &buffer) }
        #expect(error.code == .replyTooLong)
    }

    @Test func aPartialReplyIsNotCompletedAtEOF() throws {
        var decoder = SMTPReplyDecoder()
        var buffer = ByteBuffer(string: "250-a\r\n250 incomplete")
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil)
    }
}

/// Feeds the chunks through one decoder, as a processor would, and returns every reply.
func decodeAll(_ chunks: [[UInt8]]) throws -> [SMTPReply] {
    let processor = NIOSingleStepByteToMessageProcessor(SMTPReplyDecoder())
    var replies: [SMTPReply] = []
    for chunk in chunks {
        try processor.process(buffer: ByteBuffer(bytes: chunk)) { replies.append($0) }
    }
    return replies
}

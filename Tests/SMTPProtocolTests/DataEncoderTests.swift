import NIOCore
import SMTPProtocol
import Testing

@Suite struct DataEncoderTests {
    /// (message, wire bytes after 354, RFC 1870 size)
    @Test(arguments: [
        ("Subject: a\r\n\r\nbody\r\n", "Subject: a\r\n\r\nbody\r\n.\r\n", 20),
        ("Subject: a\n\nbody\n", "Subject: a\r\n\r\nbody\r\n.\r\n", 20),                 // LF -> CRLF
        ("Subject: a\r\rbody\r", "Subject: a\r\n\r\nbody\r\n.\r\n", 20),                 // bare CR -> CRLF
        ("no final newline", "no final newline\r\n.\r\n", 18),                           // CRLF added
        (".starts with dot\r\n", "..starts with dot\r\n.\r\n", 18),                      // RFC 5321 §4.5.2
        ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n", 9),                                 // a lone dot line
        ("a\n.\nb", "a\r\n..\r\nb\r\n.\r\n", 9),
        ("a\r\n..two\r\n", "a\r\n...two\r\n.\r\n", 10),
        ("mid.dle.\r\n", "mid.dle.\r\n.\r\n", 10),                                       // dots not at line start
        ("x\r\n\n.\r", "x\r\n\r\n..\r\n.\r\n", 8),                                       // mixed endings
        ("\r\n", "\r\n.\r\n", 2),
        ("", ".\r\n", 0),
        (".", "..\r\n.\r\n", 3),
    ])
    func encodes(message: String, wire: String, size: Int) {
        let (buffer, summary) = SMTPDataEncoder.encode(Array(message.utf8))
        #expect(String(buffer: buffer) == wire)
        #expect(summary.size == size)
        #expect(!summary.has8BitOctets)
    }

    @Test func detects8BitOctets() {
        let (_, summary) = SMTPDataEncoder.encode(Array("Subject: caf\u{E9}\r\n\r\n".utf8))
        #expect(summary.has8BitOctets)
    }

    @Test func encodesNonContiguousSequences() {
        let (buffer, summary) = SMTPDataEncoder.encode(Array(".a\nb".utf8).lazy.map { $0 })
        #expect(String(buffer: buffer) == "..a\r\nb\r\n.\r\n")
        #expect(summary.size == 7)
    }

    /// For random messages: the wire form never has a bare CR or LF, ends in CRLF.CRLF, never has
    /// CRLF.CRLF before its end, and a receiver that removes the stuffing (RFC 5321 §4.5.2) gets
    /// the CRLF-normalised message back.
    @Test func roundTripsRandomMessages() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet: [UInt8] = Array("ab.\r\n \u{7F}".utf8) + [0xC3, 0xA9]
        for _ in 0..<2000 {
            let length = Int(generator.next() % 40)
            let message = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let (buffer, summary) = SMTPDataEncoder.encode(message)
            let wire = Array(buffer.readableBytesView)
            #expect(wire.suffix(3) == Array(".\r\n".utf8))
            #expect(!containsBareLineBreak(wire), "\(message)")
            let lines = splitCRLF(Array(wire.dropLast(3)))
            #expect(!lines.contains([UInt8(ascii: ".")]), "early end of data in \(message)")
            let unstuffed: [[UInt8]] = lines.map { $0.first == UInt8(ascii: ".") ? Array($0.dropFirst()) : $0 }
            let received: [UInt8] = unstuffed.flatMap { (line: [UInt8]) -> [UInt8] in line + [13, 10] }
            #expect(received == normalised(message), "\(message)")
            #expect(summary.size == received.count)
        }
    }
}

/// Lines of a CRLF-terminated byte string (the final CRLF ends the last line).
private func splitCRLF(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
            lines.append(current)
            current = []
            index += 2
        } else {
            current.append(bytes[index])
            index += 1
        }
    }
    precondition(current.isEmpty, "wire form must end in CRLF")
    return lines
}

private func containsBareLineBreak(_ bytes: [UInt8]) -> Bool {
    for (index, byte) in bytes.enumerated() {
        if byte == 13, index + 1 >= bytes.count || bytes[index + 1] != 10 { return true }
        if byte == 10, index == 0 || bytes[index - 1] != 13 { return true }
    }
    return false
}

/// CR, LF and CRLF each become CRLF; a CRLF is added when the message does not end in one.
private func normalised(_ message: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var index = 0
    while index < message.count {
        let byte = message[index]
        if byte == 13 || byte == 10 {
            out += [13, 10]
            if byte == 13, index + 1 < message.count, message[index + 1] == 10 { index += 1 }
        } else {
            out.append(byte)
        }
        index += 1
    }
    if !out.isEmpty, out.suffix(2) != [13, 10] { out += [13, 10] }
    return out
}

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

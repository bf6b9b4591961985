import DNSProtocol
import Testing

/// Bounded random fuzzing: the decoder must decode or throw `DNSProtocolError`, never trap, on
/// random bytes and on mutations of valid messages. Seeds are fixed, so a failure is replayable.
@Suite("DNSMessage decoder fuzzing")
struct DecoderFuzzTests {
    static let seeds: [UInt64] = [1, 2, 3, 0xDEAD_BEEF]

    /// Decodes, and for every message that decodes, encodes it again and decodes the result.
    static func exercise(_ bytes: [UInt8]) -> Bool {
        do {
            let message = try DNSMessage(decoding: bytes)
            if let encoded = try? message.encoded() {
                #expect((try? DNSMessage(decoding: encoded)) == message)
            }
            return true
        } catch is DNSProtocolError {
            return false
        } catch {
            Issue.record("unexpected error type: \(error)")
            return false
        }
    }

    @Test("random bytes", arguments: seeds)
    func randomBytes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...300, using: &random)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if bytes.count >= 12, Bool.random(using: &random) {
                // Small section counts make random bodies get further into the decoder.
                for index in 4..<12 { bytes[index] = index % 2 == 0 ? 0 : UInt8.random(in: 0...3, using: &random) }
            }
            _ = Self.exercise(bytes)
        }
    }

    @Test("mutated valid messages", arguments: seeds)
    func mutations(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let corpus: [[UInt8]] = [
            MessageDecodingTests.mxReply(),
            try DNSMessage.query(id: 1, name: try DNSName("rsa2024._domainkey.example.test"), type: .txt).encoded(),
            try Self.richMessage(),
        ]
        var decoded = 0
        for _ in 0..<5_000 {
            var bytes = corpus.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0:  // flip a bit
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 1:  // set a byte to a value that often means "pointer" or "length"
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] = [0x00, 0x3F, 0x40, 0xC0, 0xC0 | 0x0C, 0xFF].randomElement(using: &random)!
                case 2:  // cut
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                default:  // insert a random byte
                    bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
                }
                if bytes.isEmpty { break }
            }
            if Self.exercise(bytes) { decoded += 1 }
        }
        // Some mutations (e.g. of TTLs or addresses) still decode: the fuzzer reaches the end.
        #expect(decoded > 0)
    }

    static func richMessage() throws -> [UInt8] {
        let zone = try DNSName("example.test")
        return try DNSMessage(
            header: DNSHeader(id: 9, isResponse: true, rcode: 0),
            questions: [DNSQuestion(name: zone, type: .mx)],
            answers: [
                DNSResourceRecord(name: zone, ttl: 60, data: .mx(MXRecord(preference: 10, exchange: try DNSName("mx1.example.test")))),
                DNSResourceRecord(name: zone, ttl: 60, data: .txt(try TXTRecord(strings: [Array("a".utf8), Array("bc".utf8)]))),
            ],
            authorities: [
                DNSResourceRecord(
                    name: zone, ttl: 60,
                    data: .soa(SOARecord(primaryServer: zone, responsibleMailbox: zone, serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5))),
            ],
            additionals: [DNSResourceRecord(name: zone, ttl: 60, data: .aaaa(IPv6Address("::1")!))],
            edns: EDNSRecord()
        ).encoded()
    }
}

import Foundation
import MIME
import MIMEParser
import Testing

/// Bounded random mutation of real messages: no crash, no hang, bounded output.
@Suite("Mutation fuzzing")
struct FuzzTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static var seeds: [[UInt8]] {
        let bounces = TestData.files(in: TestData.bounceDirectory, suffix: ".eml").map(TestData.bytes)
        let cpython = TestData.files(in: TestData.cpythonCorpusDirectory, prefix: "msg_", suffix: ".txt").map(TestData.bytes)
        var generator = SystemRandomNumberGenerator()
        let built = BuilderDrafts.all.map { MessageBuilder.build($0, using: &generator) }
        return built + bounces + cpython + [MultipartTests.rfc2046Example]
    }

    static func mutate(_ input: [UInt8], _ rng: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { return bytes }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: bytes = Array(bytes[..<at]) // truncate
            case 1: bytes[at] ^= UInt8.random(in: 1...255, using: &rng) // flip
            case 2: bytes[at] = [0x0A, 0x0D, 0x3D, 0x2D, 0x3A, 0x22, 0x3F, 0x20][Int.random(in: 0..<8, using: &rng)]
            case 3: // duplicate a delimiter-looking line (or any line) many times
                if let line = lineContaining("--", in: bytes, near: at) {
                    let copies = Array(repeating: line, count: Int.random(in: 1...50, using: &rng)).flatMap { $0 }
                    bytes.insert(contentsOf: copies, at: at)
                }
            case 4: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &rng)))
            case 5: bytes = bytes.filter { $0 != 0x0D } // CRLF → LF
            case 6: bytes.insert(contentsOf: Array("\r\n--\r\n=?utf-8?b?".utf8), at: at)
            default: // splice a chunk from elsewhere
                let from = Int.random(in: 0..<bytes.count, using: &rng)
                let chunk = bytes[from..<min(bytes.count, from + 500)]
                bytes.insert(contentsOf: chunk, at: at)
            }
        }
        return bytes
    }

    static func lineContaining(_ needle: String, in bytes: [UInt8], near index: Int) -> [UInt8]? {
        let text = Array(needle.utf8)
        var start = index
        while start < bytes.count {
            if bytes[start] == 0x0A, start + 1 + text.count <= bytes.count, Array(bytes[(start + 1)..<(start + 1 + text.count)]) == text {
                var end = start + 1
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                return Array(bytes[(start + 1)..<min(bytes.count, end + 1)])
            }
            start += 1
        }
        return nil
    }

    /// Checks every invariant a caller relies on; touching every accessor also exercises the
    /// decoders on mutated data.
    static func check(_ message: ParsedMessage, input: [UInt8], limits: ParseLimits) {
        var parts = 0
        message.forEachPart { part in
            parts += 1
            let size = part.source.count
            #expect(part.range.lowerBound >= 0 && part.range.upperBound <= size)
            #expect(part.bodyRange.lowerBound >= part.range.lowerBound && part.bodyRange.upperBound <= part.range.upperBound)
            for field in part.header.fields {
                #expect(field.range.upperBound <= size && field.valueRange.upperBound <= field.range.upperBound)
                _ = field.decodedValue
            }
            // Decoders never expand: base64 and quoted-printable only shrink.
            #expect(part.decodedBody.count <= part.bodyRange.count)
            if part.contentType.isText { _ = part.text }
            if part.contentType.type == "message" { _ = part.fieldBlocks() }
            _ = part.filename
            _ = part.contentID
        }
        #expect(parts <= limits.maximumParts)
        #expect(LimitsTests.depth(message.root) <= limits.maximumDepth)
        _ = message.subject
        _ = message.from
        _ = message.to
        _ = message.date
        _ = message.textBody
        _ = message.htmlBody
        #expect(message.attachments.count <= parts)
    }

    @Test func mutatedCorpusNeverCrashes() {
        let seeds = Self.seeds
        let limits = ParseLimits(maximumDepth: 8, maximumParts: 300)
        var rng = Generator(state: 0x5EED)
        let iterations = 3_000
        let clock = ContinuousClock()
        var slowest = Duration.zero
        for _ in 0..<iterations {
            let input = Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], &rng)
            let start = clock.now
            let message = ParsedMessage.parse(input, limits: limits)
            Self.check(message, input: input, limits: limits)
            slowest = max(slowest, clock.now - start)
        }
        print("[fuzz] \(iterations) mutated messages from \(seeds.count) seeds; slowest parse+check \(slowest)")
        #expect(slowest < .seconds(5))
    }
}

import BounceParsing
import Foundation
import Testing

/// Never crash or hang: every corpus file under bounded random mutations, and pathological
/// inputs built to defeat the scanners.
@Suite("Bounce parser robustness")
struct RobustnessTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    }

    static let fragments: [[UInt8]] = [
        "\n", "\r\n", "\n\n", "--", "@", "<", ">:", "Content-Type: multipart/report; boundary=x\n",
        "Content-Type: message/delivery-status\n\n", "Final-Recipient: rfc822; a@b.cd\n", "Action: failed\n",
        "Status: 5.1.1\n", "Content-Type: message/rfc822\n\n", "=?utf-8?b?", "550 5.1.1 <x@y.zz>: ", "\u{0}", "\u{FF}",
        "--- Below this line is a copy of the message.\n", "Feedback-Type: abuse\n", "<br>&nbsp;&#",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(8)) {
            switch random.below(5) {
            case 0 where !bytes.isEmpty:
                bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            case 1 where !bytes.isEmpty:
                bytes.removeSubrange(random.below(bytes.count)..<bytes.count)
            case 2:
                let fragment = fragments[random.below(fragments.count)]
                bytes.insert(contentsOf: fragment, at: random.below(bytes.count + 1))
            case 3 where bytes.count > 2:
                let start = random.below(bytes.count)
                let end = min(bytes.count, start + random.below(512))
                bytes.removeSubrange(start..<end)
            default:
                if !bytes.isEmpty {
                    let start = random.below(bytes.count)
                    let end = min(bytes.count, start + random.below(256))
                    bytes.insert(contentsOf: bytes[start..<end], at: random.below(bytes.count + 1))
                }
            }
        }
        return bytes
    }

    @Test("random mutations of every corpus file")
    func mutatedCorpus() throws {
        var random = Random(state: 0x5EED_B0B5)
        let started = Date()
        var runs = 0
        for name in try Corpus.allMessageNames() {
            let original = try Corpus.message(name)
            for _ in 0..<12 {
                let report = BounceParser.parse(Self.mutate(original, &random))
                _ = BounceParser.inspectJSON(report)
                runs += 1
            }
        }
        #expect(runs >= 1000)
        #expect(Date().timeIntervalSince(started) < 120, "mutations took too long")
    }

    @Test("pathological inputs finish quickly")
    func pathological() {
        let inputs: [[UInt8]] = [
            Array(repeating: UInt8(ascii: "@"), count: 1 << 20),
            Array(String(repeating: "a", count: 300_000).utf8) + Array("@".utf8),
            Array(("From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n"
                + String(repeating: "aaaaaaaa@", count: 100_000)).utf8),
            Array(("From: MAILER-DAEMON@x.example\n\n" + String(repeating: "<u@example.com>:\n550 5.1.1 no\n", count: 20_000)).utf8),
            Array(("Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\nContent-Type: multipart/mixed; boundary=b\n\n", count: 5_000)).utf8),
            Array(("Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"
                + String(repeating: "Final-Recipient: rfc822; a@b.cd\nAction: failed\n\n", count: 50_000)).utf8),
            Array(("Content-Type: text/html\n\n" + String(repeating: "<a href=\"&&&&&&&&&&<<<<", count: 50_000)).utf8),
        ]
        let started = Date()
        for input in inputs {
            _ = BounceParser.inspectJSON(input)
        }
        #expect(Date().timeIntervalSince(started) < 60)
    }
}

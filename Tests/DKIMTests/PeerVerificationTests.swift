import Foundation
import Testing

@testable import DKIM

/// Messages signed here, verified by dkimpy (the independent peer; see `DKIMPeer`). Keys are generated per run
/// (RSA 2048, Ed25519); their public records are handed to dkimpy directly, never through DNS.
@Suite("dkimpy verifies our signatures", .enabled(if: DKIMPeer.shouldRun, "dkimpy not installed in .venv-test"))
struct PeerVerificationTests {
    struct Setup: Sendable {
        let rsa: DKIMKey
        let ed25519: DKIMKey
        var records: [String: String] {
            [
                "rsa._domainkey.example.test": rsa.publicKeyDNSValue,
                "ed._domainkey.example.test": ed25519.publicKeyDNSValue,
            ]
        }

        func signer(_ algorithm: DKIMAlgorithm, _ canonicalization: DKIMCanonicalization = .relaxedRelaxed, identity: String? = nil) -> DKIMSigner {
            DKIMSigner(
                domain: "example.test", selector: algorithm == .rsaSHA256 ? "rsa" : "ed",
                key: algorithm == .rsaSHA256 ? rsa : ed25519, identity: identity, canonicalization: canonicalization
            )
        }
    }

    static let setup = Setup(rsa: try! DKIMKey.generateRSA(bits: 2048), ed25519: DKIMKey.generateEd25519())
    static let now = Date(timeIntervalSinceNow: -60)

    static let canonicalizations: [DKIMCanonicalization] = [
        .relaxedRelaxed, .simpleSimple,
        DKIMCanonicalization(header: .relaxed, body: .simple), DKIMCanonicalization(header: .simple, body: .relaxed),
    ]

    @Test("every sample message, both algorithms, all four canonicalizations: pass")
    func samplesPass() async throws {
        var signed: [(name: String, bytes: [UInt8])] = []
        var expectedHeaderLists: [String: String] = [:]
        for algorithm in DKIMAlgorithm.allCases {
            for canonicalization in Self.canonicalizations {
                let signer = Self.setup.signer(algorithm, canonicalization, identity: "bounces@mail.example.test")
                for sample in SampleMessages.all {
                    let name = "\(sample.name).\(algorithm.rawValue).\(canonicalization.header)-\(canonicalization.body)"
                    let field = try signer.signatureField(for: sample.bytes, timestamp: Self.now)
                    signed.append((name, Array(field.utf8) + sample.bytes))
                    expectedHeaderLists[name] = dkimTags(field)["h"]
                }
            }
        }
        let verdicts = try await DKIMPeer.verify(signed, records: Self.setup.records)
        #expect(verdicts.count == 2 * 4 * SampleMessages.all.count)
        for (name, _) in signed {
            let verdict = try #require(verdicts[name]?.first, "\(name): no verdict")
            #expect(verdict.pass, "\(name): \(verdict.error ?? "")")
            #expect(verdict.h?.replacingOccurrences(of: " ", with: "") == expectedHeaderLists[name], "\(name)")
        }
    }

    @Test("tampered messages fail; unsigned additions and relaxed-tolerated rewrites pass")
    func tampering() async throws {
        var cases: [(name: String, bytes: [UInt8], pass: Bool)] = []
        for algorithm in DKIMAlgorithm.allCases {
            for canonicalization in [DKIMCanonicalization.relaxedRelaxed, .simpleSimple] {
                let signer = Self.setup.signer(algorithm, canonicalization)
                let tag = "\(algorithm.rawValue).\(canonicalization.header)-\(canonicalization.body)"
                let isRelaxed = canonicalization == .relaxedRelaxed
                for sample in [SampleMessages.all[0], SampleMessages.all[1]] {
                    let signed = try signer.sign(sample.bytes, timestamp: Self.now)
                    let prefix = "\(sample.name).\(tag)"
                    cases.append(("\(prefix).control", signed, true))
                    // One body byte changed.
                    let body = sample.name == "plain" ? "this is a plain" : "Thank you for your order"
                    let changedBody = signed.replacingFirst(body, with: String(body.dropLast()) + "X")
                    cases.append(("\(prefix).body-byte", changedBody, false))
                    // Subject text changed.
                    let subject = sample.name == "plain" ? "Subject: Plain text" : "Subject: Your order #1234"
                    cases.append(("\(prefix).subject", signed.replacingFirst(subject, with: subject + "!"), false))
                    // A second From added below the first: over-signing makes this fail (RFC 6376 §5.4.2).
                    let from = sample.name == "plain" ? "From: Sender <sender@example.test>\r\n" : "From: \"Example Shop\" <orders@example.test>\r\n"
                    cases.append(("\(prefix).second-from", signed.replacingFirst(from, with: from + "From: evil@attacker.test\r\n"), false))
                    // An unsigned field appended to the header section: still passes.
                    cases.append(("\(prefix).unsigned-field", signed.replacingFirst("\r\n\r\n", with: "\r\nX-Added: yes\r\n\r\n"), true))
                    // Whitespace changes in a signed field and the body, and trailing blank lines: relaxed only.
                    let rewritten = signed.replacingFirst(subject, with: subject.replacingOccurrences(of: ": ", with: ":   "))
                        .replacingFirst(body, with: body.replacingOccurrences(of: " ", with: "  \t"))
                        + Array("\r\n\r\n".utf8)
                    cases.append(("\(prefix).whitespace-rewrite", rewritten, isRelaxed))
                }
            }
        }
        let verdicts = try await DKIMPeer.verify(cases.map { ($0.name, $0.bytes) }, records: Self.setup.records)
        for testCase in cases {
            let verdict = try #require(verdicts[testCase.name]?.first, "\(testCase.name): no verdict")
            #expect(verdict.pass == testCase.pass, "\(testCase.name): expected pass=\(testCase.pass), got \(verdict.pass) \(verdict.error ?? "")")
            if testCase.name.hasSuffix(".body-byte") {
                #expect(verdict.error?.contains("body hash mismatch") == true, "\(testCase.name): \(verdict.error ?? "")")
            }
        }
    }

    @Test("the RFC 8463 keys sign the RFC message so that dkimpy accepts it with the published records")
    func rfc8463Keys() async throws {
        let message = try Fixtures.bytes("rfc8463-unsigned.eml")
        let ed = RFC8463VectorTests.signer(selector: "brisbane", key: try DKIMKey(ed25519Raw: Fixtures.brisbaneSeed()))
        let rsa = RFC8463VectorTests.signer(selector: "test", key: try DKIMKey(pem: Fixtures.text("keys/test.rsa.pem")))
        let defaultStyle = DKIMSigner(domain: "football.example.com", selector: "brisbane", key: ed.key)
        let signed = try ed.sign(rsa.sign(message, timestamp: Self.now), timestamp: Self.now)
        let plain = try defaultStyle.sign(message, timestamp: Self.now)
        let verdicts = try await DKIMPeer.verify([("both", signed), ("default-style", plain)], records: Fixtures.rfc8463Records())
        #expect(verdicts["both"]?.map(\.pass) == [true, true], "\(verdicts["both"] ?? [])")
        #expect(verdicts["default-style"]?.map(\.pass) == [true], "\(verdicts["default-style"] ?? [])")
    }
}

/// Mirrors the PostgreSQL rule of StorageContractTests: in CI a missing peer is a failure, not a skip.
@Suite("DKIM peer")
struct DKIMPeerPresenceTests {
    @Test("dkimpy present when required (POSTAGE_TEST_REQUIRE_PEERS=1)", .enabled(if: DKIMPeer.required))
    func present() {
        #expect(
            DKIMPeer.available,
            "POSTAGE_TEST_REQUIRE_PEERS=1 but \(DKIMPeer.python) cannot import dkim and nacl: the dkimpy verification did not run"
        )
    }
}

import Foundation
import Testing

@testable import DKIM

/// RFC 8463 Appendix A: the signed example, reproduced byte for byte from the published keys.
///
/// Both algorithms are deterministic (Ed25519 by RFC 8032 §5.1.6, RSASSA-PKCS1-v1_5 by construction), so given
/// the same tags, header list and timestamp the `b=` values must be the RFC's. Caution: on Apple platforms
/// swift-crypto defers to CryptoKit, whose Ed25519 signatures are randomized; there the Ed25519 `b=` comparison
/// is replaced by the signing-input comparison (which is what determines the signature anyway).
@Suite("RFC 8463 vectors")
struct RFC8463VectorTests {
    static let timestamp = Date(timeIntervalSince1970: 1_528_637_909)
    static let bodyHash = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8="
    static let ed25519Signature = "/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw=="
    static let rsaSignature =
        "F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2JzdA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8="

    /// The signer configured like the RFC's example: i=, q=dns/txt, `h=from : to : ...` with from, subject and
    /// date over-signed.
    static func signer(selector: String, key: DKIMKey) -> DKIMSigner {
        var signer = DKIMSigner(
            domain: "football.example.com", selector: selector, key: key,
            signedHeaders: ["From", "To", "Subject", "Date", "Message-ID"],
            identity: "@football.example.com",
            oversignedHeaders: ["From", "Subject", "Date"]
        )
        signer.style = .init(includeQueryMethod: true, spacedHeaderList: true)
        return signer
    }

    static var isDeterministicEd25519: Bool {
        #if canImport(Darwin)
        false
        #else
        true
        #endif
    }

    @Test("ed25519-sha256: signing input, bh= and b= as in RFC 8463 A.3")
    func ed25519() throws {
        let key = try DKIMKey(ed25519Raw: Fixtures.brisbaneSeed())
        let signer = Self.signer(selector: "brisbane", key: key)
        let message = try Fixtures.bytes("rfc8463-unsigned.eml")

        let prepared = try signer.prepare(message, timestamp: Self.timestamp)
        #expect(prepared.bodyHash == Self.bodyHash)
        #expect(prepared.headerData == (try Fixtures.bytes("rfc8463-ed25519.signing-input.bin")))

        let tags = dkimTags(try signer.signatureField(for: message, timestamp: Self.timestamp))
        #expect(tags["bh"] == Self.bodyHash)
        #expect(tags["h"] == "from:to:subject:date:message-id:from:subject:date")
        #expect(tags["t"] == "1528637909")
        if Self.isDeterministicEd25519 {
            #expect(tags["b"] == Self.ed25519Signature)
        }
    }

    @Test("rsa-sha256: signing input, bh= and b= as in RFC 8463 A.3")
    func rsa() throws {
        let key = try DKIMKey(pem: Fixtures.text("keys/test.rsa.pem"))
        #expect(key.algorithm == .rsaSHA256)
        #expect(key.rsaKeySizeInBits == 1024)
        let signer = Self.signer(selector: "test", key: key)
        let message = try Fixtures.bytes("rfc8463-unsigned.eml")

        let prepared = try signer.prepare(message, timestamp: Self.timestamp)
        #expect(prepared.bodyHash == Self.bodyHash)
        #expect(prepared.headerData == (try Fixtures.bytes("rfc8463-rsa.signing-input.bin")))

        let tags = dkimTags(try signer.signatureField(for: message, timestamp: Self.timestamp))
        #expect(tags["bh"] == Self.bodyHash)
        #expect(tags["b"] == Self.rsaSignature)
    }

    @Test("the published DNS records are the keys' publicKeyDNSValue")
    func dnsRecords() throws {
        let records = try Fixtures.rfc8463Records()
        let ed25519 = try DKIMKey(ed25519Raw: Fixtures.brisbaneSeed())
        let rsa = try DKIMKey(pem: Fixtures.text("keys/test.rsa.pem"))
        #expect(ed25519.publicKeyDNSValue == records["brisbane._domainkey.football.example.com"])
        #expect(rsa.publicKeyDNSValue == records["test._domainkey.football.example.com"])
    }

    @Test("the RFC 8463 b= values equal our signature of the published signing inputs")
    func signingInputs() throws {
        let ed25519 = try DKIMKey(ed25519Raw: Fixtures.brisbaneSeed())
        let rsa = try DKIMKey(pem: Fixtures.text("keys/test.rsa.pem"))
        let rsaSignature = try rsa.sign(headerData: Fixtures.bytes("rfc8463-rsa.signing-input.bin"))
        #expect(Data(rsaSignature).base64EncodedString() == Self.rsaSignature)
        if Self.isDeterministicEd25519 {
            let edSignature = try ed25519.sign(headerData: Fixtures.bytes("rfc8463-ed25519.signing-input.bin"))
            #expect(Data(edSignature).base64EncodedString() == Self.ed25519Signature)
        }
    }
}

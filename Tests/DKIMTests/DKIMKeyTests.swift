import Foundation
import Testing

@testable import DKIM

@Suite("DKIMKey")
struct DKIMKeyTests {
    @Test("generateRSA makes a 2048-bit key whose DNS value is an SPKI")
    func generateRSA() throws {
        let key = try DKIMKey.generateRSA()
        #expect(key.algorithm == .rsaSHA256)
        #expect(key.rsaKeySizeInBits == 2048)
        // base64 of the DER SubjectPublicKeyInfo header of a 2048-bit RSA key (RFC 6376 §3.6.1 p=).
        #expect(key.publicKeyDNSValue.hasPrefix("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"))
        #expect(key.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test("RSA keys under 1024 bits are refused (RFC 8301 §3.2)")
    func smallRSA() {
        #expect(throws: DKIMError.self) { try DKIMKey.generateRSA(bits: 512) }
    }

    @Test("generateEd25519: raw 32-byte public key in the DNS value (RFC 8463 §4)")
    func generateEd25519() throws {
        let key = DKIMKey.generateEd25519()
        #expect(key.algorithm == .ed25519SHA256)
        #expect(key.rsaKeySizeInBits == nil)
        #expect(key.publicKeyBytes.count == 32)
        let value = key.publicKeyDNSValue
        #expect(value.hasPrefix("v=DKIM1; k=ed25519; p="))
        let p = String(value.dropFirst("v=DKIM1; k=ed25519; p=".count))
        #expect(Data(base64Encoded: p).map(Array.init) == key.publicKeyBytes)
    }

    @Test("privateKeyPEM reads back to the same key", arguments: [DKIMAlgorithm.rsaSHA256, .ed25519SHA256])
    func pemRoundTrip(_ algorithm: DKIMAlgorithm) throws {
        let key = algorithm == .rsaSHA256 ? try DKIMKey.generateRSA() : DKIMKey.generateEd25519()
        let again = try DKIMKey(pem: key.privateKeyPEM)
        #expect(again.algorithm == algorithm)
        #expect(again.publicKeyDNSValue == key.publicKeyDNSValue)
        #expect(again.privateKeyPEM == key.privateKeyPEM)
    }

    @Test("PKCS#1 RSA PEM (2048-bit test key) and its PKCS#8 re-encoding")
    func pkcs1() throws {
        let key = try DKIMKey(pem: Fixtures.text("keys/rsa2024.example.test.pem"))
        #expect(key.algorithm == .rsaSHA256)
        #expect(key.rsaKeySizeInBits == 2048)
        let pkcs8 = try DKIMKey(pem: key.privateKeyPEM)
        #expect(pkcs8.publicKeyDNSValue == key.publicKeyDNSValue)
    }

    @Test("PKCS#8 Ed25519 PEM (RFC 8410 §10.3 example)")
    func pkcs8Ed25519() throws {
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----

            """
        let key = try DKIMKey(pem: pem)
        #expect(key.algorithm == .ed25519SHA256)
        #expect(key.privateKeyPEM.contains("MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC"))
    }

    @Test("the Ed25519 seed and the PKCS#8 form of the same key agree")
    func seedAndPEM() throws {
        let seed = try DKIMKey(ed25519Raw: Fixtures.brisbaneSeed())
        let pem = try DKIMKey(pem: seed.privateKeyPEM)
        #expect(pem.publicKeyDNSValue == "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
    }

    @Test(
        "unreadable keys are refused",
        arguments: [
            "",
            "not a key",
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END RSA PRIVATE KEY-----\n",
        ]
    )
    func invalidPEM(_ pem: String) {
        let error = #expect(throws: DKIMError.self) { try DKIMKey(pem: pem) }
        #expect(error?.code == .invalidKey)
    }

    @Test("an Ed25519 seed must have 32 bytes")
    func seedLength() {
        #expect(throws: DKIMError.self) { try DKIMKey(ed25519Raw: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: DKIMError.self) { try DKIMKey(ed25519Raw: [UInt8](repeating: 1, count: 64)) }
    }

    @Test("an error never shows key material")
    func errorText() {
        let error = #expect(throws: DKIMError.self) {
            try DKIMKey(pem: "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n")
        }
        #expect(error.map { !String(describing: $0).contains("QUJD") } == true)
    }
}

import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension DKIMKey {
    /// Reads a private key from PEM:
    /// - `BEGIN RSA PRIVATE KEY` (PKCS#1) — RSA;
    /// - `BEGIN PRIVATE KEY` (PKCS#8) — RSA (`rsaEncryption`) or Ed25519 (OID 1.3.101.112, RFC 8410 §7).
    ///
    /// Encrypted keys and OpenSSH keys are not supported.
    public init(pem: String) throws {
        guard let (label, der) = Self.pemBlock(pem) else {
            throw DKIMError(.invalidKey, "no PEM private key block found")
        }
        switch label {
        case "RSA PRIVATE KEY":
            self.init(.rsa(try Self.rsaKey(pem: pem)))
        case "PRIVATE KEY":
            if Self.isEd25519PKCS8(der) {
                do {
                    self.init(.ed25519(try Curve25519.Signing.PrivateKey(pemRepresentation: pem)))
                } catch {
                    throw DKIMError(.invalidKey, "invalid PKCS#8 Ed25519 key", underlying: error)
                }
            } else {
                self.init(.rsa(try Self.rsaKey(pem: pem)))
            }
        default:
            throw DKIMError(.invalidKey, "unsupported PEM block '\(label)' (want RSA PRIVATE KEY or PRIVATE KEY)")
        }
    }

    private static func rsaKey(pem: String) throws -> _RSA.Signing.PrivateKey {
        let key: _RSA.Signing.PrivateKey
        do {
            // The "unsafe" initializer accepts 1024-bit keys (RFC 8301 §3.2's floor); the size is checked below.
            key = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem)
        } catch {
            throw DKIMError(.invalidKey, "invalid RSA private key (or smaller than \(minimumRSABits) bits)", underlying: error)
        }
        guard key.keySizeInBits >= minimumRSABits else {
            throw DKIMError(.invalidKey, "RSA key has \(key.keySizeInBits) bits; at least \(minimumRSABits) needed")
        }
        return key
    }

    /// The label and DER bytes of the first `-----BEGIN X-----` ... `-----END X-----` block (RFC 7468 §2).
    static func pemBlock(_ pem: String) -> (label: String, der: [UInt8])? {
        var label: String?
        var base64 = ""
        for rawLine in pem.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = Self.trimmed(rawLine)
            if let current = label {
                if line.hasPrefix("-----END ") {
                    guard line == "-----END \(current)-----", let data = Data(base64Encoded: base64) else { return nil }
                    return (current, Array(data))
                }
                // Encrypted PEM (RFC 1421 headers) is not supported: such lines make the base64 invalid.
                base64 += line
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst("-----BEGIN ".count).dropLast("-----".count))
            }
        }
        return nil
    }

    /// True when a PKCS#8 PrivateKeyInfo names the Ed25519 algorithm: its AlgorithmIdentifier is
    /// `SEQUENCE { OID 1.3.101.112 }` (RFC 8410 §3, §7), DER `30 05 06 03 2B 65 70`, right after the version.
    static func isEd25519PKCS8(_ der: [UInt8]) -> Bool {
        let ed25519AlgorithmIdentifier: [UInt8] = [0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70]
        // SEQUENCE (short length) + INTEGER version (02 01 0x) = 5 bytes before the AlgorithmIdentifier.
        guard der.count > 5 + ed25519AlgorithmIdentifier.count, der[0] == 0x30, der[1] < 0x80,
              der[2] == 0x02, der[3] == 0x01
        else { return false }
        return Array(der[5..<(5 + ed25519AlgorithmIdentifier.count)]) == ed25519AlgorithmIdentifier
    }

    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(text[first...last])
    }
}

import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A DKIM private key together with its algorithm.
///
/// RSA keys must have at least 1024 bits: RFC 8301 §3.2 makes 1024 the floor for signers (and 2048 the
/// recommendation, which is what `generateRSA()` makes). Smaller keys are refused because verifiers reject them.
public struct DKIMKey: Sendable {
    enum Backing: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let backing: Backing

    init(_ backing: Backing) {
        self.backing = backing
    }

    /// The smallest RSA modulus accepted for signing (RFC 8301 §3.2).
    public static let minimumRSABits = 1024

    /// A new random RSA key (2048 bits unless told otherwise; at least 1024, RFC 8301 §3.2).
    public static func generateRSA(bits: Int = 2048) throws -> DKIMKey {
        guard bits >= minimumRSABits else {
            throw DKIMError(.keyGenerationFailed, "RSA keys for DKIM need at least \(minimumRSABits) bits, not \(bits)")
        }
        do {
            let size = _RSA.Signing.KeySize(bitCount: bits)
            let key = bits >= 2048
                ? try _RSA.Signing.PrivateKey(keySize: size)
                : try _RSA.Signing.PrivateKey(unsafeKeySize: size)
            return DKIMKey(.rsa(key))
        } catch {
            throw DKIMError(.keyGenerationFailed, "could not generate a \(bits)-bit RSA key", underlying: error)
        }
    }

    /// A new random Ed25519 key (RFC 8463).
    public static func generateEd25519() -> DKIMKey {
        DKIMKey(.ed25519(Curve25519.Signing.PrivateKey()))
    }

    /// An Ed25519 key from its 32-byte seed (the "private key" of RFC 8032 §5.1.5; RFC 8463 Appendix A.2 gives
    /// it in base64).
    public init(ed25519Raw seed: [UInt8]) throws {
        guard seed.count == 32 else {
            throw DKIMError(.invalidKey, "an Ed25519 seed has 32 bytes, not \(seed.count)")
        }
        do {
            self.init(.ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: seed)))
        } catch {
            throw DKIMError(.invalidKey, "invalid Ed25519 seed", underlying: error)
        }
    }

    /// The algorithm this key signs with.
    public var algorithm: DKIMAlgorithm {
        switch backing {
        case .rsa: .rsaSHA256
        case .ed25519: .ed25519SHA256
        }
    }

    /// The RSA modulus size, or nil for Ed25519.
    public var rsaKeySizeInBits: Int? {
        if case .rsa(let key) = backing { return key.keySizeInBits }
        return nil
    }

    /// The private key as a PKCS#8 PEM document (`BEGIN PRIVATE KEY`), for storage; `init(pem:)` reads it back.
    /// Never to be returned by the API.
    public var privateKeyPEM: String {
        switch backing {
        case .rsa(let key): key.pkcs8PEMRepresentation
        case .ed25519(let key): key.pemRepresentation
        }
    }

    /// The raw public key bytes as published in `p=`: DER SubjectPublicKeyInfo for RSA (RFC 6376 §3.6.1), the
    /// raw 32-byte key for Ed25519 (RFC 8463 §4: "the public key ... not the ASN.1 wrapped form").
    public var publicKeyBytes: [UInt8] {
        switch backing {
        case .rsa(let key): Array(key.publicKey.derRepresentation)
        case .ed25519(let key): Array(key.publicKey.rawRepresentation)
        }
    }

    /// The TXT record value to publish at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1):
    /// `v=DKIM1; k=rsa; p=<base64>` or `v=DKIM1; k=ed25519; p=<base64>`.
    ///
    /// A 2048-bit RSA value is about 400 characters: DNS servers store it as several ≤255-byte strings, which
    /// verifiers concatenate without separator (RFC 6376 §3.6.2.2).
    public var publicKeyDNSValue: String {
        "v=DKIM1; k=\(algorithm.keyType); p=\(Data(publicKeyBytes).base64EncodedString())"
    }

    /// Signs the header data of RFC 6376 §3.7: hashes it with SHA-256, then
    /// - rsa-sha256: RSASSA-PKCS1-v1_5 over the digest (RFC 6376 §3.3.1, RFC 8017 §8.2);
    /// - ed25519-sha256: PureEdDSA over the 32-byte digest, not over the data itself (RFC 8463 §3).
    func sign(headerData: [UInt8]) throws -> [UInt8] {
        let digest = SHA256.hash(data: headerData)
        do {
            switch backing {
            case .rsa(let privateKey):
                return Array(try privateKey.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ed25519(let privateKey):
                return Array(try privateKey.signature(for: Array(digest)))
            }
        } catch {
            throw DKIMError(.signingFailed, "\(algorithm.rawValue) signing failed", underlying: error)
        }
    }
}

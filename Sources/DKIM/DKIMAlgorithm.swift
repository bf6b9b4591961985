/// The signing algorithms Postage produces (the `a=` tag, RFC 6376 §3.5).
///
/// - `rsa-sha256`: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 6376 §3.3.1). `rsa-sha1` is not offered: RFC 8301 §3.1
///   forbids signing with it.
/// - `ed25519-sha256`: PureEdDSA (Ed25519) over the SHA-256 hash of the header data (RFC 8463 §3).
public enum DKIMAlgorithm: String, Sendable, Hashable, CaseIterable {
    case rsaSHA256 = "rsa-sha256"
    case ed25519SHA256 = "ed25519-sha256"

    /// The `k=` key type of the public key record (RFC 6376 §3.6.1, RFC 8463 §4).
    public var keyType: String {
        switch self {
        case .rsaSHA256: "rsa"
        case .ed25519SHA256: "ed25519"
        }
    }
}

/// The header and body canonicalization pair (the `c=` tag, RFC 6376 §3.4 and §3.5).
///
/// Postage signs `relaxed/relaxed` (the default): it survives the whitespace and header-case rewriting that
/// relays commonly do. `simple` is offered for interoperability tests.
public struct DKIMCanonicalization: Sendable, Hashable, CustomStringConvertible {
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case simple
        case relaxed
    }

    public var header: Algorithm
    public var body: Algorithm

    public init(header: Algorithm, body: Algorithm) {
        self.header = header
        self.body = body
    }

    public static let relaxedRelaxed = DKIMCanonicalization(header: .relaxed, body: .relaxed)
    public static let simpleSimple = DKIMCanonicalization(header: .simple, body: .simple)

    /// The `c=` tag value, `header/body` (RFC 6376 §3.5).
    public var description: String { "\(header.rawValue)/\(body.rawValue)" }
}

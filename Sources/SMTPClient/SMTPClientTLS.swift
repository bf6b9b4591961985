import NIOCore
import NIOSSL
import SMTPProtocol

/// TLS settings of a client session: when to use STARTTLS and what to trust.
public struct SMTPClientTLS: Sendable {
    /// How the server's certificate is checked.
    public enum Verification: Sendable {
        /// The system's trust store, and the name (or, with no name, the IP address) must match.
        case system
        /// Only these roots (tests, private CAs), and the name or IP address must match.
        case trustRoots([NIOSSLCertificate])
        /// No check at all: encryption against passive listening only. This is what MTAs do for
        /// opportunistic TLS to MX hosts (RFC 7435 §4; Postfix `smtp_tls_security_level = may`),
        /// since most MX certificates would not verify.
        case none
    }

    public var policy: SMTPTLSPolicy
    public var verification: Verification
    /// The name for SNI and for the certificate check. Nil: no SNI, and the certificate must
    /// name the IP address connected to. Ignored for SNI when it is an IP literal.
    public var serverHostname: String?

    public init(policy: SMTPTLSPolicy, verification: Verification = .system, serverHostname: String? = nil) {
        self.policy = policy
        self.verification = verification
        self.serverHostname = serverHostname
    }

    /// Plaintext only.
    public static let disabled = SMTPClientTLS(policy: .disabled)
    /// STARTTLS when offered, verified against the system trust store.
    public static let opportunistic = SMTPClientTLS(policy: .opportunistic)
    /// STARTTLS or fail, verified against the system trust store.
    public static let required = SMTPClientTLS(policy: .required)

    public static func opportunistic(verification: Verification, serverHostname: String? = nil) -> SMTPClientTLS {
        SMTPClientTLS(policy: .opportunistic, verification: verification, serverHostname: serverHostname)
    }

    public static func required(verification: Verification, serverHostname: String? = nil) -> SMTPClientTLS {
        SMTPClientTLS(policy: .required, verification: verification, serverHostname: serverHostname)
    }

    /// Trust the certificates in a PEM file (a test CA or a self-signed server certificate).
    public static func trusting(pemFile path: String) throws -> Verification {
        .trustRoots(try NIOSSLCertificate.fromPEMFile(path))
    }

    /// The NIOSSL context, or nil when TLS is disabled. Built once per session before connecting,
    /// so loading certificates never happens on the event loop.
    func makeContext() throws -> NIOSSLContext? {
        guard self.policy != .disabled else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch self.verification {
        case .system:
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = .default
        case .trustRoots(let certificates):
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = .certificates(certificates)
        case .none:
            configuration.certificateVerification = .none
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The SNI name: NIOSSL refuses IP literals there (RFC 6066 §3).
    var sniHostname: String? {
        guard let name = self.serverHostname, !name.isEmpty else { return nil }
        let bare = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        if (try? SocketAddress(ipAddress: bare, port: 0)) != nil { return nil }
        return name
    }
}

import Foundation
import Logging
import NIOCore
import NIOSSL
import SMTPServer
import SMTPServerProtocol
import ServiceLifecycle
import Storage
import Submission

/// The SMTP submission role as a `Service`: it listens until graceful shutdown, then stops
/// accepting and lets sessions in DATA finish before the store closes.
struct SubmissionRole: Service {
    let server: SMTPSubmissionServer
    let onListening: @Sendable (String) -> Void

    static func make(
        configuration: Configuration, store: any Store, signer: MessageSigner?, tls: NIOSSLContext, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws -> SubmissionRole {
        let submitter = Submitter(
            store: store, templates: store, suppressions: store, hostname: configuration.hostname, signer: signer,
            allowUnverifiedSenders: configuration.dkim.allowUnverifiedSenders, senders: store, logger: logger)
        var loopbackIdentity: SMTPIdentity?
        if let token = configuration.submission.loopbackToken {
            guard let server = try await store.server(forToken: token) else {
                throw Configuration.Invalid(problems: [
                    "\(Configuration.Variable.submissionLoopbackToken): not the token of any server"
                ])
            }
            loopbackIdentity = SMTPIdentity(serverID: server.id, name: server.name)
        }
        let backend = SubmissionBackend(
            store: store, submitter: submitter, loopbackIdentity: loopbackIdentity, logger: logger)
        var session = SMTPServerConfiguration(hostname: configuration.hostname)
        session.authRequiresTLS = true
        var settings = SMTPSubmissionServer.Configuration(
            host: configuration.submission.address.host, port: configuration.submission.address.port,
            session: session)
        settings.plaintextAuthOnLoopback = configuration.submission.plaintextAuthOnLoopback
        settings.maximumConnectionsPerAddress = configuration.submission.maximumConnectionsPerAddress
        settings.idleTimeout = .milliseconds(Int64(configuration.submission.idleTimeoutSeconds * 1000))
        let server = SMTPSubmissionServer(configuration: settings, backend: backend, tls: tls, logger: logger)
        return SubmissionRole(server: server, onListening: onListening)
    }

    /// The inbound bounce listener: the same SMTP server, open to every sender without AUTH, for
    /// recipients in the bounce domain only.
    static func makeInbound(
        configuration: Configuration, store: any Store, tls: NIOSSLContext, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) -> SubmissionRole {
        let backend = InboundBounceBackend(store: store, bounceDomain: configuration.bounceDomain, logger: logger)
        _ = backend.acceptedRecipientDomains()  // starts the first refresh
        var session = SMTPServerConfiguration(hostname: configuration.hostname)
        session.authRequired = false
        session.acceptedRecipientDomains = [configuration.bounceDomain.lowercased()]
        var settings = SMTPSubmissionServer.Configuration(
            host: configuration.submission.inboundAddress.host, port: configuration.submission.inboundAddress.port,
            session: session)
        settings.maximumConnectionsPerAddress = configuration.submission.maximumConnectionsPerAddress
        settings.idleTimeout = .milliseconds(Int64(configuration.submission.idleTimeoutSeconds * 1000))
        let server = SMTPSubmissionServer(configuration: settings, backend: backend, tls: tls, logger: logger)
        return SubmissionRole(server: server, onListening: onListening)
    }

    func run() async throws {
        let address = try await server.start()
        onListening(address)
        try? await gracefulShutdown()
        await server.shutdown()
    }
}

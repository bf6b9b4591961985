import Foundation
import Logging
import SMTPProtocol
import SMTPServer
import SMTPServerProtocol
import Storage
import Submission
import Synchronization

/// The SMTP server's view of Postage: server tokens for AUTH, and the `Submitter` for messages.
final class SubmissionBackend: SMTPSubmissionBackend {
    private let store: any Store
    private let submitter: Submitter
    private let loopbackIdentity: SMTPIdentity?
    private let logger: Logger
    /// Server records and streams, briefly cached (a token's server is read once per AUTH; this
    /// saves two reads per message on a busy session).
    private let cache = Mutex<[Int64: (server: ServerRecord, streams: [StreamRecord], until: ContinuousClock.Instant)]>([:])
    static let cacheLifetime: Duration = .seconds(2)

    init(store: any Store, submitter: Submitter, loopbackIdentity: SMTPIdentity?, logger: Logger) {
        self.store = store
        self.submitter = submitter
        self.loopbackIdentity = loopbackIdentity
        self.logger = logger
    }

    /// Postmark's SMTP credentials: the server API token as both user name and password
    /// (reference section 7). Account tokens do not work.
    func authenticate(username: String, password: String) async -> SMTPIdentity? {
        guard !password.isEmpty, username == password else { return nil }
        do {
            guard let server = try await store.server(forToken: password) else { return nil }
            // SMTP must be enabled on the server (`SmtpApiActivated`, reference section 7).
            guard server.settings.smtpApiActivated else {
                logger.notice("SMTP AUTH refused: SMTP is not activated on the server", metadata: ["postage.server_id": "\(server.id)"])
                return nil
            }
            return SMTPIdentity(serverID: server.id, name: server.name)
        } catch {
            logger.error("SMTP AUTH: token lookup failed", metadata: ["postage.error": "\(error)"])
            return nil
        }
    }

    func anonymousIdentity(remoteAddress: String) -> SMTPIdentity? {
        guard let loopbackIdentity, SMTPSubmissionServer.isLoopback(remoteAddress) else { return nil }
        return loopbackIdentity
    }

    func submit(_ submission: SMTPSubmission, identity: SMTPIdentity, remoteAddress: String) async
        -> SubmissionOutcome
    {
        do {
            guard let (server, streams) = try await serverAndStreams(identity.serverID) else {
                return .rejected(SMTPReply(code: 554, "5.7.0 The server of this session no longer exists"))
            }
            let message = SMTPReceivedMessage(
                envelopeFrom: submission.reversePath, recipients: submission.recipients, data: submission.message,
                heloName: submission.heloName, remoteAddress: remoteAddress, tls: submission.tls,
                authenticated: submission.authenticatedUser != nil)
            let receipt = try await submitter.submitSMTP(message, server: server, streams: streams)
            return .accepted(messageID: receipt.messageID)
        } catch {
            logger.error("SMTP submission: storing the message failed", metadata: ["postage.error": "\(error)"])
            // 451: the client keeps the message and tries again (RFC 5321 section 4.2.5).
            return .rejected(SMTPReply(code: 451, "4.3.0 Temporary failure storing the message, try again later"))
        }
    }

    private func serverAndStreams(_ id: Int64) async throws -> (ServerRecord, [StreamRecord])? {
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[id] }), cached.until > now {
            return (cached.server, cached.streams)
        }
        guard let server = try await store.server(id: id) else { return nil }
        let streams = try await store.streams(serverID: id)
        cache.withLock { $0[id] = (server, streams, now + Self.cacheLifetime) }
        return (server, streams)
    }
}

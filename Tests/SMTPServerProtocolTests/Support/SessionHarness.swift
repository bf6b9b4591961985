import NIOCore
import SMTPProtocol
@testable import SMTPServerProtocol

/// What the session asked for, flattened for comparison. Replies are compared by their wire form.
enum SessionEvent: Hashable, CustomStringConvertible {
    case reply(String)
    case authenticate(String, String)
    case submit(SMTPSubmission)
    case startTLS
    case close

    var description: String {
        switch self {
        case .reply(let text): return "reply(\(text.split(separator: "\r\n").joined(separator: " | ")))"
        case .authenticate(let user, _): return "authenticate(\(user))"
        case .submit(let submission): return "submit(\(submission), \(String(decoding: submission.message, as: UTF8.self).debugDescription))"
        case .startTLS: return "startTLS"
        case .close: return "close"
        }
    }
}

/// Drives a session the way the channel handler does, minus sockets: bytes are appended to one
/// accumulation buffer, `receive` is called, and results are delivered synchronously (the
/// authenticator and submitter decide them), after which `receive` runs again on the leftover.
final class SessionHarness {
    var session: SMTPServerSession
    let configuration: SMTPServerConfiguration
    var buffer = ByteBufferAllocator().buffer(capacity: 0)
    private(set) var events: [SessionEvent] = []
    /// Largest number of bytes left unconsumed after a `receive` while the session was reading.
    private(set) var largestLeftover = 0
    var authenticator: (String, String) -> Bool = { user, password in user == "user" && password == "secret" }
    var submitter: (SMTPSubmission) -> SubmissionOutcome = { _ in .accepted(messageID: "MSG1") }
    /// Answer `.startTLS` with `tlsEstablished()` at once.
    var completeTLS = true
    /// Answer `.submit` at once; when false the session is left waiting.
    var completeSubmissions = true

    init(_ configuration: SMTPServerConfiguration = .test, start: Bool = true) {
        self.configuration = configuration
        self.session = SMTPServerSession(configuration: configuration)
        if start {
            self.perform(self.session.start())
        }
    }

    var replies: [String] {
        self.events.compactMap { if case .reply(let text) = $0 { return text } else { return nil } }
    }

    var submissions: [SMTPSubmission] {
        self.events.compactMap { if case .submit(let submission) = $0 { return submission } else { return nil } }
    }

    var closed: Bool { self.events.contains(.close) }

    /// Clears the recorded events (not the session).
    func clear() { self.events.removeAll() }

    func feed(_ text: String) { self.feed(Array(text.utf8)) }

    func feed(_ bytes: [UInt8]) {
        self.buffer.writeBytes(bytes)
        self.pump()
    }

    /// Feeds `bytes` in chunks of the given sizes (the rest in one last chunk).
    func feed(_ bytes: [UInt8], splitAt points: [Int]) {
        var start = 0
        for point in points where point > start && point < bytes.count {
            self.feed(Array(bytes[start..<point]))
            start = point
        }
        self.feed(Array(bytes[start...]))
    }

    func pump() {
        self.perform(self.session.receive(&self.buffer))
        if !self.session.isClosed, !self.waiting {
            self.largestLeftover = max(self.largestLeftover, self.buffer.readableBytes)
        }
    }

    private var waiting = false

    func perform(_ actions: [SMTPServerAction]) {
        for action in actions {
            switch action {
            case .reply(let reply):
                self.events.append(.reply(reply.wireDescription))
            case .close:
                self.events.append(.close)
            case .startTLS:
                self.events.append(.startTLS)
                if self.completeTLS {
                    self.perform(self.session.tlsEstablished())
                }
            case .authenticate(let username, let password):
                self.events.append(.authenticate(username, password))
                self.perform(self.session.authenticationResult(self.authenticator(username, password)))
                self.pump()
            case .submit(let submission):
                self.events.append(.submit(submission))
                if self.completeSubmissions {
                    self.perform(self.session.submissionResult(self.submitter(submission)))
                    self.pump()
                } else {
                    self.waiting = true
                }
            }
        }
    }

    /// Delivers a submission result that was held back.
    func completeSubmission(_ outcome: SubmissionOutcome) {
        self.waiting = false
        self.perform(self.session.submissionResult(outcome))
        self.pump()
    }
}

extension SMTPServerConfiguration {
    /// TLS offered, AUTH after TLS only, AUTH required: the production shape.
    static let test = SMTPServerConfiguration(hostname: "mx.postage.test", tlsAvailable: true)
    /// No TLS requirement and no AUTH requirement, for envelope and DATA tests.
    static let open = SMTPServerConfiguration(
        hostname: "mx.postage.test", tlsAvailable: false, authRequiresTLS: false, authRequired: false
    )
}

/// base64 of a string, for SASL.
func b64(_ text: String) -> String { Base64.encode(Array(text.utf8)) }

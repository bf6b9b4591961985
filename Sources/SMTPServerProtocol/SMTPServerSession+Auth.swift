import NIOCore
import SMTPProtocol

/// AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms:
/// `auth-command = "AUTH" SP sasl-mech [SP initial-response] CRLF`.
///
/// Credentials never appear in a reply, and `SMTPServerAction.description` redacts them.
extension SMTPServerSession {
    /// "Username:" and "Password:" in base64, the LOGIN mechanism's challenges.
    static let loginUsernameChallenge = "VXNlcm5hbWU6"
    static let loginPasswordChallenge = "UGFzc3dvcmQ6"

    mutating func handleAuth(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        guard let argument else {
            self.error(.syntax("AUTH mechanism [initial-response]"), &actions)
            return
        }
        guard self.greeting != nil else {
            self.error(.badSequence("Send HELO/EHLO first"), &actions)
            return
        }
        // RFC 4954 §4: after a successful AUTH, further AUTH commands get 503; AUTH is not
        // permitted during a mail transaction.
        guard self.authenticatedUser == nil else {
            self.error(.badSequence("Already authenticated"), &actions)
            return
        }
        guard self.transaction == nil else {
            self.error(.badSequence("AUTH not permitted during a mail transaction"), &actions)
            return
        }
        // RFC 4954 §4 / §6: 530 5.7.0 when the mechanism needs an encrypted channel first.
        guard self.authAllowedOnThisConnection else {
            self.error(.mustStartTLSFirst, &actions)
            return
        }
        let tokens = argument.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        guard (1...2).contains(tokens.count) else {
            self.error(.syntax("AUTH mechanism [initial-response]"), &actions)
            return
        }
        let mechanism = String(decoding: tokens[0], as: UTF8.self).uppercased()
        // RFC 4954 §4: "=" is an initial response of zero length.
        let initialResponse: ArraySlice<UInt8>? = tokens.count == 2 ? tokens[1] : nil
        switch mechanism {
        case "PLAIN":
            guard let initialResponse else {
                // RFC 4616 §2 / RFC 4954 §4: an empty challenge, then the message.
                actions.append(.reply(.saslChallenge("")))
                self.phase = .saslResponse(.plain)
                return
            }
            guard let decoded = Self.decodeInitialResponse(initialResponse) else {
                self.error(.invalidBase64, &actions)
                return
            }
            self.finishPlain(decoded, into: &actions)
        case "LOGIN":
            guard let initialResponse else {
                actions.append(.reply(.saslChallenge(Self.loginUsernameChallenge)))
                self.phase = .saslResponse(.loginUsername)
                return
            }
            guard let decoded = Self.decodeInitialResponse(initialResponse) else {
                self.error(.invalidBase64, &actions)
                return
            }
            self.takeLoginUsername(decoded, into: &actions)
        default:
            // RFC 4954 §4: 504 for a mechanism the server does not support.
            self.error(.unrecognizedMechanism, &actions)
        }
    }

    /// Reads one SASL response line (RFC 4954 §4). Returns false when no complete line is buffered.
    mutating func readSASLResponse(_ step: SASLStep, _ buffer: inout ByteBuffer, into actions: inout [SMTPServerAction]) -> Bool {
        switch self.lineReader.next(&buffer, maximumLength: self.configuration.maximumSASLResponseLength) {
        case .needMoreData:
            return false
        case .tooLong:
            // RFC 4954 §4: a line longer than the authentication buffer fails AUTH with 500 5.5.6.
            self.phase = .command
            self.error(.saslResponseTooLong, &actions)
        case .bareLineFeed:
            self.rejectBareLineEnd(.bareLineFeedInCommand, &actions)
        case .bareCarriageReturn:
            self.rejectBareLineEnd(.bareCarriageReturnInCommand, &actions)
        case .line(let line):
            self.phase = .command
            // RFC 4954 §4: a line with a single "*" cancels the exchange with 501.
            if line == [UInt8(ascii: "*")] {
                self.error(.authenticationCancelled, &actions)
                return true
            }
            guard let decoded = Base64.decode(line) else {
                self.error(.invalidBase64, &actions)
                return true
            }
            switch step {
            case .plain:
                self.finishPlain(decoded, into: &actions)
            case .loginUsername:
                self.takeLoginUsername(decoded, into: &actions)
            case .loginPassword(let username):
                guard let password = String(validating: decoded, as: UTF8.self), !password.utf8.contains(0) else {
                    self.error(.invalidAuthenticationData, &actions)
                    return true
                }
                self.requestAuthentication(username: username, password: password, into: &actions)
            }
        }
        return true
    }

    /// The handler checked the credentials of `.authenticate`.
    public mutating func authenticationResult(_ accepted: Bool) -> [SMTPServerAction] {
        guard case .awaitingAuthentication(let username) = self.phase else { return [] }
        self.phase = .command
        var actions: [SMTPServerAction] = []
        if accepted {
            self.authenticatedUser = username
            actions.append(.reply(.authenticationSucceeded))
        } else {
            // RFC 4954 §6: 535 5.7.8. A failed AUTH counts as an error.
            self.error(.authenticationFailed, &actions)
        }
        self.closeIfShuttingDown(&actions)
        return actions
    }

    private static func decodeInitialResponse(_ response: ArraySlice<UInt8>) -> [UInt8]? {
        response.elementsEqual([UInt8(ascii: "=")]) ? [] : Base64.decode(response)
    }

    private mutating func finishPlain(_ decoded: [UInt8], into actions: inout [SMTPServerAction]) {
        guard let message = PlainMessage(decoded) else {
            self.error(.invalidAuthenticationData, &actions)
            return
        }
        // RFC 4616 §2: acting as another identity needs authorization Postage does not grant.
        guard message.authorizationIsSelf else {
            self.error(.authenticationFailed, &actions)
            return
        }
        self.requestAuthentication(username: message.authenticationIdentity, password: message.password, into: &actions)
    }

    private mutating func takeLoginUsername(_ decoded: [UInt8], into actions: inout [SMTPServerAction]) {
        guard !decoded.isEmpty, !decoded.contains(0), let username = String(validating: decoded, as: UTF8.self) else {
            self.error(.invalidAuthenticationData, &actions)
            return
        }
        actions.append(.reply(.saslChallenge(Self.loginPasswordChallenge)))
        self.phase = .saslResponse(.loginPassword(username: username))
    }

    private mutating func requestAuthentication(username: String, password: String, into actions: inout [SMTPServerAction]) {
        actions.append(.authenticate(username: username, password: password))
        self.phase = .awaitingAuthentication(username: username)
    }
}

import NIOCore
import SMTPProtocol

/// Command mode: framing one command line and dispatching it by verb (RFC 5321 §4.1).
extension SMTPServerSession {
    /// One command line, split at the first space.
    struct ParsedCommand: Sendable, Hashable {
        /// Upper-cased (verbs are case-insensitive, RFC 5321 §2.4).
        var verb: String
        /// What follows the first space, trailing spaces removed; nil when there is nothing.
        var argument: ArraySlice<UInt8>?

        init(_ line: [UInt8]) {
            var end = line.endIndex
            while end > line.startIndex, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") {
                end -= 1
            }
            let trimmed = line[line.startIndex..<end]
            if let space = trimmed.firstIndex(of: UInt8(ascii: " ")) {
                self.verb = String(decoding: trimmed[trimmed.startIndex..<space], as: UTF8.self).uppercased()
                let argument = trimmed[(space + 1)...]
                self.argument = argument.isEmpty ? nil : argument
            } else {
                self.verb = String(decoding: trimmed, as: UTF8.self).uppercased()
                self.argument = nil
            }
        }
    }

    /// Reads and handles one command line. Returns false when no complete line is buffered.
    mutating func readCommand(_ buffer: inout ByteBuffer, into actions: inout [SMTPServerAction]) -> Bool {
        switch self.lineReader.next(&buffer, maximumLength: self.configuration.maximumCommandLineLength) {
        case .needMoreData:
            return false
        case .line(let line):
            self.handleCommand(ParsedCommand(line), into: &actions)
        case .tooLong:
            // RFC 5321 §4.5.3.1.4, §4.5.3.1.10: "500 Line too long".
            self.error(.lineTooLong, &actions)
        case .bareLineFeed:
            self.rejectBareLineEnd(.bareLineFeedInCommand, &actions)
        case .bareCarriageReturn:
            self.rejectBareLineEnd(.bareCarriageReturnInCommand, &actions)
        }
        return true
    }

    /// RFC 5321 §2.3.8: a bare CR or LF is not a line end. A client that sends one is either
    /// broken or trying to smuggle, and which it is cannot be told: reply and close.
    mutating func rejectBareLineEnd(_ reply: SMTPReply, _ actions: inout [SMTPServerAction]) {
        actions.append(.reply(reply))
        self.close(&actions)
    }

    mutating func handleCommand(_ command: ParsedCommand, into actions: inout [SMTPServerAction]) {
        switch command.verb {
        case "EHLO": self.handleHello(command.argument, extended: true, into: &actions)
        case "HELO": self.handleHello(command.argument, extended: false, into: &actions)
        case "MAIL": self.handleMail(command.argument, into: &actions)
        case "RCPT": self.handleRecipient(command.argument, into: &actions)
        case "DATA": self.handleData(command.argument, into: &actions)
        case "RSET": self.handleReset(command.argument, into: &actions)
        case "NOOP": actions.append(.reply(.ok)) // RFC 5321 §4.1.1.9: any argument is ignored.
        case "QUIT": self.handleQuit(command.argument, into: &actions)
        case "STARTTLS": self.handleStartTLS(command.argument, into: &actions)
        case "AUTH": self.handleAuth(command.argument, into: &actions)
        case "VRFY": self.handleVerify(command.argument, into: &actions)
        case "HELP": actions.append(.reply(.help)) // RFC 5321 §4.1.1.8
        case "":
            self.error(.emptyCommand, &actions)
        case "EXPN", "BDAT", "TURN", "ETRN", "ATRN", "SEND", "SOML", "SAML":
            // Known SMTP verbs that Postage does not implement (RFC 5321 §4.2.4: 502).
            self.error(.commandNotImplemented, &actions)
        case "GET", "POST", "HEAD", "PUT", "CONNECT":
            // An HTTP client or proxy on the SMTP port: cross-protocol requests are closed at once,
            // like Postfix's smtpd_forbidden_commands.
            actions.append(.reply(.forbiddenCommand))
            self.close(&actions)
        default:
            self.error(.commandUnrecognized, &actions)
        }
    }
}

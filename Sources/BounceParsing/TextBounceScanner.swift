import MIMEParser
import MailCore

/// Heuristics for bounces that are not RFC 3464 DSNs (most of the real ones): qmail, Exim,
/// Postfix without DSN, Exchange/IMS, Yahoo, AOL, old Sendmail, Lotus Domino, MDaemon, SMTP32,
/// and any notice that quotes the SMTP reply ("550 5.1.1 <x@y>: user unknown").
///
/// The notice text is cut where the copy of the original message starts (addresses after that
/// point are the original's, not failures). In what remains, an address counts as a failed
/// recipient when it
/// 1. starts a line, alone or followed by a colon, `...`, ` - `, `(`, ` on <date>` (qmail `<x@y>:`,
///    Exim `  x@y`, Exchange `x@y on Fri, ...`, Postfix `<x@y>: host ... said`);
/// 2. follows a label such as `Failed Recipient:`, `Unknown user:`, `Error-for:`, `SMTP=`,
///    `RCPT TO:`, `undeliverable to`, `addressed to`, `(generated from`, `(expanded from:`; or
/// 3. sits on a line with an SMTP reply code (`Remote host said: 550 5.1.1 <x@y>...`).
/// Failing those, a bare user name under a "following recipients:" line is taken with the
/// reporting domain (AOL), and failing that every address left in the notice is.
/// Addresses of the bounce's own headers and system mailboxes (postmaster, MAILER-DAEMON) never count.
enum TextBounceScanner {
    struct Result {
        var isBounce: Bool
        var recipients: [BouncedRecipient]
        var quotedMessageID: String?
    }

    static func scan(
        notice: String, subject: String, header: HeaderSection, senderDomain: String?, excluded: Set<String>
    ) -> Result {
        // Bounded work: notices are short; a pathological one is cut to 5,000 lines of 1,000 bytes.
        let allLines = Text.lines(notice).prefix(5000).map { line in
            line.utf8.count > 1000 ? String(decoding: Array(line.utf8.prefix(1000)), as: UTF8.self) : line
        }
        let cut = allLines.firstIndex(where: isOriginalMessageMarker) ?? allLines.count
        let lines = Array(allLines[..<cut])
        let bodyLower = lines.joined(separator: "\n").lowercased()
        let failedHeader = header.values("x-failed-recipients")
        var result = Result(isBounce: isBounce(header: header, subject: subject, bodyLower: bodyLower) || !failedHeader.isEmpty,
                            recipients: [])
        if cut < allLines.count { result.quotedMessageID = quotedMessageID(Array(allLines[(cut + 1)...])) }
        guard result.isBounce else { return result }

        // Candidates, by tier, as (address, line index).
        var strong: [(String, Int)] = []
        var weak: [(String, Int)] = []
        for value in failedHeader {
            for match in AddressFinder.find(in: value) { strong.append((match.address, -1)) }
        }
        for (index, line) in lines.enumerated() {
            let matches = AddressFinder.find(in: line).prefix(20)
            guard !matches.isEmpty else { continue }
            let hasReplyCode = Text.smtpCode(in: line) != nil
            for match in matches {
                let lower = match.address.lowercased()
                if excluded.contains(lower) || AddressFinder.isSystemAddress(lower) { continue }
                if startsLine(match, line) || isLabelled(match, line) || (hasReplyCode && !isSender(match, line)) {
                    strong.append((match.address, index))
                } else {
                    weak.append((match.address, index))
                }
            }
        }
        var chosen = strong
        if chosen.isEmpty { chosen = bareUserNames(lines, senderDomain: senderDomain, excluded: excluded) }
        if chosen.isEmpty { chosen = weak }

        var seen: Set<String> = []
        let unique = chosen.filter { seen.insert($0.0.lowercased()).inserted }
        let starts = Set(unique.map(\.1))
        let warning = isWarning(bodyLower: bodyLower, subject: subject.lowercased())
        // In free text only failure classes count (a "2.0.12" is a version number).
        let wholeStatus = Text.enhancedStatus(in: bodyLower, failuresOnly: true)
        let wholeCode = lines.lazy.compactMap { Text.smtpCode(in: $0) }.first
        for (address, lineIndex) in unique {
            let window = lineIndex >= 0 ? self.window(lines, from: lineIndex, otherStarts: starts) : []
            let windowText = window.joined(separator: " ")
            let status = Text.enhancedStatus(in: windowText, failuresOnly: true) ?? wholeStatus
            let code = window.lazy.compactMap { Text.smtpCode(in: $0) }.first ?? wholeCode
            let diagnostic = self.diagnostic(window, address: address) ?? firstReplyLine(lines)
            // Not the subject: it often quotes the original's ("Undeliverable: Virus in my mail").
            let text = (diagnostic ?? "") + " " + windowText
            let type = Classification.type(permanent: !warning, smtpCode: code, status: status, text: text)
            result.recipients.append(BouncedRecipient(
                address: address, action: warning ? "delayed" : "failed", status: status, diagnostic: diagnostic,
                permanent: !warning, bounceType: type))
        }
        return result
    }

    // MARK: Where the notice ends

    static let markerPhrases = [
        "below this line is a copy", "below the next line is a copy", "original message follows",
        "original message below", "copy of the message", "copy of your message", "returned mail follows",
        "returned message", "message header follows", "message headers follow", "header of the original message",
        "header and top", "unsent message below", "your message reads", "undelivered message you sent follows",
        "lines of your original message", "header of the source mail", "mensaje original", "forwarded message",
        "message text follows", "original message as received", "copy of the original message",
        "original message attached", "original message headers", "start of returned message", "included is a copy",
        "attachment is a copy", "original message follows", "message follows:", "original message is attached",
    ]

    static func isOriginalMessageMarker(_ line: String) -> Bool {
        guard line.utf8.count < 200 else { return false }
        let normalized = Text.strip(line.lowercased(), "-=*_|<>#[]~.:")
        // "The following addresses did NOT receive a copy of your message:" introduces the list.
        if normalized.contains("receive a copy") || normalized.contains("received a copy") { return false }
        if ["original message", "returned mail", "original message follows", "message", "undelivered message"].contains(normalized) {
            return normalized != "message"
        }
        return markerPhrases.contains { normalized.contains($0) }
    }

    // MARK: Is this a bounce at all

    static let bounceSubjectWords = [
        "undeliver", "deliver", "failure", "failed", "returned mail", "returning message", "non-delivery", "nondeliver",
        "mail error", "rejected", "delayed", "bounce", "processing error", "error report", "failed mail",
        "undelivered", "not delivered", "warning: message", "delivery warning",
    ]
    static let bounceBodyPhrases = [
        "could not be delivered", "not be delivered", "was not delivered", "not delivered to", "undeliverable",
        "unable to deliver", "delivery failed", "delivery has failed", "did not reach", "failed permanently",
        "permanent error", "delivery to the following", "not yet been delivered", "wasn't able to deliver",
        "not able to deliver", "could not deliver", "mail delivery software", "delivery problems", "returned mail",
        "cannot be delivered", "delivery failure", "error was detected", "message could not", "undelivered",
        "failed addresses", "fatal errors", "user unknown", "no such user", "non-delivery", "delivery status notification",
        "has been delayed", "been postponed", "was automatically rejected", "did not exactly match", "delivery attempts",
        "not delivered", "could not be reached", "message not delivered", "unable to deliver message",
    ]

    static func isBounce(header: HeaderSection, subject: String, bodyLower: String) -> Bool {
        let from = (header["from"] ?? "").lowercased()
        if Text.containsAny(from, ["mailer-daemon", "postmaster", "mail delivery", "mdaemon", "delivery subsystem"]) { return true }
        if let returnPath = header["return-path"], Text.trim(returnPath) == "<>" { return true }
        if Text.containsAny(subject.lowercased(), bounceSubjectWords) { return true }
        return Text.containsAny(bodyLower, bounceBodyPhrases)
    }

    // MARK: Delay warnings

    static let warningPhrases = [
        "not yet been delivered", "will continue to", "attempts will continue", "warning message only", "just a warning",
        "has been delayed", "will be retried", "been postponed", "delivery delayed", "still being retried",
        "will keep trying", "will retry", "delivery attempts will continue", "advisory-only",
    ]
    static let permanentPhrases = [
        "permanent error", "failed permanently", "permanent fatal", "i've given up", "i'm not going to try again",
        "has been removed from the mail queue",
    ]

    static func isWarning(bodyLower: String, subject: String) -> Bool {
        let signal = Text.containsAny(bodyLower, warningPhrases)
            || Text.containsAny(subject, ["delay", "warning: message", "delivery warning", "still being retried"])
        return signal && !Text.containsAny(bodyLower, permanentPhrases)
    }

    // MARK: Address rules

    /// Rule 1: the address starts the line (after decoration) and is followed by nothing, a
    /// colon, `...`, ` - `, `(`, `<`, `on <date>` or a column gap.
    static func startsLine(_ match: AddressFinder.Match, _ line: String) -> Bool {
        let bytes = Array(line.utf8)
        var prefix = Text.strip(String(decoding: bytes[..<match.start], as: UTF8.self).lowercased(), "<>\"'*[](){}-:>|=#.•")
        for tag in ["smtp", "rfc822;", "rfc822"] where prefix.hasSuffix(tag) {
            prefix = Text.strip(String(prefix.dropLast(tag.count)), "<>\"'*[](){}-:>|=#.")
        }
        guard prefix.isEmpty else { return false }
        var rest = bytes[match.end...]
        while let first = rest.first, [UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "]")].contains(first) {
            rest = rest.dropFirst()
        }
        let restText = String(decoding: rest, as: UTF8.self)
        if restText.hasPrefix("\t") || restText.hasPrefix("  ") { return true }
        let trimmed = Text.trim(restText).lowercased()
        if trimmed.isEmpty || trimmed == "." || trimmed == "=20" { return true }
        return [":", ";", "...", "-", "(", "<", "=20", "on ", ","].contains { trimmed.hasPrefix($0) }
            && !(trimmed.hasPrefix(",") && trimmed.count > 1)
    }

    static let labels = [
        "recipient:", "recipients:", "recipient", "recipient(s):", "address:", "address(es):", "addresses:",
        "unknown user:", "error-for:", "userid:", "attempts:", "undeliverable to", "deliver to", "deliver message to",
        "delivered to", "deliver your message to", "delivered to:", "reach", "message to", "addressed to", "addressed,",
        "generated from", "expanded from:", "expanded from", "local mailbox", "smtp=", "smtp:", "rcpt to:",
        "mailbox is full:", "delivery to", "failed:", "originally addressed to", "intended recipient:",
        "undeliverable address:", "failed recipient:", "final-recipient: rfc822;", "original-recipient: rfc822;",
    ]

    /// Rule 2: a label right before the address.
    static func isLabelled(_ match: AddressFinder.Match, _ line: String) -> Bool {
        let bytes = Array(line.utf8)
        let prefix = Text.trim(String(decoding: bytes[..<match.start], as: UTF8.self).lowercased())
        let bare = Text.strip(prefix, "<\"'[(")
        return labels.contains { bare.hasSuffix($0) }
    }

    /// An address right after `from` in an SMTP reply is the sender (Sendmail's "Too many hops
    /// ...: from a@b via localhost, to c@d").
    static func isSender(_ match: AddressFinder.Match, _ line: String) -> Bool {
        let bytes = Array(line.utf8)
        let prefix = Text.strip(String(decoding: bytes[..<match.start], as: UTF8.self).lowercased(), "<\"'[(")
        return prefix.hasSuffix("from") || prefix.hasSuffix("from:")
    }

    /// A user name without a domain, alone (or before a column gap) on the line after "...the
    /// following recipients:"; completed with the reporting system's registered domain (AOL's
    /// "screenname", Yale's directory errors).
    static func bareUserNames(_ lines: [String], senderDomain: String?, excluded: Set<String>) -> [(String, Int)] {
        guard let senderDomain, let domain = registeredDomain(senderDomain) else { return [] }
        var out: [(String, Int)] = []
        var previous: String?
        for (index, line) in lines.enumerated() {
            let trimmed = Text.trim(line)
            if trimmed.isEmpty { continue }
            defer { previous = trimmed.lowercased() }
            guard let previous, previous.hasSuffix(":"),
                Text.containsAny(previous, ["following", "recipient", "address"])
            else { continue }
            let token = trimmed.prefix { !$0.isWhitespace }
            let rest = trimmed.dropFirst(token.count)
            guard (1...64).contains(token.count), rest.isEmpty || rest.hasPrefix("  ") || rest.hasPrefix("\t"),
                token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
                token.contains(where: \.isLetter)
            else { continue }
            let address = token + "@" + domain
            if !excluded.contains(address.lowercased()) { out.append((address, index)) }
        }
        return out
    }

    /// `mr2.its.yale.edu` → `yale.edu`, `mx.example.co.uk` → `example.co.uk`.
    static func registeredDomain(_ domain: String) -> String? {
        let labels = domain.lowercased().split(separator: ".").map(String.init)
        guard labels.count >= 2, labels.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
            labels.last!.allSatisfy(\.isLetter)
        else { return nil }
        let secondLevel = ["co", "com", "ac", "org", "net", "gov", "edu", "ne", "or"]
        let keep = labels.count >= 3 && labels.last!.count == 2 && secondLevel.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    // MARK: Per-recipient details

    /// The recipient's line and the lines after it, up to a blank line (once there is
    /// something besides addresses), another recipient's line, or eight lines.
    static func window(_ lines: [String], from start: Int, otherStarts: Set<Int>) -> [String] {
        var out = [lines[start]]
        var index = start + 1
        var hasContent = AddressFinder.isBareAddress(Text.strip(lines[start], ":")) == nil
        while index < lines.count, out.count < 8, !otherStarts.contains(index) {
            let line = lines[index]
            if Text.trim(line).isEmpty {
                if hasContent { break }
            } else {
                out.append(line)
                if AddressFinder.isBareAddress(Text.strip(line, ":")) == nil { hasContent = true }
            }
            index += 1
        }
        return out
    }

    /// The window without lines that are only the address, collapsed; nil when nothing is left.
    static func diagnostic(_ window: [String], address: String) -> String? {
        let kept = window.filter { line in
            let stripped = Text.strip(line, ":<>\"'*-")
            return !stripped.isEmpty && stripped.lowercased() != address.lowercased()
        }
        let text = Text.collapse(kept.joined(separator: " "))
        guard !text.isEmpty else { return nil }
        return text.count > 500 ? String(text.prefix(500)) : text
    }

    static func firstReplyLine(_ lines: [String]) -> String? {
        lines.first { Text.smtpCode(in: $0) != nil || Text.enhancedStatus(in: $0) != nil }
            .map { Text.collapse($0) }.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) }
    }

    /// The Message-ID (or X-PM-Message-Id) of an original message quoted after the marker.
    static func quotedMessageID(_ lines: [String]) -> String? {
        guard let start = lines.prefix(20).firstIndex(where: looksLikeHeaderField) else { return nil }
        let text = lines[start...].prefix(400).joined(separator: "\n") + "\n"
        let header = ParsedMessage.parse(Array(text.utf8)).header
        return PartWalk.messageID(in: header)
    }

    static func looksLikeHeaderField(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let name = line[..<colon]
        return !name.isEmpty && name.count < 40 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

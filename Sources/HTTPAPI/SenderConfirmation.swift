import Crypto
import Foundation
import PostmarkWire
import Storage

/// The confirmation of a sender signature (reference 4.2): a random token mailed as a link to the
/// address; following it proves the person behind the address agrees to Postage sending as them.
/// Only the token's SHA-256 is stored. The link opens a page whose button confirms (a POST), so
/// mail scanners that fetch every link cannot confirm on the recipient's behalf.
enum SenderConfirmation {
    /// A new token (128 random bits) and the digest the store keeps.
    static func newToken() -> (token: String, digest: String) {
        let token = Tokens.generate().replacingOccurrences(of: "-", with: "")
        return (token, digest(token))
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Tokens are 32 lower-case hex digits; anything else is not looked up.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 32 && token.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func link(publicURL: String, token: String) -> String {
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/confirm-sender/\(token)"
    }

    /// A base URL on loopback (the quick start's default) only opens on this machine.
    static func isLocalOnly(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// The confirmation email, sent from the system server.
    static func email(for signature: SenderSignatureRecord, link: String, from: String) -> EmailRequest {
        var request = EmailRequest()
        request.from = "Postage <\(from)>"
        request.to = signature.emailAddress
        request.subject = "Confirm \(signature.emailAddress) as a sender"
        request.tag = "sender-confirmation"
        request.messageStream = "outbound"
        let note = signature.confirmationPersonalNote.flatMap { $0.isEmpty ? nil : $0 }
        var text = """
            Someone asked to send email as \(signature.emailAddress) ("\(signature.name)") through this Postage \
            installation.

            """
        if let note { text += "\nTheir note to you:\n\n\(note)\n" }
        text += """

            If you agree, open this link and press "Confirm":

            \(link)

            If you did not expect this, ignore this email: nothing is sent as you until the address is confirmed.

            """
        request.textBody = text
        var html = """
            <!DOCTYPE html><html><body style="font-family: sans-serif; line-height: 1.5">\
            <p>Someone asked to send email as <b>\(HTML.escape(signature.emailAddress))</b> \
            (“\(HTML.escape(signature.name))”) through this Postage installation.</p>
            """
        if let note {
            html += "<p>Their note to you:</p><blockquote>\(HTML.escape(note).replacingOccurrences(of: "\n", with: "<br>"))</blockquote>"
        }
        html += """
            <p>If you agree, open this link and press “Confirm”:</p>\
            <p><a href="\(HTML.escape(link))">\(HTML.escape(link))</a></p>\
            <p>If you did not expect this, ignore this email: nothing is sent as you until the address is \
            confirmed.</p></body></html>
            """
        request.htmlBody = html
        return request
    }
}

/// Escaping for the few HTML pages and emails Postage writes itself.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

import Foundation
import SMTPClient
import SMTPProtocol

/// Short timeouts so a hung test fails in seconds, not minutes.
let testTimeouts = SMTPTimeouts.uniform(.seconds(10))

/// A message with a unique Message-ID (the marker used to find it at the sink), CRLF line ends,
/// a line starting with a dot and one that is only a dot (dot-stuffing, RFC 5321 §4.5.2).
func testMessage(_ marker: String = UUID().uuidString, subject: String = "Postage SMTP client test", extraBody: String = "") -> (marker: String, bytes: [UInt8]) {
    let text = """
        From: Sender <sender@example.test>\r
        To: Rcpt <rcpt@example.test>\r
        Subject: \(subject)\r
        Message-ID: <\(marker)@postage.test>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Hello.\r
        .a line that starts with a dot\r
        .\r
        ..two dots\r
        \(extraBody)end\r

        """
    return (marker, Array(text.utf8))
}

func connect(
    _ address: SMTPPeers.Address,
    tls: SMTPClientTLS = .disabled,
    credentials: SMTPCredentials? = nil
) async throws -> SMTPClientSession {
    try await SMTPClientSession.connect(
        to: address.host, port: address.port, helo: "client.postage.test", tls: tls,
        credentials: credentials, timeouts: testTimeouts
    )
}

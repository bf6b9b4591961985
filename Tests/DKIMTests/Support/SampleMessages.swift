/// Messages that exercise the signer: MIME structure, folding, UTF-8, whitespace, long lines, odd header case.
/// Written with LF here; `crlf` converts them to the CRLF that Postage always signs.
enum SampleMessages {
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    static let plain = """
        From: Sender <sender@example.test>
        To: Rcpt <rcpt@receiver.test>
        Subject: Plain text
        Date: Sat, 30 Nov 2024 10:00:00 +0000
        Message-ID: <plain@example.test>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii

        Hello,

        this is a plain message.
        -- 
        Sender

        """

    static let multipart = """
        From: "Example Shop" <orders@example.test>
        To: customer@receiver.test
        Subject: Your order #1234
        Date: Sat, 30 Nov 2024 10:00:00 +0000
        Message-ID: <multipart@example.test>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        This is a multi-part message in MIME format.

        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        Thank you for your order. Total: 42.00 =E2=82=AC
        A soft line break here =
        continues.

        --inner
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        <html><body><p style=3D"color: red">Thank you</p></body></html>

        --inner--

        --outer
        Content-Type: application/pdf; name="invoice.pdf"
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment; filename="invoice.pdf"

        JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29k
        ZT4+CnN0cmVhbQp4nCvkMlAwUDC1NNUzMVGwMDHUszRSKErlCtfiyuMKVAAAmygGZQplbmRzdHJl
        --outer--

        """

    static let folded = """
        From: Sender <sender@example.test>
        To: one@receiver.test, two@receiver.test,
          three@receiver.test,
        \tfour@receiver.test
        Subject: A subject that is long enough that it had to be folded over
         two lines,\tand with\t\ttabs   and runs of spaces
        Date: Sat, 30 Nov 2024 10:00:00 +0000
        Message-ID: <folded@example.test>
        References: <a@example.test> <b@example.test>
         <c@example.test>
        X-Value-On-Next-Line:
         value

        Body.

        """

    static let utf8 = """
        From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.test>
        To: =?UTF-8?B?5bGx55Sw?= <yamada@receiver.test>
        Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4g8J+Ouw==?=
         =?UTF-8?Q?_und_mehr?=
        Date: Sat, 30 Nov 2024 10:00:00 +0000
        Message-ID: <utf8@example.test>
        Reply-To: Grüße-Team <team@example.test>
        X-Raw-UTF8: Grüße — ünïcödé 🎉
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Grüße aus München! 🎉
        日本語のテキスト。

        """

    static let whitespace = "From: sender@example.test\nTo: rcpt@receiver.test\nSubject:   spaces   \t around  \t\n"
        + "Date: Sat, 30 Nov 2024 10:00:00 +0000\n\n"
        + "Trailing spaces   \nTabs\t\tinside\tline\t\n   \n\t\nindented line\n\n\n\n   \n\n"

    static let longLines = "From: sender@example.test\nTo: rcpt@receiver.test\nSubject: long lines\n"
        + "Date: Sat, 30 Nov 2024 10:00:00 +0000\n\n"
        + String(repeating: "0123456789", count: 99) + "12345678\n"
        + String(repeating: "word  ", count: 300) + "\n"
        + "last line without newline"

    static let emptyBody = "From: sender@example.test\nTo: rcpt@receiver.test\nSubject: empty\nDate: Sat, 30 Nov 2024 10:00:00 +0000\n\n"

    static let duplicates = """
        Received: from a by b; Sat, 30 Nov 2024 10:00:02 +0000
        Received: from c by d; Sat, 30 Nov 2024 10:00:01 +0000
        From: sender@example.test
        To: first@receiver.test
        Cc: copy@receiver.test
        To: second@receiver.test
        Reply-To: reply@example.test
        Subject: duplicates
        Date: Sat, 30 Nov 2024 10:00:00 +0000

        Two To fields, two Received fields.

        """

    static let headerCase = """
        FROM: sender@example.test
        to: rcpt@receiver.test
        sUbJeCt: odd case
        DATE: Sat, 30 Nov 2024 10:00:00 +0000
        Message-Id: <case@example.test>

        Body.

        """

    static let listUnsubscribe = """
        From: news@example.test
        To: rcpt@receiver.test
        Subject: Newsletter
        Date: Sat, 30 Nov 2024 10:00:00 +0000
        Message-ID: <list@example.test>
        List-Unsubscribe: <https://example.test/unsubscribe/abc>,
         <mailto:unsubscribe@example.test?subject=abc>
        List-Unsubscribe-Post: List-Unsubscribe=One-Click
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        News.

        """

    /// Name → CRLF bytes.
    static let all: [(name: String, bytes: [UInt8])] = [
        ("plain", crlf(plain)), ("multipart", crlf(multipart)), ("folded", crlf(folded)), ("utf8", crlf(utf8)),
        ("whitespace", crlf(whitespace)), ("long-lines", crlf(longLines)), ("empty-body", crlf(emptyBody)),
        ("duplicates", crlf(duplicates)), ("header-case", crlf(headerCase)), ("list-unsubscribe", crlf(listUnsubscribe)),
        // Bare LF on input (see MessageHeader): verifiers read it as CRLF.
        ("bare-lf", Array(plain.utf8)),
        // Header section only, no blank line and no body.
        ("headers-only", crlf("From: sender@example.test\nTo: rcpt@receiver.test\nSubject: no body\n")),
    ]
}

extension Array where Element == UInt8 {
    /// The bytes with the first occurrence of `target` replaced (for tampering).
    func replacingFirst(_ target: String, with replacement: String) -> [UInt8] {
        let needle = Array(target.utf8)
        guard let start = indices.first(where: { self[$0...].starts(with: needle) }) else { return self }
        return Array(self[..<start]) + Array(replacement.utf8) + Array(self[(start + needle.count)...])
    }
}

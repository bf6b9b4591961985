import Foundation
import Testing

@testable import DKIM

@Suite("DKIMSigner")
struct DKIMSignerTests {
    static let ed25519 = try! DKIMKey(ed25519Raw: Array(repeating: 7, count: 32))
    static let message = """
        From: Sender <sender@example.test>\r
        To: a@example.test\r
        Subject: Hello\r
        Date: Sat, 30 Nov 2024 10:00:00 +0000\r
        Message-ID: <1@example.test>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        X-Mailer: test\r
        \r
        Hi.\r

        """.bytes

    static func signer(_ key: DKIMKey = ed25519, signedHeaders: [String] = DKIMSigner.defaultSignedHeaders, identity: String? = nil) -> DKIMSigner {
        DKIMSigner(domain: "example.test", selector: "sel", key: key, signedHeaders: signedHeaders, identity: identity)
    }

    @Test("field layout: tag order, CRLF folding, lines of at most 78 characters")
    func layout() throws {
        let field = try Self.signer().signatureField(for: Self.message, timestamp: Date(timeIntervalSince1970: 1_732_960_800))
        let unfolded = field.replacingOccurrences(of: "\r\n ", with: " ")
        #expect(unfolded.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.test; s=sel; t="))
        #expect(field.hasSuffix("\r\n"))
        let lines = field.dropLast(2).components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for line in lines {
            #expect(line.utf8.count <= 78, "line too long: \(line)")
            #expect(!line.contains("\n") && !line.contains("\r"))
        }
        for line in lines.dropFirst() { #expect(line.hasPrefix(" ")) }
        let tags = dkimTags(field)
        #expect(tags["t"] == "1732960800")
        #expect(tags["b"].flatMap { Data(base64Encoded: $0) }?.count == 64)
        #expect(tags["l"] == nil)
        let names = field.components(separatedBy: ";").compactMap { $0.split(separator: "=").first?.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(names.last == "b")
    }

    @Test("h= lists the present default fields, From over-signed; unlisted fields are left out")
    func headerList() throws {
        let tags = dkimTags(try Self.signer().signatureField(for: Self.message))
        #expect(tags["h"] == "from:subject:date:to:message-id:mime-version:content-type:from")
        #expect(tags["t"] == nil)
    }

    @Test("repeated fields are listed once per instance (signed bottom-up, RFC 6376 §5.4.2)")
    func duplicates() throws {
        let message = "From: a@example.test\r\nTo: b@example.test\r\nTO: c@example.test\r\n\r\nx\r\n".bytes
        let signer = Self.signer()
        #expect(dkimTags(try signer.signatureField(for: message))["h"] == "from:to:to:from")
        // Bottom-up: the header data has the lower To first.
        let data = String(decoding: try signer.prepare(message, timestamp: nil).headerData, as: UTF8.self)
        #expect(data.hasPrefix("from:a@example.test\r\nto:c@example.test\r\nto:b@example.test\r\ndkim-signature:"))
    }

    @Test("names match case-insensitively; From is signed even when not asked for")
    func caseInsensitive() throws {
        let message = "FROM: a@example.test\r\nsubject: hi\r\n\r\nx\r\n".bytes
        let signer = Self.signer(signedHeaders: ["SUBJECT"])
        #expect(dkimTags(try signer.signatureField(for: message))["h"] == "from:subject:from")
    }

    @Test("a message without From cannot be signed (RFC 6376 §5.4)")
    func missingFrom() {
        let error = #expect(throws: DKIMError.self) {
            try Self.signer().signatureField(for: "To: b@example.test\r\n\r\nx\r\n".bytes)
        }
        #expect(error?.code == .missingFrom)
    }

    @Test(
        "invalid d=, s= and i= are refused",
        arguments: [
            ("exa mple.test", "sel", nil as String?),
            ("", "sel", nil),
            ("example.test;", "sel", nil),
            ("ex\u{E4}mple.test", "sel", nil),
            ("example.test", "s;el", nil),
            ("example.test", "", nil),
            ("example.test", "sel", "user@other.test"),
            ("example.test", "sel", "user@badexample.test"),
            ("example.test", "sel", "no-at-sign"),
        ]
    )
    func invalidParameters(domain: String, selector: String, identity: String?) {
        let signer = DKIMSigner(domain: domain, selector: selector, key: Self.ed25519, identity: identity)
        let error = #expect(throws: DKIMError.self) { try signer.signatureField(for: Self.message) }
        #expect(error?.code == .invalidParameter)
    }

    @Test("i= is written in dkim-quoted-printable (RFC 6376 §2.11); subdomains are allowed")
    func identity() throws {
        let plain = dkimTags(try Self.signer(identity: "news@mail.example.test").signatureField(for: Self.message))
        #expect(plain["i"] == "news@mail.example.test")
        let encoded = try Self.signer(identity: "a;b c=d@example.test").signatureField(for: Self.message)
        #expect(encoded.contains("i=a=3Bb=20c=3Dd@example.test;"))
    }

    @Test("sign() prepends the field to the unchanged message")
    func signPrepends() throws {
        let signer = Self.signer()
        let signed = try signer.sign(Self.message)
        let field = try signer.signatureField(for: Self.message)
        #expect(signed == field.bytes + Self.message)
    }

    @Test("signatures are deterministic, and bare-LF input signs like CRLF input")
    func deterministic() throws {
        let lf = String(decoding: Self.message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").bytes
        for key in [Self.ed25519, try DKIMKey(pem: Fixtures.text("keys/rsa2024.example.test.pem"))] {
            if key.algorithm == .ed25519SHA256, !RFC8463VectorTests.isDeterministicEd25519 { continue }
            let signer = Self.signer(key)
            let time = Date(timeIntervalSince1970: 1_700_000_000)
            let first = try signer.signatureField(for: Self.message, timestamp: time)
            #expect(try signer.signatureField(for: Self.message, timestamp: time) == first)
            #expect(try signer.signatureField(for: lf, timestamp: time) == first)
        }
    }

    @Test("simple/simple is written as c=simple/simple")
    func simple() throws {
        let signer = DKIMSigner(domain: "example.test", selector: "sel", key: Self.ed25519, canonicalization: .simpleSimple)
        #expect(dkimTags(try signer.signatureField(for: Self.message))["c"] == "simple/simple")
    }

    @Test("the RSA 2048 b= value is folded over several lines")
    func rsaFolding() throws {
        let key = try DKIMKey(pem: Fixtures.text("keys/rsa2024.example.test.pem"))
        let field = try Self.signer(key).signatureField(for: Self.message)
        #expect(dkimTags(field)["b"].flatMap { Data(base64Encoded: $0) }?.count == 256)
        #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }
}

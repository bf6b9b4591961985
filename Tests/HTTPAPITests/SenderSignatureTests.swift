import Foundation
import Storage
import Testing

@testable import HTTPAPI
@testable import PostmarkWire

@Suite struct SenderSignatureTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    func code(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch let error as PostmarkError {
            return error.errorCode
        } catch {
            return -1
        }
    }

    @Test func createNeedsAPlainAddressAndAName() throws {
        let input = try SenderSignatureInput.create(
            json(#"{"FromEmail": " Ops@Example.test ", "Name": "Ops", "ReplyToEmail": null, "ReturnPathDomain": "PM.example.test"}"#))
        #expect(input.emailAddress == "Ops@Example.test" && input.domain == "example.test" && input.name == "Ops")
        #expect(input.domainAsTyped == "Example.test")
        #expect(input.replyTo == nil && input.returnPathDomain == "pm.example.test" && input.note == nil)
        let cases: [(String, Int)] = [
            (#"{"Name": "x"}"#, 520), (#"{"FromEmail": "a@b.test"}"#, 520), (#"{"FromEmail": "", "Name": "x"}"#, 520),
            (#"{"FromEmail": "a@b.test", "Name": "  "}"#, 520), (#"{"FromEmail": "x", "Name": "x"}"#, 522),
            (#"{"FromEmail": "A <a@b.test>", "Name": "x"}"#, 522), (#"{"FromEmail": "a@b.test, c@d.test", "Name": "x"}"#, 522),
            (#"{"FromEmail": "a@b.test\r\nBcc: c@d.test", "Name": "x"}"#, 522),
            (#"{"FromEmail": "a@GMAIL.com", "Name": "x"}"#, 503), (#"{"FromEmail": 1, "Name": "x"}"#, 511),
            (#"{"FromEmail": "a@b.test", "Name": "x", "ReturnPathDomain": "b.test"}"#, 522),
            (#"{"FromEmail": "a@b.test", "Name": "x", "ReturnPathDomain": "pm.evil.test"}"#, 522),
            (#"{"FromEmail": "a@b.test", "Name": "x", "ReplyToEmail": "R <r@b.test>"}"#, 522), ("[]", 402),
        ]
        for (body, expected) in cases {
            #expect(code { _ = try SenderSignatureInput.create(json(body)) } == expected, "\(body)")
        }
    }

    @Test func lengthLimitsAreCharactersNotBytes() throws {
        let note = String(repeating: "é", count: 400)
        let input = try SenderSignatureInput.create(
            json(#"{"FromEmail": "a@b.test", "Name": "x", "ConfirmationPersonalNote": "\#(note)"}"#))
        #expect(input.note?.count == 400)
        #expect(code { _ = try SenderSignatureInput.create(json(#"{"FromEmail": "a@b.test", "Name": "x", "ConfirmationPersonalNote": "\#(note)x"}"#)) } == 521)
        let name = String(repeating: "n", count: 256)
        #expect(code { _ = try SenderSignatureInput.create(json(#"{"FromEmail": "a@b.test", "Name": "\#(name)"}"#)) } == 521)
    }

    @Test func updateKeepsAbsentAndNullFieldsAndClearsEmptyOnes() throws {
        let existing = SenderSignatureRecord(
            id: 3, emailAddress: "a@b.test", domain: "b.test", name: "Old", replyToEmailAddress: "r@b.test",
            returnPathDomain: "pm.b.test", returnPathVerified: true, confirmationPersonalNote: "hi", confirmed: true,
            spfVerified: false, createdAt: Date(), confirmedAt: nil, confirmationSentAt: nil)
        let renamed = try SenderSignatureInput.update(json(#"{"Name": "New"}"#), of: existing)
        #expect(renamed.name == "New" && renamed.replyTo == "r@b.test" && renamed.returnPathDomain == "pm.b.test")
        #expect(!renamed.returnPathGiven)
        // What postmarker's edit(Name=...) sends: null is "not provided".
        let postmarker = try SenderSignatureInput.update(
            json(#"{"Name": "New", "ReplyToEmail": null, "ReturnPathDomain": null}"#), of: existing)
        #expect(postmarker.replyTo == "r@b.test" && postmarker.returnPathDomain == "pm.b.test" && !postmarker.returnPathGiven)
        let cleared = try SenderSignatureInput.update(
            json(#"{"ReplyToEmail": "", "ReturnPathDomain": "", "ConfirmationPersonalNote": ""}"#), of: existing)
        #expect(cleared.replyTo == nil && cleared.returnPathDomain == nil && cleared.note == nil && cleared.returnPathGiven)
        #expect(cleared.name == "Old")
        #expect(code { _ = try SenderSignatureInput.update(json("{}"), of: existing) } == 502)
        #expect(code { _ = try SenderSignatureInput.update(json(#"{"Name": ""}"#), of: existing) } == 520)
    }

    @Test func tokensAreRandomAndOnlyTheirDigestIsKept() {
        let (token, digest) = SenderConfirmation.newToken()
        let (other, _) = SenderConfirmation.newToken()
        #expect(token != other && SenderConfirmation.isWellFormed(token) && SenderConfirmation.isWellFormed(other))
        #expect(digest == SenderConfirmation.digest(token) && digest != token && digest.count == 64)
        // SHA-256 of "abc" (FIPS 180-2 appendix B.1).
        #expect(SenderConfirmation.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        for bad in ["", "../../etc", String(repeating: "A", count: 32), String(repeating: "0", count: 31), token + "0"] {
            #expect(!SenderConfirmation.isWellFormed(bad), "\(bad)")
        }
        #expect(SenderConfirmation.link(publicURL: "https://mail.example.test//", token: "ab")
            == "https://mail.example.test/confirm-sender/ab")
    }

    @Test func theConfirmationEmailEscapesWhatTheCustomerWrote() {
        let signature = SenderSignatureRecord(
            id: 1, emailAddress: "ops@b.test", domain: "b.test", name: "<script>", replyToEmailAddress: nil,
            returnPathDomain: nil, returnPathVerified: false, confirmationPersonalNote: "Hi & <b>welcome</b>\nline",
            confirmed: false, spfVerified: false, createdAt: Date(), confirmedAt: nil, confirmationSentAt: nil)
        let email = SenderConfirmation.email(for: signature, link: "http://x.test/confirm-sender/ab", from: "postage@b.test")
        #expect(email.to == "ops@b.test" && email.from == "Postage <postage@b.test>")
        let html = email.htmlBody ?? ""
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(html.contains("Hi &amp; &lt;b&gt;welcome&lt;/b&gt;<br>line"))
        #expect(email.textBody?.contains("http://x.test/confirm-sender/ab") == true)
        #expect(email.textBody?.contains("Hi & <b>welcome</b>") == true)
    }

    @Test func loopbackLinksAreRecognised() {
        for url in ["http://127.0.0.1:8080", "http://localhost:8080/x", "http://[::1]:8080"] {
            #expect(SenderConfirmation.isLocalOnly(url), "\(url)")
        }
        for url in ["https://mail.example.test", "http://10.0.0.5:8080", "not a url"] {
            #expect(!SenderConfirmation.isLocalOnly(url), "\(url)")
        }
    }

    @Test func thePublicBaseURLTakesTheBoundPortOnlyWhenConfiguredWithPortZero() {
        let zero = PublicBaseURL("http://127.0.0.1:0")
        zero.listenerBound(port: 41234)
        #expect(zero.url == "http://127.0.0.1:41234")
        let fixed = PublicBaseURL("https://mail.example.test")
        fixed.listenerBound(port: 41234)
        #expect(fixed.url == "https://mail.example.test")
    }
}

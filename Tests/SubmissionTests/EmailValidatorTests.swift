import Testing

@testable import PostmarkWire
@testable import Submission

@Suite struct EmailValidatorTests {
    func request(_ mutate: (inout EmailRequest) -> Void = { _ in }) -> EmailRequest {
        var request = EmailRequest()
        request.from = "Sender <sender@example.test>"
        request.to = "to@example.test"
        request.subject = "Hello"
        request.textBody = "Body"
        mutate(&request)
        return request
    }

    func code(_ mutate: (inout EmailRequest) -> Void) -> Int? {
        do {
            _ = try EmailValidator.validate(request(mutate))
            return nil
        } catch {
            return error.errorCode
        }
    }

    @Test func acceptsAValidMessage() throws {
        let email = try EmailValidator.validate(request())
        #expect(email.from.address == "sender@example.test")
        #expect(email.from.displayName == "Sender")
        #expect(email.stream == "outbound")
    }

    @Test func invalidRequestsAre300() {
        #expect(code { $0.from = nil } == 300)
        #expect(code { $0.from = "not an address" } == 300)
        #expect(code { $0.to = "test" } == 300)
        #expect(code { $0.to = nil } == 300)
        #expect(code { $0.cc = "a@x.test, broken@" } == 300)
        #expect(code { $0.textBody = nil } == 300)
        #expect(code { $0.tag = String(repeating: "t", count: 1001) } == 300)
        #expect(code { $0.subject = String(repeating: "s", count: 2001) } == 300)
        #expect(code { $0.trackLinks = "Sometimes" } == 300)
    }

    @Test func recipientLimitIsFiftyInTotal() {
        let twentyFive = (0..<25).map { "r\($0)@example.test" }.joined(separator: ",")
        let twentySix = (0..<26).map { "c\($0)@example.test" }.joined(separator: ",")
        #expect(code { $0.to = twentyFive; $0.cc = twentyFive.replacingOccurrences(of: "r", with: "c") } == nil)
        #expect(code { $0.to = twentyFive; $0.cc = twentySix } == 300)
    }

    @Test func lineBreaksInHeaderValuesAreRejected() {
        #expect(code { $0.subject = "Hi\r\nBcc: victim@example.test" } == 300)
        #expect(code { $0.subject = "Hi\nthere" } == 300)
        #expect(code { $0.from = "a@x.test\r\nX-Evil: 1" } == 300)
        #expect(code { $0.tag = "t\rx" } == 300)
        #expect(code { $0.headers = [.init(name: "X-Custom", value: "a\r\nBcc: v@x.test")] } == 300)
        #expect(code { $0.headers = [.init(name: "X Bad", value: "a")] } == 300)
        #expect(code { $0.headers = [.init(name: "X-Bad:", value: "a")] } == 300)
    }

    @Test func metadataLimits() {
        #expect(code { $0.metadata = (0..<10).map { ("k\($0)", "v") } } == nil)
        #expect(code { $0.metadata = (0..<11).map { ("k\($0)", "v") } } == 300)
        #expect(code { $0.metadata = [(String(repeating: "k", count: 20), "v")] } == nil)
        #expect(code { $0.metadata = [(String(repeating: "k", count: 21), "v")] } == 300)
        #expect(code { $0.metadata = [("k", String(repeating: "v", count: 81))] } == 300)
        #expect(code { $0.metadata = [("Color", "a"), ("color", "b")] } == 300)
    }

    @Test func attachments() throws {
        #expect(code { $0.attachments = [.init(name: "run.EXE", content: "AAE=", contentType: nil, contentID: nil)] } == 411)
        #expect(code { $0.attachments = [.init(name: "a.bin.txt", content: "AAE=", contentType: nil, contentID: nil)] } == nil)
        #expect(code { $0.attachments = [.init(name: "a.txt", content: "!!!not base64", contentType: nil, contentID: nil)] } == 300)
        #expect(code { $0.attachments = [.init(name: "", content: "AAE=", contentType: nil, contentID: nil)] } == 300)
        let email = try EmailValidator.validate(
            request { $0.attachments = [.init(name: "logo.png", content: "AAEC/w==", contentType: "image/png", contentID: "cid:logo@x")] })
        #expect(email.attachments[0].content == [0, 1, 2, 255])
        #expect(email.attachments[0].contentID == "logo@x")
    }

    @Test func envelopeRecipientsAreDeduplicated() throws {
        let email = try EmailValidator.validate(
            request { $0.to = "A@x.test, b@x.test"; $0.cc = "a@X.test"; $0.bcc = "c@x.test" })
        #expect(email.envelopeRecipients == ["A@x.test", "b@x.test", "c@x.test"])
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

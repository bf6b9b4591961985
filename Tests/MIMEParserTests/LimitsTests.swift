import MIMEParser
import Testing

@Suite("Parse limits")
struct LimitsTests {
    static func depth(_ part: ParsedPart) -> Int {
        switch part.content {
        case .leaf: 0
        case let .multipart(multipart): 1 + (multipart.parts.map(depth).max() ?? 0)
        case let .message(message): 1 + depth(message.root)
        }
    }

    static func count(_ message: ParsedMessage) -> Int {
        var count = 0
        message.forEachPart { _ in count += 1 }
        return count
    }

    @Test func nestingIsBounded() {
        var text = ""
        for level in 0..<100 { text += "Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n" }
        text += "\r\ninnermost\r\n"
        let message = parse(text)
        #expect(Self.depth(message.root) == ParseLimits.defaultMaximumDepth)
        #expect(message.defectCodes.contains("DepthLimitExceeded"))
        let shallow = ParsedMessage.parse(Array(text.utf8), limits: ParseLimits(maximumDepth: 3))
        #expect(Self.depth(shallow.root) == 3)
    }

    @Test func nestedMessagesAreBounded() {
        let text = String(repeating: "Content-Type: message/rfc822\r\n\r\n", count: 500) + "Subject: deep\r\n\r\nx"
        let message = parse(text)
        #expect(Self.depth(message.root) == ParseLimits.defaultMaximumDepth)
        #expect(message.defectCodes == ["DepthLimitExceeded"])
    }

    @Test func partCountIsBounded() {
        let text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            + String(repeating: "--b\r\n\r\nx\r\n", count: 10_000) + "--b--\r\n"
        let message = ParsedMessage.parse(Array(text.utf8), limits: ParseLimits(maximumParts: 100))
        #expect(Self.count(message) == 100)
        #expect(message.root.parts.count == 99)
        #expect(message.defectCodes == ["PartLimitExceeded"])
        guard case let .multipart(multipart) = message.root.content else { return }
        #expect(multipart.isClosed) // the close delimiter is still found
    }

    @Test func headerFieldsAreBounded() {
        let text = String(repeating: "X-A: 1\r\n", count: 5_000) + "Subject: last\r\n\r\nbody"
        let message = ParsedMessage.parse(Array(text.utf8), limits: ParseLimits(maximumHeaderFields: 1_000))
        #expect(message.header.fields.count == 1_000)
        #expect(message.subject == nil) // past the limit: consumed, not stored
        #expect(string(message.root.rawBody) == "body")
        #expect(message.defectCodes == ["HeaderLimitExceeded"])

        let long = "X-Long: " + String(repeating: "a", count: 100_000) + "\r\nSubject: s\r\n\r\n"
        let bounded = ParsedMessage.parse(Array(long.utf8), limits: ParseLimits(maximumHeaderBytes: 50_000))
        #expect(bounded.header.fields.isEmpty)
        #expect(bounded.defectCodes == ["HeaderLimitExceeded"])
    }
}

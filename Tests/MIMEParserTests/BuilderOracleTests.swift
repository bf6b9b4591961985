import Foundation
import MIME
import MIMEParser
import MailCore
import Testing

/// Messages built by ``MessageBuilder``: parsed back to what went in, and compared with
/// Python's email package.
@Suite("MessageBuilder output parsed back")
struct BuilderOracleTests {
    static func built(_ draft: MessageDraft) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return MessageBuilder.build(draft, using: &generator)
    }

    @Test("round trip", arguments: Array(BuilderDrafts.all.enumerated()))
    func roundTrip(_ item: (offset: Int, element: MessageDraft)) {
        let draft = item.element
        let message = ParsedMessage.parse(Self.built(draft))
        #expect(message.allDefects.isEmpty)
        #expect(message.subject == draft.subject)
        #expect(message.from.addresses == [draft.from])
        #expect(message.to.addresses == draft.to)
        #expect(message.cc.addresses == draft.cc)
        #expect(message.replyTo.addresses == draft.replyTo)
        #expect(message.messageID == draft.messageID)
        #expect(message.date == draft.date)
        let text = (draft.textBody ?? "").isEmpty ? nil : draft.textBody
        let html = (draft.htmlBody ?? "").isEmpty ? nil : draft.htmlBody
        let singlePart = draft.attachments.isEmpty && (text == nil) != (html == nil)
        let fallback: String? = text == nil && html == nil && draft.attachments.isEmpty ? "" : nil
        #expect(message.textBody == text.map { BuilderDrafts.expectedText($0, topLevel: singlePart) } ?? fallback)
        #expect(message.htmlBody == html.map { BuilderDrafts.expectedText($0, topLevel: singlePart) })
        // Attachments: same set (the builder puts inline parts first under multipart/related).
        let expected = draft.attachments.map { [$0.name, $0.contentType.split(separator: ";")[0].description, $0.contentID ?? ""] }
        let parsed = message.attachments.map { [$0.name ?? "", $0.contentType, $0.contentID ?? ""] }
        #expect(parsed.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        for attachment in draft.attachments {
            let match = message.attachments.first { $0.name == attachment.name }
            #expect(match?.content == attachment.content)
            #expect(match?.disposition == (attachment.contentID == nil ? "attachment" : "inline"))
        }
        for header in draft.headers + draft.extraTraceHeaders {
            #expect(message.header[header.name] == header.value)
        }
    }

    /// Dropping the X-PM-* trace fields from a built message gives exactly the bytes of the
    /// same message built without them (same boundary seed): nothing else moves.
    @Test func strippingTraceFieldsIsByteExact() {
        let draft = BuilderDrafts.all[8]
        var withTrace = SeededRandom(state: 7), withoutTrace = SeededRandom(state: 7)
        var plain = draft
        plain.extraTraceHeaders = []
        let built = MessageBuilder.build(draft, using: &withTrace)
        let message = ParsedMessage.parse(built)
        #expect(message.header.fields.filter { $0.name.hasPrefix("X-PM-") }.count == 2)
        let stripped = message.removingHeaderFields { $0.name.lowercased().hasPrefix("x-pm-") }
        #expect(stripped == MessageBuilder.build(plain, using: &withoutTrace))
        #expect(Array(message.source[message.bodyRange]) == Array(stripped[ParsedMessage.parse(stripped).bodyRange]))
    }

    @Test(.enabled(if: PythonOracle.isAvailable, "python3 unavailable or POSTAGE_SKIP_PYTHON_ORACLE=1"))
    func agreesWithPython() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mimeparser-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var urls: [URL] = []
        for (index, draft) in BuilderDrafts.all.enumerated() {
            let url = directory.appendingPathComponent(String(format: "built_%02d.eml", index))
            try Data(Self.built(draft)).write(to: url)
            urls.append(url)
        }
        let outcome = try #require(CorpusOracle.run(urls))
        #expect(outcome.fullyAgreeing == urls.count)
        CorpusOracle.expectOnly([:], in: outcome, corpus: "builder")
    }
}

/// SplitMix64, for reproducible boundaries.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

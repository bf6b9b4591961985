import Foundation
import MIME
import MailCore
import Testing

/// Parses built messages with Python's standard `email` package (policy=default), the MIME
/// oracle of `shared/reference/testing-peers.md` §7, and checks that every decoded field,
/// body and attachment equals what went in, and that Python reports no defects.
///
/// Needs `python3` on PATH (standard library only). Set POSTAGE_SKIP_PYTHON_ORACLE=1 to skip.
@Suite("MessageBuilder vs Python email oracle")
struct PythonOracleTests {
    static let enabled = ProcessInfo.processInfo.environment["POSTAGE_SKIP_PYTHON_ORACLE"] != "1"

    @Test(.enabled(if: enabled, "POSTAGE_SKIP_PYTHON_ORACLE=1"))
    func pythonAgreesWithEveryDraft() throws {
        let drafts = OracleCorpus.drafts
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("postage-mime-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var paths: [String] = []
        for (index, draft) in drafts.enumerated() {
            let url = directory.appendingPathComponent(String(format: "msg_%02d.eml", index))
            let bytes = MessageBuilder.build(draft)
            MessageBuilderEncodingTests.checkWireRules(bytes)
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }

        // Draft 14 must really have gone through the address parser.
        #expect(drafts[14].from.displayName == "Support, Team")
        #expect(drafts[14].to.map(\.displayName) == ["Quoted, Name", "Plain Name", nil, "Zoë Ünïcode", "a\"b"])

        let reports = try runOracle(paths)
        try #require(reports.count == drafts.count)
        for (draft, report) in zip(drafts, reports) {
            check(report, against: draft)
        }
    }

    func runOracle(_ paths: [String]) throws -> [OracleReport] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", OracleCorpus.script] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed: \(errorText)")
        return try String(decoding: data, as: UTF8.self)
            .split(separator: "\n")
            .map { try JSONDecoder().decode(OracleReport.self, from: Data($0.utf8)) }
    }

    func check(_ report: OracleReport, against draft: MessageDraft) {
        let label = Comment(rawValue: report.file)
        func pair(_ address: EmailAddress) -> [String] { [address.displayName ?? "", address.address] }

        #expect(report.from == [pair(draft.from)], label)
        #expect(report.to == (draft.to.isEmpty ? nil : draft.to.map(pair)), label)
        #expect(report.cc == (draft.cc.isEmpty ? nil : draft.cc.map(pair)), label)
        #expect(report.replyTo == (draft.replyTo.isEmpty ? nil : draft.replyTo.map(pair)), label)
        #expect(report.subject == draft.subject, label)
        #expect(report.hasBcc == false, label)
        #expect(report.mimeVersion == "1.0", label)
        #expect(report.date == RFC5322Date.format(draft.date), label)
        let override = draft.headers.first { $0.name.lowercased() == "message-id" }?.value
        #expect(report.messageID == (override ?? "<\(draft.messageID)>"), label)

        // Custom and trace headers decode to exactly what was given; reserved ones are gone.
        var expectedExtra: [[String]] = []
        for header in draft.headers where !MessageBuilder.isReservedHeader(header.name)
            && header.name.lowercased() != "message-id" {
            expectedExtra.append([header.name, header.value])
        }
        expectedExtra += draft.extraTraceHeaders.map { [$0.name, $0.value] }
        #expect(report.extraHeaders == expectedExtra, label)

        // Bodies: Python returns the decoded text with the CRLF line ends it was sent with.
        let text = draft.textBody.flatMap { $0.isEmpty ? nil : $0 }
        let html = draft.htmlBody.flatMap { $0.isEmpty ? nil : $0 }
        let singlePart = draft.attachments.isEmpty && (text == nil) != (html == nil)
        // A draft with nothing at all becomes one empty text/plain part.
        let fallback: String? = text == nil && html == nil && draft.attachments.isEmpty ? "" : nil
        #expect(report.text == text.map { expectedBody($0, topLevel: singlePart) } ?? fallback, label)
        #expect(report.html == html.map { expectedBody($0, topLevel: singlePart) }, label)

        #expect(report.structure == expectedStructure(draft), label)

        // Attachments: byte-exact (sha256), names, types, Content-IDs, dispositions.
        let expectedAttachments = orderedAttachments(draft).map { attachment in
            OracleReport.Part(
                filename: attachment.name,
                nameParameter: attachment.name,
                contentType: attachment.contentType,
                contentID: attachment.contentID.map { "<\($0)>" },
                disposition: attachment.contentID == nil ? "attachment" : "inline",
                sha256: OracleCorpus.sha256Hex(attachment.content),
                size: attachment.content.count
            )
        }
        #expect(report.attachments == expectedAttachments, label)

        // No defects anywhere. The only header defects allowed are the ones Python reports for
        // the RFC 2047 `name=` parameter Postage adds for old clients next to a non-ASCII
        // RFC 2231 filename (encoded-words inside a quoted string, RFC 2047 §5).
        #expect(report.defects.isEmpty, label)
        let toleratedMessages: Set<String> = ["encoded word inside quoted string", "missing trailing whitespace after encoded-word"]
        let unexpected = report.headerDefects.filter { defect in
            !(defect.header.lowercased() == "content-type" && toleratedMessages.contains(defect.message)
              && draft.attachments.contains { $0.name.unicodeScalars.contains { !$0.isASCII } })
        }
        #expect(unexpected.isEmpty, label)
    }

    /// The text Python should return for a body: CRLF-normalised; a top-level single part
    /// also gets the message's final CRLF if the text did not end with one.
    func expectedBody(_ body: String, topLevel: Bool) -> String {
        var normalized = body.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        if topLevel, !normalized.hasSuffix("\r\n") { normalized += "\r\n" }
        return normalized
    }

    /// Attachments in the order they appear in the message: inline parts inside
    /// multipart/related come first when there is an html body.
    func orderedAttachments(_ draft: MessageDraft) -> [MIME.Attachment] {
        let hasHTML = !(draft.htmlBody ?? "").isEmpty
        let inline = draft.attachments.filter { $0.contentID != nil }
        guard hasHTML, !inline.isEmpty else { return draft.attachments }
        return inline + draft.attachments.filter { $0.contentID == nil }
    }

    func expectedStructure(_ draft: MessageDraft) -> String {
        let hasText = !(draft.textBody ?? "").isEmpty
        let hasHTML = !(draft.htmlBody ?? "").isEmpty
        var root: String? = switch (hasText, hasHTML) {
        case (true, true): "multipart/alternative(text/plain,text/html)"
        case (true, false): "text/plain"
        case (false, true): "text/html"
        case (false, false): nil
        }
        var rest = draft.attachments
        let inline = draft.attachments.filter { $0.contentID != nil }
        if hasHTML, let body = root, !inline.isEmpty {
            root = "multipart/related(" + ([body] + inline.map(\.contentType)).joined(separator: ",") + ")"
            rest = draft.attachments.filter { $0.contentID == nil }
        }
        if !rest.isEmpty {
            root = "multipart/mixed(" + ((root.map { [$0] } ?? []) + rest.map(\.contentType)).joined(separator: ",") + ")"
        }
        return root ?? "text/plain"
    }
}

import Foundation
@testable import MIME
import MailCore

/// A deterministic generator (SplitMix64) so builds in tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A deliberately simple reader for built messages, used to check structure in unit tests.
/// The independent check is the Python oracle test.
struct RawMessage {
    let text: String
    let headerBlock: String
    let body: String
    /// Unfolded header fields in order (RFC 5322 §2.2.3 unfolding: remove CRLF before WSP).
    let headers: [(name: String, value: String)]

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        let split = text.range(of: "\r\n\r\n")
        headerBlock = split.map { String(text[..<$0.lowerBound]) } ?? text
        body = split.map { String(text[$0.upperBound...]) } ?? ""
        headers = RawMessage.parseHeaders(headerBlock)
    }

    static func parseHeaders(_ block: String) -> [(name: String, value: String)] {
        let unfolded = block.replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n\t", with: "\t")
        return unfolded.components(separatedBy: "\r\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            var value = String(line[line.index(after: colon)...])
            if value.hasPrefix(" ") { value.removeFirst() }
            return (String(line[..<colon]), value)
        }
    }

    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func value(_ name: String) -> String? { values(name).first }

    var headerNames: [String] { headers.map(\.name) }

    /// Raw lines of the whole message (split at CRLF).
    var lines: [Substring] { text.split(separator: "\r\n", omittingEmptySubsequences: false) }
}

/// Splits a multipart body by its boundary into the raw parts (headers + body).
func multipartParts(_ body: String, boundary: String) -> [RawMessage] {
    var pieces = body.components(separatedBy: "--" + boundary)
    guard pieces.count >= 2 else { return [] }
    pieces.removeFirst() // preamble
    pieces.removeLast() // "--" + epilogue
    return pieces.map { piece in
        var part = piece
        if part.hasPrefix("\r\n") { part.removeFirst() } // CRLF is one Character
        if part.hasSuffix("\r\n") { part.removeLast() }
        return RawMessage(Array(part.utf8))
    }
}

func boundary(of contentType: String) -> String? {
    guard let range = contentType.range(of: "boundary=\"") else { return nil }
    let rest = contentType[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

/// Test-only quoted-printable decoder (RFC 2045 §6.7).
func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        default: nil
        }
    }
    while i < encoded.count {
        let b = encoded[i]
        if b == UInt8(ascii: "=") {
            if i + 2 < encoded.count, encoded[i + 1] == 0x0D, encoded[i + 2] == 0x0A {
                i += 3
                continue
            }
            if i + 2 < encoded.count, let h = hex(encoded[i + 1]), let l = hex(encoded[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(b) // malformed: keep (tests assert this never happens)
            i += 1
            continue
        }
        out.append(b)
        i += 1
    }
    return out
}

/// Test-only decoder for one RFC 2047 encoded-word produced by ``EncodedWord``.
func decodeEncodedWord(_ word: String) -> [UInt8]? {
    let parts = word.components(separatedBy: "?")
    guard parts.count == 5, parts[0] == "=", parts[4] == "=", parts[1].lowercased() == "utf-8" else { return nil }
    switch parts[2].uppercased() {
    case "B":
        return Data(base64Encoded: parts[3]).map { Array($0) }
    case "Q":
        let spaced = Array(parts[3].utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
        return decodeQuotedPrintable(spaced)
    default:
        return nil
    }
}

func sampleDraft(
    subject: String? = "Hello",
    text: String? = "Hi there",
    html: String? = nil,
    headers: [MessageHeader] = [],
    attachments: [Attachment] = []
) -> MessageDraft {
    MessageDraft(
        from: EmailAddress(displayName: "Sender", address: "sender@example.test"),
        to: [EmailAddress(address: "to@example.test")],
        subject: subject,
        textBody: text,
        htmlBody: html,
        headers: headers,
        attachments: attachments,
        messageID: "abc123@postage.example",
        date: Date(timeIntervalSince1970: 1_795_921_445)
    )
}

func build(_ draft: MessageDraft, seed: UInt64 = 42) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return MessageBuilder.build(draft, using: &generator)
}

import Foundation
import MIME
import Testing

@Suite("Base64Lines")
struct Base64LinesTests {
    // RFC 4648 §10 test vectors.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(input: String, expected: String) {
        #expect(String(decoding: Base64Lines.encode(Array(input.utf8)), as: UTF8.self) == expected)
    }

    @Test(arguments: [0, 1, 56, 57, 58, 114, 256 * 4, 10_000])
    func linesAndRoundTrip(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let encoded = String(decoding: Base64Lines.encode(bytes), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n")
        // RFC 2045 §6.8: at most 76 characters per line; all but the last are exactly 76.
        for line in lines.dropLast() { #expect(line.count == 76) }
        #expect((lines.last?.count ?? 0) <= 76)
        #expect(!encoded.hasSuffix("\r\n"))
        // Decode with Foundation, an independent implementation.
        let decoded = try #require(Data(base64Encoded: lines.joined()))
        #expect(Array(decoded) == bytes)
    }

    @Test func customLineLengthRoundsToMultipleOfFour() {
        let encoded = String(decoding: Base64Lines.encode(Array(repeating: 0xFF, count: 30), lineLength: 10), as: UTF8.self)
        #expect(encoded.components(separatedBy: "\r\n").dropLast().allSatisfy { $0.count == 8 })
    }
}

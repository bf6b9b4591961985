import Foundation
import MIME
import Testing

@Suite("QuotedPrintable")
struct QuotedPrintableTests {
    @Test(arguments: [
        ("", ""),
        ("abc", "abc"),
        ("a=b", "a=3Db"),
        ("trailing space ", "trailing space=20"),
        ("trailing tab\t", "trailing tab=09"),
        ("inner space\tand tab", "inner space\tand tab"),
        ("a \r\nb\t\r\n", "a=20\r\nb=09\r\n"),
        ("é", "=C3=A9"),
        ("lone\nlf", "lone=0Alf"),
        ("lone\rcr", "lone=0Dcr"),
        ("\r\n\r\n", "\r\n\r\n"),
        ("~!@#$%^&*()_+{}|:\"<>?`-[]\\;',./", "~!@#$%^&*()_+{}|:\"<>?`-[]\\;',./"),
        ("nul\u{0}del\u{7F}", "nul=00del=7F"),
    ])
    func vectors(input: String, expected: String) {
        #expect(QuotedPrintable.encode(input) == expected)
    }

    /// Inputs that put spaces, `=` and multibyte characters right at the soft-break columns.
    static let edgeCases: [String] = {
        var cases: [String] = []
        for offset in 70...78 {
            let prefix = String(repeating: "a", count: offset)
            cases.append(prefix + "=" + prefix)
            cases.append(prefix + " " + prefix)
            cases.append(prefix + " ")
            cases.append(prefix + "\t\r\n" + prefix)
            cases.append(prefix + "é€😀" + prefix)
            cases.append(String(repeating: "=", count: offset))
        }
        cases.append(String(repeating: "x", count: 76))
        cases.append(String(repeating: "x", count: 77))
        cases.append(String(repeating: " ", count: 200))
        cases.append(String(repeating: "ü", count: 500))
        cases.append(String(repeating: "a", count: 5000))
        return cases
    }()

    @Test(arguments: edgeCases)
    func roundTripAndLineRules(input: String) {
        let bytes = Array(input.utf8)
        let encoded = QuotedPrintable.encode(bytes)
        #expect(decodeQuotedPrintable(encoded) == bytes)
        let text = String(decoding: encoded, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            // RFC 2045 §6.7 rule 5: at most 76 characters per encoded line.
            #expect(line.utf8.count <= 76)
            // Rule 3: no literal whitespace at the end of an encoded line.
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
            // Only the soft-break "=" may end a line; "=XX" is never split.
            let body = line.hasSuffix("=") ? String(line.dropLast()) : line
            let scalars = Array(body.unicodeScalars)
            for (index, scalar) in scalars.enumerated() where scalar == "=" {
                #expect(index + 2 < scalars.count)
                if index + 2 < scalars.count {
                    #expect(scalars[index + 1].properties.isASCIIHexDigit && scalars[index + 2].properties.isASCIIHexDigit)
                }
            }
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 || $0 == "\t") })
        }
    }

    @Test func randomBytesRoundTrip() {
        var generator = SeededGenerator(seed: 7)
        for length in [1, 2, 75, 76, 77, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(decodeQuotedPrintable(QuotedPrintable.encode(bytes)) == bytes)
        }
    }

    @Test func keepsFinalLineBreakExactlyWhenPresent() {
        #expect(QuotedPrintable.encode("a\r\n") == "a\r\n")
        #expect(QuotedPrintable.encode("a") == "a")
        #expect(QuotedPrintable.encode(String(repeating: "b", count: 80) + "\r\n").hasSuffix("bbbb\r\n"))
    }
}

@testable import MIME
import Testing

@Suite("Header folding")
struct HeaderFolderTests {
    static func unfold(_ field: String) -> String {
        field.replacingOccurrences(of: "\r\n", with: "")
    }

    @Test func shortFieldIsOneLine() {
        #expect(HeaderFolder.fold(name: "Subject", pieces: HeaderFolder.pieces(splittingAtWhitespace: " Hello world"))
            == "Subject: Hello world")
    }

    @Test(arguments: [
        String(repeating: "word ", count: 60),
        String(repeating: "a", count: 65) + " " + String(repeating: "b", count: 76),
        "multiple   spaces\tand\t\ttabs " + String(repeating: "x ", count: 50),
        String(repeating: "averyveryverylongword", count: 2) + " tail",
    ])
    func foldsAtWhitespaceLosslessly(value: String) {
        let folded = HeaderFolder.fold(name: "Subject", pieces: HeaderFolder.pieces(splittingAtWhitespace: " " + value))
        // RFC 5322 §2.2.3: unfolding removes CRLF before WSP and gives the value back.
        #expect(Self.unfold(folded) == "Subject: " + value)
        for (index, line) in folded.components(separatedBy: "\r\n").enumerated() {
            #expect(line.utf8.count <= 78)
            if index > 0 {
                #expect(line.first == " " || line.first == "\t")
                // RFC 5322 §3.2.2: no line made only of whitespace.
                #expect(line.contains { $0 != " " && $0 != "\t" })
            }
        }
    }

    @Test func unbreakableTokenStaysWhole() {
        let token = String(repeating: "z", count: 120)
        let folded = HeaderFolder.fold(name: "X-Token", pieces: HeaderFolder.pieces(splittingAtWhitespace: " a " + token + " b"))
        #expect(folded == "X-Token: a\r\n \(token)\r\n b")
        #expect(HeaderFolder.longestLine(folded) == 121)
    }

    @Test func firstPieceNeverLeavesTheNameLine() {
        let name = "X-" + String(repeating: "n", count: 74)
        let folded = HeaderFolder.fold(name: name, pieces: [" first", " second"])
        #expect(folded == name + ": first\r\n second")
    }

    @Test func piecesJoinBack() {
        for value in ["", " ", "a", " a", "a ", "  a  b\t c  ", "\t\tx"] {
            let pieces = HeaderFolder.pieces(splittingAtWhitespace: value)
            #expect(pieces.joined() == value)
            #expect(pieces.dropFirst().allSatisfy { $0.first == " " || $0.first == "\t" })
        }
    }
}

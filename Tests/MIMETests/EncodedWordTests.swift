import Foundation
import MIME
import Testing

@Suite("EncodedWord")
struct EncodedWordTests {
    static let samples = [
        "Renée",
        "Grüße aus Zürich",
        "山田 太郎",
        "日本語のとても長い件名です。これは複数のエンコードされた単語に分割されなければなりません。",
        String(repeating: "é", count: 100),
        String(repeating: "😀", count: 40),
        "👨‍👩‍👧‍👦 family 👨‍👩‍👧‍👦 " + String(repeating: "🏳️‍🌈", count: 10),
        "e" + String(repeating: "\u{301}", count: 60), // one grapheme, too long for one word
        "ASCII only, with = and ? and _ underscores",
    ]

    @Test(arguments: samples)
    func wordsAreShortWholeAndDecodable(text: String) throws {
        for limits in [(75, 75), (40, 75), (24, 30)] {
            let words = EncodedWord.encode(text, firstWordLimit: limits.0, wordLimit: limits.1)
            #expect(!words.isEmpty)
            var joined: [UInt8] = []
            for (index, word) in words.enumerated() {
                // RFC 2047 §2: at most 75 characters, and within the requested limit.
                #expect(word.count <= (index == 0 ? limits.0 : limits.1))
                #expect(word.hasPrefix("=?utf-8?") && word.hasSuffix("?="))
                let bytes = try #require(decodeEncodedWord(word))
                // RFC 2047 §5: each word is whole characters, i.e. valid UTF-8 on its own.
                #expect(String(validating: bytes, as: UTF8.self) != nil)
                joined += bytes
            }
            #expect(joined == Array(text.utf8))
        }
    }

    @Test func graphemeClustersStayTogetherWhenTheyFit() throws {
        let family = "👨‍👩‍👧‍👦" // 25 UTF-8 octets, one grapheme
        let text = String(repeating: family, count: 5)
        let words = EncodedWord.encode(text)
        for word in words {
            let decoded = try #require(decodeEncodedWord(word))
            let string = try #require(String(validating: decoded, as: UTF8.self))
            #expect(string.allSatisfy { $0 == Character(family) })
        }
    }

    @Test func choosesQForMostlyASCIIAndBForCJK() {
        #expect(EncodedWord.encode("Hello Renée, welcome back") == ["=?utf-8?Q?Hello_Ren=C3=A9e=2C_welcome_back?="])
        #expect(EncodedWord.encode("Renée") == ["=?utf-8?B?UmVuw6ll?="]) // B is shorter here
        #expect(EncodedWord.encode("山田") == ["=?utf-8?B?5bGx55Sw?="])
        #expect(EncodedWord.encode("a b_c", encoding: .quotedPrintable) == ["=?utf-8?Q?a_b=5Fc?="])
    }

    @Test func qUsesOnlyPhraseSafeCharacters() {
        let words = EncodedWord.encode("a(b)c\"d<e>f,g;h:i@j.k=l?m_n o", encoding: .quotedPrintable)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/=_")
        for word in words {
            let text = word.dropFirst("=?utf-8?Q?".count).dropLast(2)
            #expect(text.allSatisfy(allowed.contains))
        }
    }

    @Test func emptyTextHasNoWords() {
        #expect(EncodedWord.encode("").isEmpty)
    }
}

import Foundation
import Testing

@testable import PostmarkWire

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test(arguments: [
        #"{"a":1,}"#, #"[1,2,]"#, #"{"a" 1}"#, #"{a:1}"#, "'x'", "tru", "nul", "01", "1.", ".5", "-", "1e", "+1",
        #""\x""#, "\"\u{01}\"", #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "[", "{", #"{"a":1}x"#, "", " ",
        "NaN", "Infinity", #""abc"#,
    ])
    func rejectsWhatRFC8259Rejects(_ text: String) {
        #expect(throws: PostmarkError.invalidJSON) { try parse(text) }
    }

    @Test func parsesEveryKind() throws {
        let value = try parse(#" { "s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "i": -42, "big": 9007199254740993, "d": 1.5e3, "t": true, "f": false, "n": null, "a": [1, [2]], "o": {} } "#)
        #expect(value["s"] == .string("a\"b\\c/d\né😀"))
        #expect(value["i"] == .integer(-42))
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["d"] == .number(1500))
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.integer(1), .array([.integer(2)])]))
        #expect(value["o"] == .object(JSONObject([])))
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: PostmarkError.invalidJSON) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: PostmarkError.invalidJSON) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func nestingIsBounded() throws {
        _ = try parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(throws: PostmarkError.invalidJSON) {
            try parse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        }
    }

    @Test func agreesWithFoundationOnRandomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let data = try JSONSerialization.data(withJSONObject: ["v": value], options: [.fragmentsAllowed])
            let parsed = try JSONValue.parse(Array(data))
            #expect(Self.matches(parsed["v"]!, value), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    static func randomValue(depth: Int, using generator: inout SystemRandomNumberGenerator) -> Any {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
        case 0: return Int.random(in: -1_000_000...1_000_000, using: &generator)
        case 1: return Bool.random(using: &generator)
        case 2:
            let scalars = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Character(Unicode.Scalar(UInt32.random(in: 0x20...0x2FF, using: &generator))!)
            }
            return String(scalars) + (Bool.random(using: &generator) ? "\"\\\n\u{1F600}" : "")
        case 3: return NSNull()
        case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) }
        default:
            var object: [String: Any] = [:]
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                object["k\(index)"] = randomValue(depth: depth + 1, using: &generator)
            }
            return object
        }
    }

    static func matches(_ parsed: JSONValue, _ expected: Any) -> Bool {
        switch (parsed, expected) {
        case (.null, is NSNull): return true
        case (.bool(let a), let b as Bool): return a == b
        case (.integer(let a), let b as Int): return a == Int64(b)
        case (.string(let a), let b as String): return a == b
        case (.array(let a), let b as [Any]): return a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        case (.object(let a), let b as [String: Any]):
            return a.members.count == b.count && a.members.allSatisfy { member in b[member.key].map { matches(member.value, $0) } ?? false }
        default: return false
        }
    }
}

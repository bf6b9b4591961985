import Foundation
import Templates
import Testing

@Suite("TemplateValue")
struct TemplateValueTests {
    /// A stand-in for another module's JSON tree (the HTTP layer has its own).
    indirect enum ForeignJSON {
        case null, flag(Bool), int(Int64), real(Double), text(String), list([ForeignJSON])
        case members([(String, ForeignJSON)])
    }

    static func shape(_ node: ForeignJSON) -> TemplateValue.Shape<ForeignJSON> {
        switch node {
        case .null: .null
        case .flag(let flag): .bool(flag)
        case .int(let value): .integer(value)
        case .real(let value): .number(value)
        case .text(let text): .string(text)
        case .list(let items): .array(items)
        case .members(let members): .object(members.map { (key: $0.0, value: $0.1) })
        }
    }

    @Test("converting a generic tree keeps kinds and member order, and converts back")
    func genericConversion() {
        let foreign = ForeignJSON.members([
            ("z", .int(1)), ("a", .real(1.5)), ("m", .list([.flag(true), .null, .text("s")])),
            ("o", .members([("k", .int(0))])),
        ])
        let value = TemplateValue(converting: foreign, shape: Self.shape)
        #expect(value == ["z": 1, "a": 1.5, "m": [true, nil, "s"], "o": ["k": 0]])
        #expect(value.objectValue?.keys == ["z", "a", "m", "o"])

        let back: ForeignJSON = value.converted { shape in
            switch shape {
            case .null: .null
            case .bool(let flag): .flag(flag)
            case .integer(let value): .int(value)
            case .number(let value): .real(value)
            case .string(let text): .text(text)
            case .array(let items): .list(items)
            case .object(let members): .members(members.map { ($0.key, $0.value) })
            }
        }
        #expect(TemplateValue(converting: back, shape: Self.shape) == value)
    }

    @Test("Foundation object graphs from JSONSerialization and by hand")
    func foundationConversion() throws {
        let data = Data(#"{"b": true, "f": false, "i": 42, "d": 2.5, "s": "x", "n": null, "a": [1, "y"], "o": {}}"#.utf8)
        let parsed = TemplateValue(jsonObject: try JSONSerialization.jsonObject(with: data))
        #expect(parsed["b"] == true)
        #expect(parsed["f"] == false)
        #expect(parsed["i"] == 42)
        #expect(parsed["d"] == 2.5)
        #expect(parsed["s"] == "x")
        #expect(parsed["n"] == .null)
        #expect(parsed["a"] == [1, "y"])
        #expect(parsed["o"] == .emptyObject)
        // Sorted keys, since a dictionary has no order.
        #expect(parsed.objectValue?.keys == ["a", "b", "d", "f", "i", "n", "o", "s"])

        let native = TemplateValue(jsonObject: ["t": true, "i": 7, "d": 0.25, "l": [NSNull()]] as [String: Any])
        #expect(native == ["d": 0.25, "i": 7, "l": [nil], "t": true])
    }

    @Test("objects: duplicate keys keep the last value at the first position; large objects index their keys")
    func objects() {
        let object = TemplateObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)

        var large = TemplateObject((0..<40).map { ("k\($0)", TemplateValue.integer(Int64($0))) })
        #expect(large["k39"] == 39)
        #expect(large["missing"] == nil)
        large["k5"] = "five"
        large["new"] = true
        large["k0"] = nil
        #expect(large["k5"] == "five")
        #expect(large["new"] == true)
        #expect(large["k0"] == nil)
        #expect(large.count == 40)
        #expect(large.keys.last == "new")

        var small = TemplateObject()
        small["x"] = 1
        small["y"] = 2
        small["x"] = nil
        #expect(small.keys == ["y"])
    }

    @Test("merging: nested objects merge, the override wins elsewhere (§10)")
    func merging() {
        let suggested: TemplateValue = [
            "name": "name_Value", "person": ["first": "first_Value", "last": "last_Value"], "items": ["items_1"],
        ]
        let test: TemplateValue = ["person": ["first": "Ann"], "items": [], "extra": 1]
        #expect(suggested.merging(test) == [
            "name": "name_Value", "person": ["first": "Ann", "last": "last_Value"], "items": [], "extra": 1,
        ])
        #expect(suggested.merging(.null) == .null)
        #expect(TemplateValue.string("x").merging(["a": 1]) == ["a": 1])
    }

    /// Foundation's JSONEncoder on Linux does not keep the order of keyed members, so this checks
    /// the encoded document's content, not its key order.
    @Test("encodes as JSON")
    func encoding() throws {
        let value: TemplateValue = ["z": [1, 2.5, true, nil, "s"], "a": ["k": "v"]]
        let data = try JSONEncoder().encode(value)
        let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(decoded.keys.sorted() == ["a", "z"])
        #expect((decoded["a"] as? [String: String]) == ["k": "v"])
        let list = try #require(decoded["z"] as? [Any])
        #expect(list.count == 5)
        #expect(list[0] as? Int == 1)
        #expect(list[1] as? Double == 2.5)
        #expect(list[2] as? Bool == true)
        #expect(list[3] is NSNull)
        #expect(list[4] as? String == "s")
    }
}

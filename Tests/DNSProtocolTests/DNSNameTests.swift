import DNSProtocol
import Testing

@Suite("DNSName")
struct DNSNameTests {
    @Test(
        "parses presentation format",
        arguments: [
            ("example.test", ["example", "test"], "example.test"),
            ("example.test.", ["example", "test"], "example.test"),
            ("MX1.Example.TEST", ["MX1", "Example", "TEST"], "MX1.Example.TEST"),
            ("_dmarc.example.test", ["_dmarc", "example", "test"], "_dmarc.example.test"),
            ("a\\.b.test", ["a.b", "test"], "a\\.b.test"),
            ("a\\\\.test", ["a\\", "test"], "a\\\\.test"),
            ("a\\032b.test", ["a b", "test"], "a\\032b.test"),
            ("xn--bcher-kva.test", ["xn--bcher-kva", "test"], "xn--bcher-kva.test"),
            (".", [], "."),
        ])
    func parses(text: String, labels: [String], description: String) throws {
        let name = try DNSName(text)
        #expect(name.labels == labels.map { Array($0.utf8) })
        #expect(name.description == description)
        #expect(try DNSName(name.description) == name)
    }

    @Test(
        "rejects invalid names",
        arguments: [
            "", "..", "a..test", ".a.test", "bücher.test", "a\\", "a\\25.test", "a\\256.test",
            String(repeating: "a", count: 64) + ".test",
        ])
    func rejects(text: String) {
        #expect(throws: DNSProtocolError.self) { try DNSName(text) }
    }

    @Test("accepts 63-byte labels and 255-byte names, not more (RFC 1035 §2.3.4)")
    func limits() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(try DNSName(label63 + ".test").labels[0].count == 63)
        // 4 labels of 63 = 256 bytes on the wire with length bytes and root: 3 x 64 + 62 + 1 = 255
        let name255 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(try DNSName(name255).wireLength == 255)
        #expect(throws: DNSProtocolError.self) { try DNSName(name255 + "b") }
        #expect(throws: DNSProtocolError.self) { try DNSName(labels: [[]]) }
    }

    @Test("compares and hashes without regard to ASCII case (RFC 4343)")
    func caseInsensitive() throws {
        let lower = try DNSName("mx1.example.test")
        let upper = try DNSName("MX1.EXAMPLE.Test.")
        #expect(lower == upper)
        #expect(Set([lower, upper]).count == 1)
        #expect(lower != (try DNSName("mx2.example.test")))
        #expect(lower != (try DNSName("mx1.example.test.more")))
        #expect(upper.lowercased.description == "mx1.example.test")
    }

    @Test("escapes bytes outside printable ASCII when printing")
    func escapesBinaryLabels() throws {
        let name = try DNSName(labels: [[0x00, 0x41, 0xFF], Array("test".utf8)])
        #expect(name.description == "\\000A\\255.test")
        #expect(try DNSName(name.description) == name)
    }
}

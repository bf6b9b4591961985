import DNSProtocol
import Testing

/// Malformed and hostile messages: each must throw the expected error, never trap.
@Suite("DNSMessage decoding of malformed input")
struct MalformedMessageTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let code: DNSProtocolError.Code
        var testDescription: String { name }
    }

    /// A reply to `a.test A` (question at 12...23) followed by `body` as the answer section.
    static func reply(an: UInt16 = 1, ns: UInt16 = 0, ar: UInt16 = 0, _ body: (inout WireBytes) -> Void) -> [UInt8] {
        var wire = WireBytes.header(qd: 1, an: an, ns: ns, ar: ar)
        wire.name("a.test")
        wire.question(type: 1)
        body(&wire)
        return wire.bytes
    }

    static let vectors: [Vector] = [
        Vector(name: "empty", bytes: [], code: .truncated),
        Vector(name: "11-byte header", bytes: Array(WireBytes.header().bytes.prefix(11)), code: .truncated),
        Vector(name: "question announced, none present", bytes: WireBytes.header(qd: 1).bytes, code: .truncated),
        Vector(
            name: "label runs past the end",
            bytes: { var w = WireBytes.header(qd: 1); w.u8(7); w.append(Array("exam".utf8)); return w.bytes }(),
            code: .truncated),
        Vector(
            name: "impossible answer count",
            bytes: reply(an: 5000) { $0.append(Array(repeating: 0, count: 40)) }, code: .truncated),
        Vector(
            name: "RDLENGTH beyond the end",
            bytes: reply { $0.pointer(12); $0.recordHeader(type: 1, rdlength: 40); $0.append([1, 2, 3, 4]) },
            code: .truncated),
        Vector(
            name: "pointer cut short",
            bytes: { var w = WireBytes.header(qd: 1); w.u8(0xC0); return w.bytes }(), code: .truncated),
        Vector(
            name: "pointer to itself",
            bytes: { var w = WireBytes.header(qd: 1); w.pointer(12); w.question(type: 1); return w.bytes }(),
            code: .badPointer),
        Vector(
            name: "forward pointer",
            bytes: {
                var w = WireBytes.header(qd: 1); w.pointer(18); w.question(type: 1); w.name("a.test"); return w.bytes
            }(),
            code: .badPointer),
        Vector(
            name: "label then pointer back into the same name",
            bytes: {
                var w = WireBytes.header(qd: 1); w.labels("a.b"); w.pointer(14); w.question(type: 1); return w.bytes
            }(),
            code: .badPointer),
        Vector(
            // The question's QTYPE (offset 15) holds a pointer to the answer owner (19), which
            // points back to 15: 19 -> 15 -> 19 -> ...
            name: "two pointers pointing at each other",
            bytes: {
                var w = WireBytes.header(qd: 1, an: 1)
                w.name("a")  // 12...14
                w.pointer(19)  // QTYPE 0xC013
                w.u16(1)
                w.pointer(15)  // answer owner at 19
                w.recordHeader(type: 1, rdlength: 4)
                w.append([1, 2, 3, 4])
                return w.bytes
            }(),
            code: .badPointer),
        Vector(
            name: "more than 64 pointers, each going backwards",
            bytes: reply(an: 2) { wire in
                // The chain sits in the RDATA of an opaque record; the second owner starts it.
                wire.pointer(12)
                wire.recordHeader(type: 999, rdlength: 140)
                let base = wire.count
                wire.pointer(12)
                for index in 1..<70 { wire.pointer(base + 2 * (index - 1)) }
                wire.pointer(base + 2 * 69)
                wire.recordHeader(type: 1, rdlength: 4)
                wire.append([1, 2, 3, 4])
            },
            code: .badPointer),
        Vector(
            name: "name over 255 bytes through a pointer",
            bytes: {
                let long = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".")
                    + "." + String(repeating: "b", count: 61)
                var w = WireBytes.header(qd: 1, an: 1)
                w.name(long)  // exactly 255 bytes: valid
                w.question(type: 1)
                w.labels("c")
                w.pointer(12)
                w.recordHeader(type: 1, rdlength: 4)
                w.append([1, 2, 3, 4])
                return w.bytes
            }(),
            code: .invalidName),
        Vector(
            name: "extended label type 0b01",
            bytes: { var w = WireBytes.header(qd: 1); w.u8(0x41); w.append(Array(repeating: 0, count: 8)); return w.bytes }(),
            code: .unsupportedLabelType),
        Vector(
            name: "A with 3 bytes",
            bytes: reply { $0.pointer(12); $0.recordHeader(type: 1, rdlength: 3); $0.append([1, 2, 3]) },
            code: .badRecordData),
        Vector(
            name: "AAAA with 15 bytes",
            bytes: reply { $0.pointer(12); $0.recordHeader(type: 28, rdlength: 15); $0.append(Array(repeating: 0, count: 15)) },
            code: .badRecordData),
        Vector(
            name: "MX with a byte after the exchange",
            bytes: reply {
                $0.pointer(12); $0.recordHeader(type: 15, rdlength: 2 + 2 + 1); $0.u16(10); $0.pointer(12); $0.u8(0)
            },
            code: .badRecordData),
        Vector(
            name: "CNAME target runs past RDATA",
            bytes: reply(an: 2) {
                $0.pointer(12); $0.recordHeader(type: 5, rdlength: 2); $0.name("b.test")
                $0.pointer(12); $0.recordHeader(type: 1, rdlength: 4); $0.append([1, 2, 3, 4])
            },
            code: .badRecordData),
        Vector(
            name: "TXT character-string runs past RDATA",
            bytes: reply(an: 2) {
                $0.pointer(12); $0.recordHeader(type: 16, rdlength: 3); $0.u8(5); $0.append(Array("ab".utf8))
                $0.pointer(12); $0.recordHeader(type: 1, rdlength: 4); $0.append([1, 2, 3, 4])
            },
            code: .badRecordData),
        Vector(
            name: "TXT without character-strings",
            bytes: reply { $0.pointer(12); $0.recordHeader(type: 16, rdlength: 0) }, code: .badRecordData),
        Vector(
            name: "SOA with 16 bytes of numbers",
            bytes: reply(an: 0, ns: 1) {
                $0.pointer(12); $0.recordHeader(type: 6, rdlength: 2 + 2 + 16); $0.pointer(12); $0.pointer(12)
                $0.append(Array(repeating: 0, count: 16))
            },
            code: .badRecordData),
        Vector(
            name: "OPT in the answer section",
            bytes: reply { $0.u8(0); $0.recordHeader(type: 41, ttl: 0, rdlength: 0, dnsClass: 1232) }, code: .badOPT),
        Vector(
            name: "two OPT records",
            bytes: reply(an: 0, ar: 2) {
                $0.u8(0); $0.recordHeader(type: 41, ttl: 0, rdlength: 0, dnsClass: 1232)
                $0.u8(0); $0.recordHeader(type: 41, ttl: 0, rdlength: 0, dnsClass: 1232)
            },
            code: .badOPT),
        Vector(
            name: "OPT not owned by the root",
            bytes: reply(an: 0, ar: 1) { $0.pointer(12); $0.recordHeader(type: 41, ttl: 0, rdlength: 0, dnsClass: 1232) },
            code: .badOPT),
        Vector(
            name: "OPT option runs past RDATA",
            bytes: reply(an: 0, ar: 1) {
                $0.u8(0); $0.recordHeader(type: 41, ttl: 0, rdlength: 6, dnsClass: 1232); $0.u16(10); $0.u16(8)
                $0.append([1, 2])
            },
            code: .badOPT),
    ]

    @Test("throws the expected error", arguments: vectors)
    func throwsExpectedError(vector: Vector) {
        do {
            let message = try DNSMessage(decoding: vector.bytes)
            Issue.record("decoded \(message) from a malformed message")
        } catch let error as DNSProtocolError {
            #expect(error.code == vector.code, "\(error)")
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test("the 255-byte name of the long-name vector is itself valid")
    func longNameBoundary() throws {
        let long = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".")
            + "." + String(repeating: "b", count: 61)
        var wire = WireBytes.header(qd: 1)
        wire.name(long)
        wire.question(type: 1)
        let message = try DNSMessage(decoding: wire.bytes)
        #expect(message.questions[0].name.wireLength == 255)
    }

    @Test("every prefix of a valid reply throws instead of trapping")
    func everyPrefix() throws {
        let full = MessageDecodingTests.mxReply()
        for length in 0..<full.count {
            #expect(throws: DNSProtocolError.self) { try DNSMessage(decoding: Array(full.prefix(length))) }
        }
        _ = try DNSMessage(decoding: full)
    }
}

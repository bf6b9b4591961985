import DNSProtocol
import Testing

@Suite("MX, TXT and SOA helpers")
struct RecordDataTests {
    static func mx(_ preference: UInt16, _ host: String) -> MXRecord {
        MXRecord(preference: preference, exchange: host == "." ? .root : try! DNSName(host))
    }

    @Test("null MX (RFC 7505): exactly one MX whose exchange is the root")
    func nullMX() {
        #expect([Self.mx(0, ".")].isNullMX)
        #expect(![Self.mx(0, "."), Self.mx(10, "mx.example.test")].isNullMX)
        #expect(![Self.mx(10, "mx.example.test")].isNullMX)
        #expect(![MXRecord]().isNullMX)
        #expect(Self.mx(0, ".").description == "0 .")
    }

    @Test("MX order: ascending preference, stable, root exchanges dropped beside real ones")
    func mxOrder() {
        let records = [Self.mx(20, "b.test"), Self.mx(10, "a.test"), Self.mx(0, "."), Self.mx(20, "c.test"), Self.mx(10, "d.test")]
        #expect(records.sortedByPreference().map(\.exchange.description) == ["a.test", "d.test", "b.test", "c.test"])
        #expect([Self.mx(0, ".")].sortedByPreference() == [Self.mx(0, ".")])
    }

    @Test("TXT: strings join without separators; long text splits at 255 bytes")
    func txt() throws {
        let record = try TXTRecord(strings: [Array("v=DKIM1; p=abc".utf8), Array("def".utf8)])
        #expect(record.text == "v=DKIM1; p=abcdef")
        #expect(record.texts == ["v=DKIM1; p=abc", "def"])
        #expect(record.description == "\"v=DKIM1; p=abc\" \"def\"")
        let long = TXTRecord(String(repeating: "x", count: 510))
        #expect(long.strings.map(\.count) == [255, 255])
        #expect(TXTRecord("").strings == [[]])
        #expect(try TXTRecord(strings: [[0xFF, 0x61]]).text == "\u{FFFD}a")
    }

    @Test("SOA negative TTL is min(record TTL, MINIMUM) (RFC 2308 §5)")
    func soa() throws {
        let soa = SOARecord(
            primaryServer: .root, responsibleMailbox: .root, serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 300)
        #expect(soa.negativeCachingTTL(recordTTL: 60) == 60)
        #expect(soa.negativeCachingTTL(recordTTL: 3600) == 300)
    }

    @Test("record and rcode names")
    func names() {
        #expect(DNSRecordType.mx.description == "MX")
        #expect(DNSRecordType(rawValue: 99).description == "TYPE99")
        #expect(DNSResponseCode.nameError.description == "NXDOMAIN")
        #expect(DNSResponseCode(rawValue: 9).description == "RCODE9")
        #expect(DNSClass.internet.description == "IN")
    }
}

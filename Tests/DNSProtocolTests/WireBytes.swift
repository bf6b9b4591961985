/// Builds raw DNS bytes by hand for test vectors, so that the decoder is checked against bytes
/// written from RFC 1035's layout rather than against our own encoder.
struct WireBytes {
    var bytes: [UInt8] = []

    /// Header: ID, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT (RFC 1035 §4.1.1).
    static func header(id: UInt16 = 0x1234, flags: UInt16 = 0x8180, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0)
        -> WireBytes
    {
        var wire = WireBytes()
        for value in [id, flags, qd, an, ns, ar] { wire.u16(value) }
        return wire
    }

    var count: Int { bytes.count }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(value >> 16))
        u16(UInt16(value & 0xFFFF))
    }

    /// Labels followed by the root byte, e.g. name("example.test").
    mutating func name(_ dotted: String) {
        labels(dotted)
        bytes.append(0)
    }

    /// Labels without the terminating root byte (to be followed by a pointer).
    mutating func labels(_ dotted: String) {
        for label in dotted.split(separator: ".") {
            bytes.append(UInt8(label.utf8.count))
            bytes.append(contentsOf: label.utf8)
        }
    }

    /// A compression pointer to `offset` (RFC 1035 §4.1.4).
    mutating func pointer(_ offset: Int) {
        u16(0xC000 | UInt16(offset))
    }

    /// QTYPE and QCLASS IN after a name.
    mutating func question(type: UInt16) {
        u16(type)
        u16(1)
    }

    /// TYPE, CLASS IN, TTL and RDLENGTH after a name; the caller appends exactly `rdlength` bytes.
    mutating func recordHeader(type: UInt16, ttl: UInt32 = 300, rdlength: Int, dnsClass: UInt16 = 1) {
        u16(type)
        u16(dnsClass)
        u32(ttl)
        u16(UInt16(rdlength))
    }

    mutating func characterString(_ text: String) {
        bytes.append(UInt8(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

import DNSProtocol
import Testing

@Suite("IP addresses")
struct IPAddressTests {
    @Test("IPv4 text", arguments: ["127.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.10"])
    func ipv4RoundTrip(text: String) throws {
        let address = try #require(IPv4Address(text))
        #expect(address.description == text)
    }

    @Test("IPv4 rejects", arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "1..2.3"])
    func ipv4Rejects(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    /// RFC 5952 §4 canonical forms.
    @Test(
        "IPv6 canonical text (RFC 5952)",
        arguments: [
            ("::1", "::1"),
            ("::", "::"),
            ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // first of equal runs
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // a single zero group stays
            ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
            ("fe80::1:2", "fe80::1:2"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // the longest run wins
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("::ffff:c000:0201", "::ffff:192.0.2.1"),
            ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ])
    func ipv6Canonical(text: String, canonical: String) throws {
        let address = try #require(IPv6Address(text))
        #expect(address.description == canonical)
        #expect(IPv6Address(canonical) == address)
    }

    @Test(
        "IPv6 rejects",
        arguments: ["", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "::1%eth0", "1:2:3:4:5:6:7::8:9", "::1.2.3"])
    func ipv6Rejects(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test("loopback checks")
    func loopback() {
        #expect(IPv4Address("127.1.2.3")!.isLoopback)
        #expect(!IPv4Address("128.0.0.1")!.isLoopback)
        #expect(IPv6Address("::1")!.isLoopback)
        #expect(!IPv6Address("::2")!.isLoopback)
        #expect(IPv4Address(bytes: [1, 2, 3]) == nil)
        #expect(IPv6Address(bytes: [1]) == nil)
    }
}

import DNSProtocol
@testable import DNSResolver
import Foundation
import Testing

/// resolv.conf parsing, always from test text or a temporary file: the machine's own
/// /etc/resolv.conf is never read by the tests.
@Suite("resolv.conf and server configuration")
struct ResolvConfTests {
    static let sample = """
        # written by a test
        ; another comment style
        domain example.test
        search example.test other.test
        nameserver 127.0.0.53
        nameserver ::1
        nameserver fe80::1%1
        nameserver 127.0.0.54
        nameserver not-an-address
        options ndots:2 timeout:3 attempts:4 rotate edns0
        """

    @Test("nameserver lines, options, comments; at most three servers like glibc")
    func parses() throws {
        let conf = ResolvConf(parsing: Self.sample)
        #expect(conf.nameservers.map(\.description) == ["127.0.0.53:53", "[::1]:53", "[fe80::1%1]:53"])
        #expect(conf.timeoutSeconds == 3)
        #expect(conf.attempts == 4)
        #expect(conf.rotate)
        #expect(conf.ignoredLines == ["nameserver 127.0.0.54", "nameserver not-an-address"])
    }

    @Test("options are capped like glibc, later lines win, tabs separate fields")
    func options() {
        let conf = ResolvConf(parsing: "options timeout:99 attempts:0\noptions\tattempts:9\nnameserver\t127.0.0.9  # trailing\n")
        #expect(conf.timeoutSeconds == 30)
        #expect(conf.attempts == 5)
        #expect(!conf.rotate)
        #expect(conf.nameservers.map(\.description) == ["127.0.0.9:53"])
        #expect(ResolvConf(parsing: "options timeout:x").ignoredLines == ["options timeout:x"])
    }

    @Test("a file without nameservers means 127.0.0.1:53, as in glibc")
    func noServers() {
        let configuration = DNSClientConfiguration(resolvConf: ResolvConf(parsing: "search example.test\n"))
        #expect(configuration.servers.map(\.description) == ["127.0.0.1:53"])
        #expect(configuration.timeout == .seconds(5))
        #expect(configuration.attempts == 2)
    }

    @Test("reads a resolv.conf-format file")
    func readsFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resolv-\(UUID().uuidString).conf").path
        try "nameserver 127.0.0.77\noptions timeout:1 attempts:3\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try DNSClientConfiguration.resolvConf(path: path)
        #expect(configuration.servers.map(\.description) == ["127.0.0.77:53"])
        #expect(configuration.timeout == .seconds(1))
        #expect(configuration.attempts == 3)
        #expect(throws: DNSResolverError.self) { try DNSClientConfiguration.resolvConf(path: path + ".missing") }
    }

    @Test("POSTAGE_DNS_SERVERS overrides resolv.conf, which is then not read")
    func environmentOverride() throws {
        let missing = "/nonexistent/resolv.conf"
        let configuration = try DNSClientConfiguration.fromEnvironment(
            ["POSTAGE_DNS_SERVERS": "127.0.0.1:10053, [::1]:5353"], resolvConfPath: missing)
        #expect(configuration.servers.map(\.description) == ["127.0.0.1:10053", "[::1]:5353"])
        // Blank means unset: the (missing) file is read, and its absence is an error.
        #expect(throws: DNSResolverError.self) {
            try DNSClientConfiguration.fromEnvironment(["POSTAGE_DNS_SERVERS": " "], resolvConfPath: missing)
        }
        let error = try #require(throws: DNSResolverError.self) {
            try DNSClientConfiguration.fromEnvironment(["POSTAGE_DNS_SERVERS": "dns.example.test:53"], resolvConfPath: missing)
        }
        #expect(error.code == .invalidConfiguration)
        #expect(!error.isTransient)
        #expect(error.detail.hasPrefix("POSTAGE_DNS_SERVERS: "))
    }

    @Test(
        "server list entries",
        arguments: [
            ("127.0.0.1:10053", "127.0.0.1:10053"),
            ("127.0.0.1", "127.0.0.1:53"),
            ("[::1]:53", "[::1]:53"),
            ("[::1]", "[::1]:53"),
            ("::1", "[::1]:53"),
            (" 127.0.0.2:5353 ", "127.0.0.2:5353"),
            ("[fe80::1%2]:53", "[fe80::1%2]:53"),
        ])
    func serverEntries(text: String, description: String) throws {
        #expect(try DNSServerAddress(parsing: text).description == description)
    }

    @Test(
        "invalid server list entries",
        arguments: ["", "localhost:53", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", "[127.0.0.1]:53", "[::1:53", "[::1]x", "1.2.3.4%eth0"])
    func invalidEntries(text: String) {
        #expect(throws: DNSResolverError.self) { try DNSServerAddress(parsing: text) }
    }

    @Test("lists: commas, at least one entry, any bad entry fails the whole list")
    func lists() throws {
        #expect(try DNSServerAddress.parseList("127.0.0.1:1,127.0.0.2:2").map(\.port) == [1, 2])
        #expect(throws: DNSResolverError.self) { try DNSServerAddress.parseList(" , ") }
        #expect(throws: DNSResolverError.self) { try DNSServerAddress.parseList("127.0.0.1:1,,127.0.0.2:2") }
        #expect(throws: DNSResolverError.self) { try DNSServerAddress.parseList("127.0.0.1:1,bad") }
    }

    @Test("a client refuses an unusable configuration")
    func clientValidation() throws {
        let server = try DNSServerAddress(parsing: "127.0.0.1:9")
        for configuration in [
            DNSClientConfiguration(servers: []),
            DNSClientConfiguration(servers: [server], attempts: 0),
            DNSClientConfiguration(servers: [server], timeout: .zero),
            DNSClientConfiguration(servers: [try DNSServerAddress(parsing: "[fe80::1%nosuchinterface0]:53")]),
        ] {
            #expect(throws: DNSResolverError.self) { try DNSClient(configuration: configuration) }
        }
    }
}

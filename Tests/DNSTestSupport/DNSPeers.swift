import DNSResolver
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The DNS servers the integration tests talk to (the resolver's and the domain verifier's test
/// targets share this support target), started by `scripts/dns-peers.sh` on
/// 127.0.0.1 high ports: dnsmasq (fake .test domains), faulty_dns.py with fault.test (SERVFAIL,
/// time-outs, truncation, wrong IDs) and faulty_dns.py with example.test (an authoritative zone).
///
/// Environment:
/// - `POSTAGE_TEST_SKIP_DNS_PEERS=1` skips the peer suites (reported as skipped, never passed),
///   except with `POSTAGE_TEST_REQUIRE_PEERS=1`.
/// - `POSTAGE_TEST_DNS_PEERS_DIR=DIR` uses (or starts) the peers in DIR and leaves them running.
/// - `POSTAGE_DNS_PEERS_SCRIPT` overrides the script path (default: the repository's).
/// Otherwise the peers are started in a temporary folder and stopped when the suite ends; a watcher
/// stops them too if the test process dies first.
public struct DNSPeers: Sendable {
    public enum Peer: String, Sendable {
        case dnsmasq, faulty, zone
    }

    public let directory: URL
    public let dnsmasq: DNSServerAddress
    public let faulty: DNSServerAddress
    public let zone: DNSServerAddress
    let ownsDirectory: Bool

    @TaskLocal public static var current: DNSPeers?

    /// `POSTAGE_TEST_SKIP_DNS_PEERS=1`, unless `POSTAGE_TEST_REQUIRE_PEERS=1` (scripts/test.sh, CI)
    /// says the peers must run: then the suites start them or fail.
    public static var skipRequested: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["POSTAGE_TEST_SKIP_DNS_PEERS"] == "1" && environment["POSTAGE_TEST_REQUIRE_PEERS"] != "1"
    }

    /// The peers of the running suite; fails the test loudly when they are missing.
    public static func require() throws -> DNSPeers {
        try #require(current, "DNS peers are not running (see the suite's setup failure above)")
    }

    public func address(_ peer: Peer) -> DNSServerAddress {
        switch peer {
        case .dnsmasq: dnsmasq
        case .faulty: faulty
        case .zone: zone
        }
    }

    // MARK: - Start and stop

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    public static func start() throws -> DNSPeers {
        let environment = ProcessInfo.processInfo.environment
        let shared = environment["POSTAGE_TEST_DNS_PEERS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let directory = URL(fileURLWithPath: shared ?? NSTemporaryDirectory())
            .appendingPathComponent(shared == nil ? "postage-dns-peers-\(UUID().uuidString.prefix(8))" : "", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = ["start", directory.path]
        if shared == nil { arguments += ["--owner-pid", String(ProcessInfo.processInfo.processIdentifier)] }
        let (status, output, errors) = try runScript(arguments, in: directory)
        guard status == 0 else {
            if shared == nil {
                _ = try? runScript(["stop", directory.path], in: directory)
                try? FileManager.default.removeItem(at: directory)
            }
            throw StartError(description: "\(scriptPath) start failed (exit \(status)):\n\(errors)")
        }
        var addresses: [String: DNSServerAddress] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            addresses[parts[0]] = try DNSServerAddress(parsing: parts[1])
        }
        guard let dnsmasq = addresses["dnsmasq"], let faulty = addresses["faulty"], let zone = addresses["zone"] else {
            throw StartError(description: "scripts/dns-peers.sh printed no addresses:\n\(output)\n\(errors)")
        }
        // Tests only ever talk to loopback.
        for address in [dnsmasq, faulty, zone] where !address.host.hasPrefix("127.") {
            throw StartError(description: "refusing non-loopback peer \(address)")
        }
        return DNSPeers(directory: directory, dnsmasq: dnsmasq, faulty: faulty, zone: zone, ownsDirectory: shared == nil)
    }

    public func stop() {
        guard ownsDirectory else { return }
        _ = try? Self.runScript(["stop", directory.path], in: directory)
        try? FileManager.default.removeItem(at: directory)
    }

    static var scriptPath: String {
        if let path = ProcessInfo.processInfo.environment["POSTAGE_DNS_PEERS_SCRIPT"], !path.isEmpty { return path }
        // Tests/DNSTestSupport/DNSPeers.swift -> repository root (symlinks resolved, so a scratch
        // package that links these folders still finds the repository's script).
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/dns-peers.sh").path
    }

    /// Runs the script with posix_spawn and waits for it. (Foundation's `Process` left the
    /// finished script as an unreaped zombie here and waited forever.) Its stdout and stderr go to files in
    /// `directory` (the script closes the other descriptors it inherits before starting peers).
    private static func runScript(_ arguments: [String], in directory: URL) throws -> (Int32, String, String) {
        let outPath = directory.appendingPathComponent("script-\(arguments[0]).out").path
        let errPath = directory.appendingPathComponent("script-\(arguments[0]).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Test runner threads block signals; a child would inherit that mask, and peers that
        // cannot see SIGTERM would only stop at SIGKILL. Start the script with a clean mask and
        // default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        sigdelset(&signals, SIGKILL)
        sigdelset(&signals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["/bin/bash", scriptPath] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw StartError(description: "cannot run \(scriptPath): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw StartError(description: "waitpid failed: errno \(errno)") }
        }
        let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (exitCode, output, errors)
    }

    // MARK: - Counting queries at the peer

    /// How many queries for `name` (absolute, with the final dot) and `type` the peer has logged,
    /// over UDP and TCP. faulty_dns.py writes its line before it answers, so once a lookup has
    /// returned, its queries are counted.
    public func loggedQueries(at peer: Peer, name: String, type: String) throws -> Int {
        precondition(peer != .dnsmasq, "use dnsmasqQueries")
        let log = try String(contentsOf: directory.appendingPathComponent("\(peer.rawValue).log"), encoding: .utf8)
        // The server's threads print the text and the newline in separate writes, so two entries
        // can share a line: count occurrences, not lines.
        return ["udp", "tcp"].reduce(0) { $0 + log.components(separatedBy: "\($1) \(name) \(type) fault=").count - 1 }
    }

    /// How many queries for `name` and `type` dnsmasq has logged (`log-queries`).
    public func dnsmasqQueries(name: String, type: String) throws -> Int {
        let log = try String(contentsOf: directory.appendingPathComponent("dnsmasq.log"), encoding: .utf8)
        return log.split(separator: "\n").filter { $0.contains("query[\(type)] \(name) from ") }.count
    }
}

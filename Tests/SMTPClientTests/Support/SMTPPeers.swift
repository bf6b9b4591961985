import Foundation
import Testing

/// The SMTP servers the end-to-end tests deliver to, started by `scripts/smtp-peers.sh` on
/// 127.0.0.1 high ports (see the script for what each one does).
///
/// Environment:
/// - `POSTAGE_TEST_SKIP_SMTP_PEERS=1` skips the peer suites (reported as skipped, never passed).
/// - `POSTAGE_TEST_SMTP_PEERS_DIR=DIR` uses (or starts) the peers in DIR and leaves them running.
/// - `POSTAGE_SMTP_PEERS_SCRIPT` overrides the script path (default: the repository's).
/// Otherwise the peers are started in a temporary folder and stopped when the suite ends; a
/// watcher stops them too if the test process dies first.
struct SMTPPeers: Sendable {
    enum Peer: String, Sendable, CaseIterable {
        case sink, rcpt451, rcpt550, data554, dot451, vanish, aiosmtpd
        case aiosmtpdSmall = "aiosmtpd-small"
    }

    struct Address: Sendable {
        var host: String
        var port: Int
    }

    let directory: URL
    let addresses: [Peer: Address]
    let certificatePath: String
    let ownsDirectory: Bool

    @TaskLocal static var current: SMTPPeers?

    static var skipRequested: Bool {
        ProcessInfo.processInfo.environment["POSTAGE_TEST_SKIP_SMTP_PEERS"] == "1"
    }

    /// The peers of the running suite; fails the test loudly when they are missing.
    static func require() throws -> SMTPPeers {
        try #require(current, "SMTP peers are not running (see the suite's setup failure above)")
    }

    func address(_ peer: Peer) -> Address { self.addresses[peer]! }

    /// Where smtp-sink dumps each transaction, and aiosmtpd writes N.eml / N.json.
    var sinkDumpDirectory: URL { self.directory.appendingPathComponent("sink-dump") }
    func aiosmtpdOutput(_ peer: Peer) -> URL { self.directory.appendingPathComponent("\(peer.rawValue)-out") }

    // MARK: - Start and stop

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    static func start() async throws -> SMTPPeers {
        let environment = ProcessInfo.processInfo.environment
        let shared = environment["POSTAGE_TEST_SMTP_PEERS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let directory = URL(fileURLWithPath: shared ?? NSTemporaryDirectory())
            .appendingPathComponent(shared == nil ? "postage-smtp-peers-\(UUID().uuidString.prefix(8))" : "", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = ["start", directory.path]
        if shared == nil { arguments += ["--owner-pid", String(ProcessInfo.processInfo.processIdentifier)] }
        let (status, output, errors) = try await runScript(arguments, in: directory)
        guard status == 0 else {
            throw StartError(description: "scripts/smtp-peers.sh start failed (exit \(status)):\n\(errors)")
        }
        var addresses: [Peer: Address] = [:]
        var certificate: String?
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "cert" { certificate = parts[1]; continue }
            guard let peer = Peer(rawValue: parts[0]) else { continue }
            let hostPort = parts[1].split(separator: ":").map(String.init)
            guard hostPort.count == 2, let port = Int(hostPort[1]) else {
                throw StartError(description: "bad address line \(line)")
            }
            // Tests only ever talk to loopback.
            guard hostPort[0].hasPrefix("127.") else {
                throw StartError(description: "refusing non-loopback peer \(line)")
            }
            addresses[peer] = Address(host: hostPort[0], port: port)
        }
        guard Set(addresses.keys) == Set(Peer.allCases), let certificate else {
            throw StartError(description: "scripts/smtp-peers.sh printed incomplete addresses:\n\(output)\n\(errors)")
        }
        return SMTPPeers(directory: directory, addresses: addresses, certificatePath: certificate, ownsDirectory: shared == nil)
    }

    func stop() async {
        guard self.ownsDirectory else { return }
        _ = try? await Self.runScript(["stop", self.directory.path], in: self.directory)
        try? FileManager.default.removeItem(at: self.directory)
    }

    static var scriptPath: String {
        if let path = ProcessInfo.processInfo.environment["POSTAGE_SMTP_PEERS_SCRIPT"], !path.isEmpty { return path }
        // Tests/SMTPClientTests/Support/SMTPPeers.swift -> repository root (symlinks resolved, so a
        // scratch package that links these folders still finds the repository's script).
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/smtp-peers.sh").path
    }

    private static func runScript(_ arguments: [String], in directory: URL) async throws -> (Int32, String, String) {
        let stdoutPath = directory.appendingPathComponent("script-\(arguments[0]).out").path
        let stderrPath = directory.appendingPathComponent("script-\(arguments[0]).log").path
        let status = try await spawnAndWait("/bin/bash", [scriptPath] + arguments, stdout: stdoutPath, stderr: stderrPath)
        let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return (status, output, errors)
    }

    // MARK: - What arrived

    /// The smtp-sink dump files that contain `marker` (smtp-sink writes one per transaction,
    /// with LF line ends and X-* envelope lines first).
    func sinkDumps(containing marker: String) throws -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: self.sinkDumpDirectory.path)) ?? []
        return try files.sorted().compactMap { name in
            let text = try String(contentsOf: self.sinkDumpDirectory.appendingPathComponent(name), encoding: .utf8)
            return text.contains(marker) ? text : nil
        }
    }

    /// The aiosmtpd messages whose .eml contains `marker`: the raw bytes and the parsed .json.
    func aiosmtpdMessages(_ peer: Peer = .aiosmtpd, containing marker: String) throws -> [(eml: [UInt8], meta: [String: Any])] {
        let directory = self.aiosmtpdOutput(peer)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try files.filter { $0.hasSuffix(".eml") }.sorted().compactMap { name in
            let eml = try Data(contentsOf: directory.appendingPathComponent(name))
            guard String(decoding: eml, as: UTF8.self).contains(marker) else { return nil }
            let jsonURL = directory.appendingPathComponent(String(name.dropLast(4)) + ".json")
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: jsonURL)) as? [String: Any] ?? [:]
            return (Array(eml), meta)
        }
    }
}

/// Starts the SMTP peers once around a suite (and its nested suites) and stops them afterwards.
/// A failure to start them fails the suite loudly; `POSTAGE_TEST_SKIP_SMTP_PEERS=1` is the only
/// way to run without them, and the suite then shows as skipped.
struct SMTPPeersTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard !SMTPPeers.skipRequested else {
            try await function()
            return
        }
        let peers = try await SMTPPeers.start()
        do {
            try await SMTPPeers.$current.withValue(peers) {
                try await function()
            }
        } catch {
            await peers.stop()
            throw error
        }
        await peers.stop()
    }
}

extension Trait where Self == SMTPPeersTrait {
    static var smtpPeers: SMTPPeersTrait { SMTPPeersTrait() }
}

/// The top-level suite for everything that needs the SMTP peers.
@Suite("SMTP client against real SMTP servers on loopback", .smtpPeers,
       .disabled(if: SMTPPeers.skipRequested, "POSTAGE_TEST_SKIP_SMTP_PEERS=1"))
struct PeerTests {}

import DNSProtocol
import DNSResolver
import Foundation
import Logging
import Testing

/// Starts the DNS peers once around a suite and stops them afterwards. A failure to start them
/// fails the suite; `POSTAGE_TEST_SKIP_DNS_PEERS=1` (without `POSTAGE_TEST_REQUIRE_PEERS=1`) is the
/// only way to run without them, and the suite then shows as skipped.
struct DNSPeersTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard !DNSPeers.skipRequested else {
            try await function()
            return
        }
        let peers = try DNSPeers.start()
        defer { peers.stop() }
        try await DNSPeers.$current.withValue(peers) {
            try await function()
        }
    }
}

extension Trait where Self == DNSPeersTrait {
    static var dnsPeers: DNSPeersTrait { DNSPeersTrait() }
}

/// A client for one test, shut down when the body ends. Refuses any server outside 127.0.0.0/8.
func withClient<R: Sendable>(
    _ servers: [DNSServerAddress], timeout: Duration = .seconds(2), attempts: Int = 2,
    _ body: (DNSClient) async throws -> R
) async throws -> R {
    for server in servers {
        precondition(IPv4Address(server.host)?.isLoopback == true, "tests only query loopback servers, not \(server)")
    }
    var logger = Logger(label: "postage.domain-verification.test")
    logger.logLevel = ProcessInfo.processInfo.environment["POSTAGE_TEST_DNS_DEBUG"] == "1" ? .trace : .warning
    let configuration = DNSClientConfiguration(servers: servers, timeout: timeout, attempts: attempts)
    let client = try DNSClient(configuration: configuration, logger: logger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

import DNSProtocol
import DNSResolver
import DNSTestSupport
import Foundation
import Logging
import Testing

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

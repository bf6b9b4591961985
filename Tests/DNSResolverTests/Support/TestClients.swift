import DNSProtocol
import DNSResolver
import Foundation
import Logging
import Testing

/// A client for one test, shut down when the body ends. Refuses any server outside 127.0.0.0/8.
func withClient<R: Sendable>(
    _ servers: [DNSServerAddress], timeout: Duration = .seconds(2), attempts: Int = 2,
    cache: DNSClientConfiguration.Cache = .init(), _ body: (DNSClient) async throws -> R
) async throws -> R {
    let configuration = DNSClientConfiguration(servers: servers, timeout: timeout, attempts: attempts, cache: cache)
    return try await withClient(configuration, body)
}

func withClient<R: Sendable>(
    _ configuration: DNSClientConfiguration, _ body: (DNSClient) async throws -> R
) async throws -> R {
    for server in configuration.servers {
        precondition(IPv4Address(server.host)?.isLoopback == true, "tests only query loopback servers, not \(server)")
    }
    var logger = Logger(label: "postage.dns.test")
    logger.logLevel = ProcessInfo.processInfo.environment["POSTAGE_TEST_DNS_DEBUG"] == "1" ? .trace : .warning
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

/// Runs `body` and returns how long it took.
func measure(_ body: () async throws -> Void) async rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    return clock.now - start
}

/// The error `body` throws, which must be a `DNSResolverError`.
func resolverError(_ body: () async throws -> some Any) async -> DNSResolverError? {
    do {
        let value = try await body()
        Issue.record("expected a DNSResolverError, got \(value)")
        return nil
    } catch let error as DNSResolverError {
        return error
    } catch {
        Issue.record("expected a DNSResolverError, got \(error)")
        return nil
    }
}

/// Waits until `condition` holds (polling every 50 ms), failing the test after `timeout`.
func eventually(
    timeout: Duration = .seconds(5), _ condition: () throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while try !condition() {
        guard clock.now < deadline else {
            Issue.record("condition still false after \(timeout)", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

import DNSProtocol
@testable import DNSResolver
import Foundation
import DNSTestSupport
import Testing

extension PeerTests {
    @Suite("shutdown and cancellation")
    struct LifecycleTests {
        @Test("shutdown ends lookups in flight and refuses new ones")
        func shutdown() async throws {
            let peers = try DNSPeers.require()
            let client = try DNSClient(configuration: DNSClientConfiguration(servers: [peers.faulty], timeout: .seconds(10), attempts: 1))
            let lookup = Task { try await client.a("timeout.fault.test") }
            try await Task.sleep(for: .milliseconds(200))
            await client.shutdown()
            // Shutdown ends the lookup itself (the error says shutdown, not the 10-second time-out).
            let error = try #require(await resolverError { try await lookup.value })
            #expect(error.code == .shutdown)
            #expect(error.isTransient)
            let later = try #require(await resolverError { try await client.a("ok.fault.test") })
            #expect(later.code == .shutdown)
            await client.shutdown()  // idempotent
        }

        @Test("cancelling the task ends the lookup at once")
        func cancellation() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty], timeout: .seconds(10), attempts: 1) { client async throws in
                let lookup = Task { try await client.a("timeout.fault.test") }
                try await Task.sleep(for: .milliseconds(200))
                lookup.cancel()
                _ = await lookup.result
                // Ended by the cancellation, not by the 10-second time-out.
                await #expect(throws: CancellationError.self) { try await lookup.value }
                #expect(client.statistics.timeouts == 0)
            }
        }
    }
}

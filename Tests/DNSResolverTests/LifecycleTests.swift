import DNSProtocol
@testable import DNSResolver
import Foundation
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
            let elapsed = await measure { await client.shutdown() }
            // Shutdown does not wait for the lookup's 10-second time-out.
            #expect(elapsed < .seconds(10))
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
                let elapsed = await measure {
                    lookup.cancel()
                    _ = await lookup.result
                }
                #expect(elapsed < .seconds(2))
                await #expect(throws: CancellationError.self) { try await lookup.value }
            }
        }
    }
}

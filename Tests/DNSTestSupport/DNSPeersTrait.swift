import Testing

/// Starts the DNS peers once around a suite (and its nested suites) and stops them afterwards.
/// A failure to start them fails the suite loudly; `POSTAGE_TEST_SKIP_DNS_PEERS=1` is the only
/// way to run without them, and the suite then shows as skipped.
public struct DNSPeersTrait: SuiteTrait, TestScoping {
    public init() {}

    public var isRecursive: Bool { false }

    public func provideScope(
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
    public static var dnsPeers: DNSPeersTrait { DNSPeersTrait() }
}

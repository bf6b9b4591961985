import DNSProtocol
import DNSResolver
import DNSTestSupport
import Foundation
import Logging
import Testing

/// The top-level suite for everything that needs the DNS peers.
@Suite("DNS resolver against real DNS servers on loopback", .dnsPeers,
       .disabled(if: DNSPeers.skipRequested, "POSTAGE_TEST_SKIP_DNS_PEERS=1"))
struct PeerTests {}

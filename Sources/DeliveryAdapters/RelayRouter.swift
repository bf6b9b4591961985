import DNSProtocol
import DNSResolver
import Delivery

/// Sends all mail through one smarthost (`POSTAGE_RELAY_HOST`), whatever the recipient domain.
/// A host name is looked up through Postage's resolver; an IP literal is used as it is.
public struct RelayRouter: MailRouter {
    let host: String
    let port: Int
    let resolver: any DNSResolving

    public init(host: String, port: Int, resolver: any DNSResolving) {
        self.host = host
        self.port = port
        self.resolver = resolver
    }

    public func route(domain: String) async throws(RoutingError) -> [MailHost] {
        if Self.isIPLiteral(host) { return [MailHost(name: host, addresses: [host], port: port)] }
        var addresses: [String] = []
        do {
            if case .records(let v4) = try await resolver.a(host) { addresses += v4.map(\.description) }
            if case .records(let v6) = try await resolver.aaaa(host) { addresses += v6.map(\.description) }
        } catch {
            throw RoutingError(.temporary, "relay host \(host): \(error)")
        }
        // A relay that cannot be found is an operator problem, never the recipient's: retry.
        guard !addresses.isEmpty else { throw RoutingError(.temporary, "relay host \(host) has no address") }
        return [MailHost(name: host, addresses: addresses, port: port)]
    }

    static func isIPLiteral(_ text: String) -> Bool {
        text.contains(":") || (text.split(separator: ".").count == 4 && text.allSatisfy { $0.isNumber || $0 == "." })
    }
}

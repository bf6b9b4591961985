import DNSProtocol
import DNSResolver
import Delivery

/// Routes a recipient domain through DNS (RFC 5321 section 5.1): MX records by preference
/// (`MXPlan`), the implicit MX when there are none, null MX (RFC 7505) refused, and each host's
/// IPv4 then IPv6 addresses.
public struct DNSMailRouter: MailRouter {
    let resolver: any DNSResolving
    /// The remote SMTP port: 25, or a high port in tests (`POSTAGE_SMTP_PORT`).
    let port: Int

    public init(resolver: any DNSResolving, port: Int = 25) {
        self.resolver = resolver
        self.port = port
    }

    public func route(domain: String) async throws(RoutingError) -> [MailHost] {
        let records: [MXPlan.Record]
        do {
            switch try await resolver.mx(domain) {
            case .noSuchDomain: throw RoutingError(.noSuchDomain, "\(domain): NXDOMAIN")
            case .noData: records = []
            case .records(let found):
                records = found.map { MXPlan.Record(preference: $0.preference, exchange: $0.exchange.description) }
            }
        } catch let error as RoutingError {
            throw error
        } catch {
            throw Self.routingError(error, domain)
        }
        var generator = SystemRandomNumberGenerator()
        let hostNames: [String]
        switch MXPlan.plan(domain: domain, records: records, using: &generator) {
        case .nullMX: throw RoutingError(.nullMX, domain)
        case .hosts(let names): hostNames = names
        }
        var hosts: [MailHost] = []
        var temporaryFailure: (any Error)?
        for name in hostNames {
            do {
                var addresses: [String] = []
                if case .records(let v4) = try await resolver.a(name) { addresses += v4.map(\.description) }
                if case .records(let v6) = try await resolver.aaaa(name) { addresses += v6.map(\.description) }
                if !addresses.isEmpty { hosts.append(MailHost(name: name, addresses: addresses, port: port)) }
            } catch {
                temporaryFailure = error
            }
        }
        if hosts.isEmpty {
            if let temporaryFailure { throw Self.routingError(temporaryFailure, domain) }
            throw RoutingError(.noSuchDomain, "\(domain): no address for \(hostNames.joined(separator: ", "))")
        }
        return hosts
    }

    static func routingError(_ error: any Error, _ domain: String) -> RoutingError {
        if let dnsError = error as? DNSResolverError, !dnsError.isTransient {
            return RoutingError(.noSuchDomain, "\(domain): \(dnsError)")
        }
        return RoutingError(.temporary, "\(domain): \(error)")
    }
}

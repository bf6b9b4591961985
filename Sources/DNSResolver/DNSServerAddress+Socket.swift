import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DNSServerAddress {
    /// The socket address to send to. A zone index is resolved to an interface number here
    /// (`if_nametoindex`), so an unknown interface fails when the client is made, not per query.
    func socketAddress() throws -> SocketAddress {
        guard let zone else {
            do {
                return try SocketAddress(ipAddress: host, port: port)
            } catch {
                throw DNSResolverError(.invalidConfiguration, "\(self): \(error)", isTransient: false, underlying: error)
            }
        }
        let scope: UInt32
        if let number = UInt32(zone) {
            scope = number
        } else {
            scope = if_nametoindex(zone)
            guard scope != 0 else { throw Self.invalid("\(self): no interface named \"\(zone)\"") }
        }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        address.sin6_scope_id = scope
        guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
            throw Self.invalid("\(self): not an IPv6 address")
        }
        return SocketAddress(address, host: host)
    }
}

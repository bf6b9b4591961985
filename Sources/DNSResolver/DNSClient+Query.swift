import DNSProtocol
import Logging
import NIOCore

extension DNSClient {
    /// Asks the servers one question and returns the first reply with NOERROR or NXDOMAIN.
    ///
    /// Tries follow `QueryPlan`. A try fails on time-out, a network error, a malformed reply, or
    /// an rcode other than NOERROR/NXDOMAIN (SERVFAIL, REFUSED, ...); the next try then goes to
    /// the next server. When every try failed, the last failure is thrown.
    func query(_ name: DNSName, type: DNSRecordType) async throws -> DNSMessage {
        let start = configuration.rotate ? state.withLock { state in
            defer { state.rotation &+= 1 }
            return state.rotation
        } : 0
        let plan = QueryPlan(serverCount: servers.count, attempts: configuration.attempts, start: start)
        var lastError = DNSResolverError(.timeout, "no try was made")
        for step in plan {
            try Task.checkCancellation()
            guard !isShutdown else { throw Self.shutdownError() }
            let server = servers[step.server]
            do {
                let message = try await ask(server, name: name, type: type)
                guard let failure = ResponseInterpreter.failure(for: message.responseCode) else {
                    return message
                }
                lastError = DNSResolverError(failure, "server answered \(message.responseCode)", server: server.address.description)
            } catch let error as DNSResolverError {
                if error.code == .shutdown || isShutdown { throw Self.shutdownError() }
                if error.code == .timeout { count { $0.timeouts += 1 } }
                lastError = error
                lastError.server = server.address.description
            }
            logger.debug(
                "DNS try failed",
                metadata: [
                    DNSLogKey.name: "\(name)", DNSLogKey.type: "\(type)", DNSLogKey.server: "\(server.address)",
                    DNSLogKey.round: "\(step.round)", DNSLogKey.error: "\(lastError.code)",
                ])
        }
        throw lastError
    }

    /// One try against one server: UDP, then TCP when the UDP reply is truncated, then without
    /// EDNS when the server does not understand it.
    private func ask(_ server: ResolvedServer, name: DNSName, type: DNSRecordType) async throws -> DNSMessage {
        var payloadSize = configuration.udpPayloadSize
        while true {
            let query = DNSMessage.query(id: UInt16.random(in: 0...UInt16.max), name: name, type: type, udpPayloadSize: payloadSize)
            var reply = try await udpExchange(query, server: server)
            if case .truncated = reply {
                count { $0.truncatedReplies += 1 }
                logger.debug(
                    "DNS reply truncated: asking again over TCP",
                    metadata: [DNSLogKey.name: "\(name)", DNSLogKey.type: "\(type)", DNSLogKey.server: "\(server.address)"])
                let tcpQuery = DNSMessage.query(
                    id: UInt16.random(in: 0...UInt16.max), name: name, type: type, udpPayloadSize: payloadSize)
                reply = try await tcpExchange(tcpQuery, server: server)
            }
            guard case .message(let message) = reply else {
                throw DNSResolverError(.malformedReply, "truncated reply over TCP")
            }
            // RFC 6891 §7: a server that answers FORMERR/NOTIMP without an OPT record does not
            // implement EDNS; ask it again with a plain RFC 1035 query.
            if payloadSize != nil, message.edns == nil,
               message.responseCode == .formatError || message.responseCode == .notImplemented
            {
                payloadSize = nil
                continue
            }
            return message
        }
    }
}

import DNSProtocol
import NIOCore

/// Decides whether a datagram or TCP frame is the reply to one query (pure logic, no I/O).
///
/// RFC 5452 §9.1: accept a reply only when its source address and port, transaction ID and
/// question all match the query. Anything else is dropped and the client keeps waiting, so a
/// spoofed or stray packet can neither poison the answer nor end the wait early.
struct ReplyMatcher: Sendable {
    let id: UInt16
    let question: DNSQuestion
    /// The server the query went to; nil skips the source check (TCP: the connection is ours).
    let server: SocketAddress?

    enum Verdict {
        /// The reply, fully decoded.
        case accept(DNSMessage)
        /// The reply has TC set: repeat the query over TCP (RFC 7766 §5). Its sections may be
        /// incomplete, so they are not decoded.
        case truncated(DNSHeader)
        /// Not the reply to this query: keep waiting.
        case ignore(Reason)
        /// The reply to this query (ID, source, question match) but its body does not decode.
        case malformed(DNSProtocolError)
    }

    enum Reason: String, Sendable {
        case undecodable = "not a decodable DNS header and question"
        case notAResponse = "QR bit not set"
        case wrongSource = "from another address or port"
        case wrongID = "different transaction ID"
        case wrongOpcode = "different opcode"
        case wrongQuestion = "different question"
    }

    func match(_ bytes: [UInt8], from source: SocketAddress?) -> Verdict {
        if let server, let source, !Self.sameEndpoint(server, source) {
            return .ignore(.wrongSource)
        }
        let header: DNSHeader
        let questions: [DNSQuestion]
        do {
            (header, questions) = try DNSMessage.decodeHeaderAndQuestions(bytes)
        } catch {
            return .ignore(.undecodable)
        }
        guard header.isResponse else { return .ignore(.notAResponse) }
        guard header.id == id else { return .ignore(.wrongID) }
        guard header.opcode == 0 else { return .ignore(.wrongOpcode) }
        if questions.isEmpty {
            // Some servers omit the question in error replies (FORMERR, SERVFAIL, ...) and in
            // truncated ones. Such a reply can only make us try another server or TCP, never give
            // an answer, so accept it; one claiming an answer without the question is not trusted.
            guard header.isTruncated || (header.rcode != 0 && header.rcode != 3) else {
                return .ignore(.wrongQuestion)
            }
        } else {
            guard questions.count == 1, questions[0] == question else { return .ignore(.wrongQuestion) }
        }
        if header.isTruncated { return .truncated(header) }
        do {
            return .accept(try DNSMessage(decoding: bytes))
        } catch let error as DNSProtocolError {
            return .malformed(error)
        } catch {
            return .malformed(DNSProtocolError(.badRecordData, "\(error)"))
        }
    }

    /// Same IP address and port. `SocketAddress ==` also compares the host-name annotation,
    /// which the kernel's source address does not carry.
    static func sameEndpoint(_ a: SocketAddress, _ b: SocketAddress) -> Bool {
        a.port == b.port && a.ipAddress != nil && a.ipAddress == b.ipAddress
    }
}

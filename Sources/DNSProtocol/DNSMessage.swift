import NIOCore

/// A whole DNS message (RFC 1035 §4.1): header, question, answer, authority and additional
/// sections, plus the EDNS(0) OPT pseudo-record (RFC 6891) taken out of the additional section.
public struct DNSMessage: Sendable, Hashable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    /// Additional records other than OPT.
    public var additionals: [DNSResourceRecord]
    /// The OPT pseudo-record, if the message has one.
    public var edns: EDNSRecord?

    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [], additionals: [DNSResourceRecord] = [], edns: EDNSRecord? = nil
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
        self.edns = edns
    }

    /// The full response code: the header's 4 bits, extended by the OPT record (RFC 6891 §6.1.3).
    public var responseCode: DNSResponseCode {
        DNSResponseCode(rawValue: UInt16(edns?.extendedRCode ?? 0) << 4 | UInt16(header.rcode))
    }

    /// The first SOA record of the authority section, with its TTL, as a negative answer carries
    /// it (RFC 2308 §3).
    public var authoritySOA: (record: DNSResourceRecord, soa: SOARecord)? {
        for record in authorities {
            if case .soa(let soa) = record.data { return (record, soa) }
        }
        return nil
    }

    /// How long this negative answer (NXDOMAIN or NODATA) may be cached: min(SOA TTL, SOA
    /// MINIMUM) from the authority section (RFC 2308 §5), or nil without an SOA, in which case
    /// it should not be cached at all.
    public var negativeCachingTTL: UInt32? {
        authoritySOA.map { $0.soa.negativeCachingTTL(recordTTL: $0.record.ttl) }
    }
}

extension DNSMessage {
    /// A standard query (RFC 1035 §4.1.1): one question, RD set so a recursive resolver does the
    /// work, and an OPT record advertising `udpPayloadSize` bytes (RFC 6891 §6.2.5) unless it is
    /// nil.
    public static func query(
        id: UInt16, name: DNSName, type: DNSRecordType, recursionDesired: Bool = true,
        udpPayloadSize: UInt16? = EDNSRecord.recommendedPayloadSize
    ) -> DNSMessage {
        DNSMessage(
            header: DNSHeader(id: id, isRecursionDesired: recursionDesired),
            questions: [DNSQuestion(name: name, type: type)],
            edns: udpPayloadSize.map { EDNSRecord(udpPayloadSize: $0) }
        )
    }

    /// Decodes a message from the readable bytes of `buffer` (the buffer is not consumed).
    public init(decoding buffer: ByteBuffer) throws {
        try self.init(decoding: Array(buffer.readableBytesView))
    }

    /// The encoded message in a new buffer.
    public func encodedBuffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        let bytes = try encoded()
        var buffer = allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }
}

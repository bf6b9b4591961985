import DNSProtocol

/// Answers to build scripts from.
enum Scripted {
    /// A reply to `query` with the given answers (and rcode, header tweaks).
    static func reply(
        to query: DNSMessage, id: UInt16? = nil, rcode: UInt8 = 0, question: DNSQuestion? = nil,
        answers: [DNSResourceRecord] = [], authorities: [DNSResourceRecord] = [], withEDNS: Bool = true
    ) -> [UInt8] {
        let message = DNSMessage(
            header: DNSHeader(id: id ?? query.header.id, isResponse: true, isRecursionDesired: true, isRecursionAvailable: true, rcode: rcode),
            questions: question.map { [$0] } ?? query.questions,
            answers: answers,
            authorities: authorities,
            edns: withEDNS && query.edns != nil ? EDNSRecord() : nil)
        return try! message.encoded()
    }

    static func a(_ name: DNSName, _ last: UInt8, ttl: UInt32 = 300) -> DNSResourceRecord {
        DNSResourceRecord(name: name, ttl: ttl, data: .a(IPv4Address(127, 0, 0, last)))
    }

    static func cname(_ name: DNSName, _ target: String, ttl: UInt32 = 300) -> DNSResourceRecord {
        DNSResourceRecord(name: name, ttl: ttl, data: .cname(try! DNSName(target)))
    }
}

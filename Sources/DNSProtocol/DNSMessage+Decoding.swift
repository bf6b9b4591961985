extension DNSMessage {
    /// Decodes a complete message. Throws `DNSProtocolError` on anything malformed: a section
    /// shorter than its count announces, RDATA that does not match its type's layout or length,
    /// bad names or compression pointers, a misplaced or repeated OPT record. Bytes after the last
    /// record are ignored.
    public init(decoding bytes: [UInt8]) throws {
        var reader = DNSWireReader(bytes)
        let (header, counts) = try Self.readHeader(&reader)
        var questions: [DNSQuestion] = []
        for _ in 0..<counts.questions {
            questions.append(try Self.readQuestion(&reader))
        }
        var answers: [DNSResourceRecord] = []
        var authorities: [DNSResourceRecord] = []
        var additionals: [DNSResourceRecord] = []
        var edns: EDNSRecord?
        for _ in 0..<counts.answers {
            answers.append(try Self.readRecord(&reader, section: .answer, edns: &edns))
        }
        for _ in 0..<counts.authorities {
            authorities.append(try Self.readRecord(&reader, section: .authority, edns: &edns))
        }
        for _ in 0..<counts.additionals {
            let record = try Self.readRecord(&reader, section: .additional, edns: &edns)
            if record.type != .opt { additionals.append(record) }  // OPT is kept in `edns`
        }
        self.init(
            header: header, questions: questions, answers: answers, authorities: authorities,
            additionals: additionals, edns: edns)
    }

    /// Decodes only the header and the question section: enough to match a reply to its query
    /// (RFC 5452 §9.1) before trusting anything else in it.
    public static func decodeHeaderAndQuestions(_ bytes: [UInt8]) throws -> (DNSHeader, [DNSQuestion]) {
        var reader = DNSWireReader(bytes)
        // The other sections are not checked: a truncated reply (TC) may announce more than it holds.
        let (header, counts) = try readHeader(&reader, checkingRecordCounts: false)
        var questions: [DNSQuestion] = []
        for _ in 0..<counts.questions {
            questions.append(try readQuestion(&reader))
        }
        return (header, questions)
    }

    struct SectionCounts {
        var questions: Int
        var answers: Int
        var authorities: Int
        var additionals: Int
    }

    enum Section { case answer, authority, additional }

    static func readHeader(
        _ reader: inout DNSWireReader, checkingRecordCounts: Bool = true
    ) throws -> (DNSHeader, SectionCounts) {
        let id = try reader.readUInt16("header ID")
        let flags = try reader.readUInt16("header flags")
        let counts = SectionCounts(
            questions: Int(try reader.readUInt16("QDCOUNT")),
            answers: Int(try reader.readUInt16("ANCOUNT")),
            authorities: Int(try reader.readUInt16("NSCOUNT")),
            additionals: Int(try reader.readUInt16("ARCOUNT")))
        // A question needs at least 5 bytes and a record 11: refuse impossible counts up front.
        let records = checkingRecordCounts ? counts.answers + counts.authorities + counts.additionals : 0
        let minimum = counts.questions * 5 + records * 11
        guard minimum <= reader.remaining else {
            throw DNSProtocolError(
                .truncated, "section counts need at least \(minimum) bytes, \(reader.remaining) left",
                offset: reader.offset)
        }
        return (DNSHeader(id: id, flags: flags), counts)
    }

    static func readQuestion(_ reader: inout DNSWireReader) throws -> DNSQuestion {
        let name = try reader.readName()
        let type = DNSRecordType(rawValue: try reader.readUInt16("QTYPE"))
        let dnsClass = DNSClass(rawValue: try reader.readUInt16("QCLASS"))
        return DNSQuestion(name: name, type: type, dnsClass: dnsClass)
    }

    /// Reads one resource record (RFC 1035 §4.1.3). An OPT record is stored in `edns` and
    /// returned with empty data so the caller can drop it.
    static func readRecord(
        _ reader: inout DNSWireReader, section: Section, edns: inout EDNSRecord?
    ) throws -> DNSResourceRecord {
        let recordStart = reader.offset
        let name = try reader.readName()
        let type = DNSRecordType(rawValue: try reader.readUInt16("TYPE"))
        let classField = try reader.readUInt16("CLASS")
        let ttlField = try reader.readUInt32("TTL")
        let length = Int(try reader.readUInt16("RDLENGTH"))
        let dataStart = reader.offset
        guard length <= reader.remaining else {
            throw DNSProtocolError(.truncated, "RDATA of \(length) bytes, \(reader.remaining) left", offset: dataStart)
        }
        let dataEnd = dataStart + length

        if type == .opt {
            // RFC 6891 §6.1.1: only in the additional section, at most once, owned by the root.
            guard section == .additional, edns == nil, name.isRoot else {
                throw DNSProtocolError(.badOPT, "OPT record misplaced, repeated or not owned by the root", offset: recordStart)
            }
            edns = try readOPT(&reader, classField: classField, ttlField: ttlField, end: dataEnd)
            return DNSResourceRecord(name: name, type: type, dnsClass: DNSClass(rawValue: classField), ttl: 0, data: .unknown([]))
        }

        let data = try readRecordData(&reader, type: type, end: dataEnd)
        guard reader.offset == dataEnd else {
            throw DNSProtocolError(
                .badRecordData, "\(type) RDATA uses \(reader.offset - dataStart) of \(length) bytes", offset: dataStart)
        }
        // RFC 2181 §8: a TTL with the most significant bit set is treated as zero.
        let ttl = ttlField & 0x8000_0000 == 0 ? ttlField : 0
        return DNSResourceRecord(name: name, type: type, dnsClass: DNSClass(rawValue: classField), ttl: ttl, data: data)
    }

    private static func readRecordData(
        _ reader: inout DNSWireReader, type: DNSRecordType, end: Int
    ) throws -> DNSRecordData {
        let length = end - reader.offset
        switch type {
        case .a:  // RFC 1035 §3.4.1
            guard length == 4 else { throw badLength(type, length, reader.offset) }
            return .a(IPv4Address(bytes: try reader.readBytes(4))!)
        case .aaaa:  // RFC 3596 §2.2
            guard length == 16 else { throw badLength(type, length, reader.offset) }
            return .aaaa(IPv6Address(bytes: try reader.readBytes(16))!)
        case .mx:  // RFC 1035 §3.3.9
            let preference = try reader.readUInt16("MX preference")
            return .mx(MXRecord(preference: preference, exchange: try readName(&reader, end: end)))
        case .cname:  // RFC 1035 §3.3.1
            return .cname(try readName(&reader, end: end))
        case .ns:  // RFC 1035 §3.3.11
            return .ns(try readName(&reader, end: end))
        case .soa:  // RFC 1035 §3.3.13
            let primary = try readName(&reader, end: end)
            let mailbox = try readName(&reader, end: end)
            guard end - reader.offset == 20 else { throw badLength(type, length, reader.offset) }
            return .soa(
                SOARecord(
                    primaryServer: primary, responsibleMailbox: mailbox, serial: try reader.readUInt32(),
                    refresh: try reader.readUInt32(), retry: try reader.readUInt32(),
                    expire: try reader.readUInt32(), minimum: try reader.readUInt32()))
        case .txt:  // RFC 1035 §3.3.14: one or more <character-string>s filling RDATA exactly
            guard length > 0 else { throw badLength(type, length, reader.offset) }
            var strings: [[UInt8]] = []
            while reader.offset < end {
                let string = try reader.readCharacterString()
                guard reader.offset <= end else {
                    throw DNSProtocolError(.badRecordData, "TXT character-string runs past RDATA", offset: reader.offset)
                }
                strings.append(string)
            }
            return .txt(try TXTRecord(strings: strings))
        default:  // RFC 3597 §5: opaque
            return .unknown(try reader.readBytes(length))
        }
    }

    /// A name inside RDATA must end inside RDATA, even when a pointer leads elsewhere.
    private static func readName(_ reader: inout DNSWireReader, end: Int) throws -> DNSName {
        let name = try reader.readName()
        guard reader.offset <= end else {
            throw DNSProtocolError(.badRecordData, "name runs past RDATA", offset: reader.offset)
        }
        return name
    }

    private static func readOPT(
        _ reader: inout DNSWireReader, classField: UInt16, ttlField: UInt32, end: Int
    ) throws -> EDNSRecord {
        var options: [EDNSRecord.Option] = []
        while reader.offset < end {
            let code = try reader.readUInt16("OPT option code")
            let length = Int(try reader.readUInt16("OPT option length"))
            guard reader.offset + length <= end else {
                throw DNSProtocolError(.badOPT, "OPT option runs past RDATA", offset: reader.offset)
            }
            options.append(EDNSRecord.Option(code: code, data: try reader.readBytes(length)))
        }
        guard reader.offset == end else {
            throw DNSProtocolError(.badOPT, "OPT option header runs past RDATA", offset: reader.offset)
        }
        return EDNSRecord(
            udpPayloadSize: classField, extendedRCode: UInt8(ttlField >> 24), version: UInt8((ttlField >> 16) & 0xFF),
            dnssecOK: ttlField & 0x8000 != 0, options: options)
    }

    private static func badLength(_ type: DNSRecordType, _ length: Int, _ offset: Int) -> DNSProtocolError {
        DNSProtocolError(.badRecordData, "\(type) RDATA of \(length) bytes", offset: offset)
    }
}

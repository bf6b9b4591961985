extension DNSMessage {
    /// The message in wire format, names uncompressed. The OPT record, if any, is written last in
    /// the additional section (RFC 6891 §6.1.1).
    ///
    /// - Throws: when a section has more than 65535 entries, a TXT string is longer than 255 bytes,
    ///   or RDATA is longer than 65535 bytes.
    public func encoded() throws -> [UInt8] {
        var writer = DNSWireWriter()
        let additionalCount = additionals.count + (edns == nil ? 0 : 1)
        for count in [questions.count, answers.count, authorities.count, additionalCount] where count > 0xFFFF {
            throw DNSProtocolError(.tooLarge, "a section of \(count) entries (at most 65535)")
        }
        writer.writeUInt16(header.id)
        writer.writeUInt16(header.flags)
        writer.writeUInt16(UInt16(questions.count))
        writer.writeUInt16(UInt16(answers.count))
        writer.writeUInt16(UInt16(authorities.count))
        writer.writeUInt16(UInt16(additionalCount))
        for question in questions {
            writer.writeName(question.name)
            writer.writeUInt16(question.type.rawValue)
            writer.writeUInt16(question.dnsClass.rawValue)
        }
        for record in answers + authorities + additionals {
            try Self.write(record, to: &writer)
        }
        if let edns {
            writer.writeName(.root)
            writer.writeUInt16(DNSRecordType.opt.rawValue)
            writer.writeUInt16(edns.udpPayloadSize)
            writer.writeUInt32(edns.ttlField)
            let lengthIndex = writer.count
            writer.writeUInt16(0)
            for option in edns.options {
                writer.writeUInt16(option.code)
                writer.writeUInt16(UInt16(clamping: option.data.count))
                writer.writeBytes(option.data)
            }
            try Self.patchLength(&writer, at: lengthIndex)
        }
        return writer.bytes
    }

    private static func write(_ record: DNSResourceRecord, to writer: inout DNSWireWriter) throws {
        writer.writeName(record.name)
        writer.writeUInt16(record.type.rawValue)
        writer.writeUInt16(record.dnsClass.rawValue)
        writer.writeUInt32(record.ttl)
        let lengthIndex = writer.count
        writer.writeUInt16(0)
        switch record.data {
        case .a(let address):
            writer.writeBytes(address.bytes)
        case .aaaa(let address):
            writer.writeBytes(address.bytes)
        case .mx(let mx):
            writer.writeUInt16(mx.preference)
            writer.writeName(mx.exchange)
        case .cname(let name), .ns(let name):
            writer.writeName(name)
        case .soa(let soa):
            writer.writeName(soa.primaryServer)
            writer.writeName(soa.responsibleMailbox)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] {
                writer.writeUInt32(value)
            }
        case .txt(let txt):
            for string in txt.strings {
                try writer.writeCharacterString(string)
            }
        case .unknown(let bytes):
            writer.writeBytes(bytes)
        }
        try patchLength(&writer, at: lengthIndex)
    }

    /// Fills in RDLENGTH once RDATA is written.
    private static func patchLength(_ writer: inout DNSWireWriter, at index: Int) throws {
        let length = writer.count - index - 2
        guard length <= 0xFFFF else { throw DNSProtocolError(.tooLarge, "RDATA of \(length) bytes") }
        writer.patchUInt16(UInt16(length), at: index)
    }
}

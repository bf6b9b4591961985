/// A bounds-checked cursor over a whole DNS message.
///
/// Every read checks that its bytes lie inside the message and throws `DNSProtocolError` (never
/// traps) otherwise. Names may use compression pointers anywhere in the message, so the reader
/// keeps the whole message, not just the part being read.
struct DNSWireReader {
    /// The largest number of compression pointers followed for one name. Each pointer must also
    /// point below every position already visited for that name, so loops are impossible anyway;
    /// this caps the work per name on hostile input.
    static let maximumPointerJumps = 64

    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    private func need(_ count: Int, _ what: StaticString) throws {
        guard count >= 0, count <= bytes.count - offset else {
            throw DNSProtocolError(.truncated, "\(what): need \(count) bytes, \(bytes.count - offset) left", offset: offset)
        }
    }

    mutating func readUInt8(_ what: StaticString = "byte") throws -> UInt8 {
        try need(1, what)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16(_ what: StaticString = "16-bit field") throws -> UInt16 {
        try need(2, what)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32(_ what: StaticString = "32-bit field") throws -> UInt32 {
        try need(4, what)
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func readBytes(_ count: Int, _ what: StaticString = "bytes") throws -> [UInt8] {
        try need(count, what)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// A <character-string>: one length byte and that many bytes (RFC 1035 §3.3).
    mutating func readCharacterString() throws -> [UInt8] {
        let length = try readUInt8("character-string length")
        return try readBytes(Int(length), "character-string")
    }

    /// Reads a possibly compressed domain name (RFC 1035 §4.1.4) and moves past it: past the
    /// first pointer if there is one, past the root byte otherwise.
    ///
    /// Defences against hostile messages: a pointer must point strictly below the start of the
    /// run of labels it ends (so every jump goes backwards, past anything seen before, and no loop
    /// can form), at most `maximumPointerJumps` pointers are followed, labels have at most 63
    /// bytes (the 0b01/0b10 label types are refused), and the expanded name has at most 255 bytes.
    mutating func readName() throws -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var segmentStart = offset
        var resumeAt: Int?
        var jumps = 0
        while true {
            guard position < bytes.count else {
                throw DNSProtocolError(.truncated, "name runs past the end of the message", offset: position)
            }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(validatedLabels: labels)
                }
                let start = position + 1
                let end = start + Int(length)
                guard end <= bytes.count else {
                    throw DNSProtocolError(.truncated, "label runs past the end of the message", offset: position)
                }
                wireLength += Int(length) + 1
                guard wireLength <= DNSName.maximumWireLength else {
                    throw DNSProtocolError(.invalidName, "name longer than 255 bytes", offset: position)
                }
                labels.append(Array(bytes[start..<end]))
                position = end
            case 0xC0:
                guard position + 1 < bytes.count else {
                    throw DNSProtocolError(.truncated, "compression pointer cut short", offset: position)
                }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < segmentStart else {
                    throw DNSProtocolError(
                        .badPointer, "pointer to \(target) does not point below \(segmentStart)", offset: position)
                }
                jumps += 1
                guard jumps <= Self.maximumPointerJumps else {
                    throw DNSProtocolError(.badPointer, "more than \(Self.maximumPointerJumps) pointers", offset: position)
                }
                if resumeAt == nil { resumeAt = position + 2 }
                position = target
                segmentStart = target
            default:
                throw DNSProtocolError(
                    .unsupportedLabelType, "label type 0x\(String(length & 0xC0, radix: 16))", offset: position)
            }
        }
    }
}

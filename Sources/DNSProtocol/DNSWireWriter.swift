/// Builds DNS wire format. Names are written uncompressed (RFC 1035 §4.1.4 allows that; queries
/// carry one name, so compression would save nothing).
struct DNSWireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func writeUInt32(_ value: UInt32) {
        writeUInt16(UInt16(value >> 16))
        writeUInt16(UInt16(value & 0xFFFF))
    }

    mutating func writeBytes(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    mutating func writeName(_ name: DNSName) {
        for label in name.labels {
            bytes.append(UInt8(label.count))
            bytes.append(contentsOf: label)
        }
        bytes.append(0)
    }

    mutating func writeCharacterString(_ value: [UInt8]) throws {
        guard value.count <= 255 else {
            throw DNSProtocolError(.tooLarge, "character-string of \(value.count) bytes (at most 255)")
        }
        bytes.append(UInt8(value.count))
        bytes.append(contentsOf: value)
    }

    /// Overwrites a 16-bit value written earlier (used for RDLENGTH).
    mutating func patchUInt16(_ value: UInt16, at index: Int) {
        bytes[index] = UInt8(value >> 8)
        bytes[index + 1] = UInt8(value & 0xFF)
    }
}

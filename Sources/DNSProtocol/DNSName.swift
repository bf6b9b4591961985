/// A domain name as a sequence of labels (RFC 1035 §3.1), most specific label first.
///
/// Labels are kept as bytes, exactly as on the wire. Comparison and hashing ignore ASCII case
/// (RFC 4343 §3); the original case is kept for display. Every `DNSName` is valid: each label has
/// 1...63 bytes and the wire form (length bytes, labels and the root byte) has at most 255 bytes
/// (RFC 1035 §2.3.4).
public struct DNSName: Sendable, CustomStringConvertible {
    public static let maximumLabelLength = 63
    public static let maximumWireLength = 255

    /// The labels, without length bytes; empty for the root name.
    public let labels: [[UInt8]]

    /// The root name `.`, as in a null MX (RFC 7505) or the owner of an OPT record.
    public static let root = DNSName(validatedLabels: [])

    init(validatedLabels labels: [[UInt8]]) {
        self.labels = labels
    }

    /// Builds a name from labels, checking the limits of RFC 1035 §2.3.4.
    public init(labels: [[UInt8]]) throws {
        var length = 1
        for label in labels {
            guard !label.isEmpty else { throw DNSProtocolError(.invalidName, "empty label") }
            guard label.count <= Self.maximumLabelLength else {
                throw DNSProtocolError(.invalidName, "label of \(label.count) bytes (at most 63)")
            }
            length += label.count + 1
        }
        guard length <= Self.maximumWireLength else {
            throw DNSProtocolError(.invalidName, "name of \(length) bytes on the wire (at most 255)")
        }
        self.labels = labels
    }

    /// Parses presentation format: `example.test`, `example.test.` (the same name: every name is
    /// absolute, no search list applies) or `.` for the root. `\.`, `\\` and `\DDD` escapes are
    /// understood (RFC 1035 §5.1). Only ASCII is accepted: internationalized names must be given
    /// as A-labels (`xn--...`, RFC 5890) by the caller.
    public init(_ text: String) throws {
        if text == "." {
            self = .root
            return
        }
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw DNSProtocolError(.invalidName, "empty name") }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte < 0x80 else {
                throw DNSProtocolError(.invalidName, "non-ASCII name \"\(text)\" (use the A-label form)")
            }
            if byte == UInt8(ascii: ".") {
                guard !current.isEmpty else { throw DNSProtocolError(.invalidName, "empty label in \"\(text)\"") }
                labels.append(current)
                current = []
                index += 1
            } else if byte == UInt8(ascii: "\\") {
                let (value, used) = try Self.unescape(bytes, at: index, in: text)
                current.append(value)
                index += used
            } else {
                current.append(byte)
                index += 1
            }
        }
        // An unescaped final dot only marks the name as absolute (it always is).
        if !current.isEmpty { labels.append(current) }
        try self.init(labels: labels)
    }

    /// Decodes `\X` or `\DDD` at `index`; returns the byte and the number of input bytes used.
    private static func unescape(_ bytes: [UInt8], at index: Int, in text: String) throws -> (UInt8, Int) {
        guard index + 1 < bytes.count else { throw DNSProtocolError(.invalidName, "dangling escape in \"\(text)\"") }
        let digits = bytes[(index + 1)..<min(index + 4, bytes.count)]
        if digits.count == 3, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { throw DNSProtocolError(.invalidName, "escape \\\(value) over 255 in \"\(text)\"") }
            return (UInt8(value), 4)
        }
        guard bytes[index + 1] < 0x30 || bytes[index + 1] > 0x39 else {
            throw DNSProtocolError(.invalidName, "escape needs three digits in \"\(text)\"")
        }
        return (bytes[index + 1], 2)
    }

    public var isRoot: Bool { labels.isEmpty }

    /// Bytes of the uncompressed wire form, including the final root byte.
    public var wireLength: Int { labels.reduce(1) { $0 + $1.count + 1 } }

    /// Presentation format without the trailing dot (`.` for the root); dots, backslashes and
    /// bytes outside printable ASCII inside a label are escaped (RFC 4343 §2.1).
    public var description: String {
        guard !isRoot else { return "." }
        var out = ""
        for (index, label) in labels.enumerated() {
            if index > 0 { out.append(".") }
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    out.append("\\")
                    out.append(Character(Unicode.Scalar(byte)))
                case 0x21...0x7E:
                    out.append(Character(Unicode.Scalar(byte)))
                default:
                    let digits = String(byte)
                    out.append("\\" + String(repeating: "0", count: 3 - digits.count) + digits)
                }
            }
        }
        return out
    }

    /// The name with ASCII letters folded to lower case.
    public var lowercased: DNSName {
        DNSName(validatedLabels: labels.map { $0.map(Self.lower) })
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

extension DNSName: Hashable {
    /// Case-insensitive for ASCII letters (RFC 4343 §3); other bytes compare exactly.
    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        guard lhs.labels.count == rhs.labels.count else { return false }
        for (left, right) in zip(lhs.labels, rhs.labels) {
            guard left.count == right.count else { return false }
            for (a, b) in zip(left, right) where lower(a) != lower(b) {
                return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(Self.lower(byte)) }
        }
    }
}

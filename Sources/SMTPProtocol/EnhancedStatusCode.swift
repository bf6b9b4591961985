/// An enhanced mail system status code, `class.subject.detail` (RFC 3463 §2), as servers that
/// advertise ENHANCEDSTATUSCODES put at the start of each reply text line (RFC 2034 §4).
public struct EnhancedStatusCode: Hashable, Sendable, CustomStringConvertible {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    public var statusClass: Int
    /// 0...999 (RFC 3463 §3: 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network and
    /// routing, 5 mail delivery protocol, 6 message content, 7 security or policy).
    public var subject: Int
    /// 0...999.
    public var detail: Int

    public init(statusClass: Int, subject: Int, detail: Int) {
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `"5.1.1"`. Returns nil for anything else.
    public init?(_ string: some StringProtocol) {
        guard let (code, length) = Self.parsePrefix(Array(string.utf8)), length == string.utf8.count else {
            return nil
        }
        self = code
    }

    public var description: String { "\(self.statusClass).\(self.subject).\(self.detail)" }

    public var isSuccess: Bool { self.statusClass == 2 }
    public var isTransient: Bool { self.statusClass == 4 }
    public var isPermanent: Bool { self.statusClass == 5 }

    /// Parses an enhanced code at the start of `bytes`, which must be followed by SP or the end.
    /// Returns the code and its length in bytes.
    ///
    /// RFC 3463 §2 / RFC 2034 §4: `status-code = class "." subject "." detail`,
    /// `class = "2" / "4" / "5"`, `subject = 1*3digit`, `detail = 1*3digit`.
    static func parsePrefix(_ bytes: some Collection<UInt8>) -> (EnhancedStatusCode, Int)? {
        var index = bytes.startIndex
        func digits(max: Int) -> Int? {
            var value = 0
            var count = 0
            while index != bytes.endIndex, count < max, let digit = asciiDigit(bytes[index]) {
                value = value * 10 + digit
                count += 1
                index = bytes.index(after: index)
            }
            return count == 0 ? nil : value
        }
        func dot() -> Bool {
            guard index != bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return false }
            index = bytes.index(after: index)
            return true
        }
        guard let statusClass = digits(max: 1), [2, 4, 5].contains(statusClass), dot(),
              let subject = digits(max: 3), dot(),
              let detail = digits(max: 3)
        else { return nil }
        // A fourth digit or anything but SP after the detail means this is not a status code.
        if index != bytes.endIndex, bytes[index] != UInt8(ascii: " ") {
            return nil
        }
        return (EnhancedStatusCode(statusClass: statusClass, subject: subject, detail: detail),
                bytes.distance(from: bytes.startIndex, to: index))
    }
}

@inline(__always)
func asciiDigit(_ byte: UInt8) -> Int? {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
}

/// The random part of multipart boundaries (RFC 2046 §5.1.1).
enum BoundaryToken {
    /// Every boundary starts with `=_`, a sequence that quoted-printable (where `=` is always
    /// followed by two hex digits or CRLF, RFC 2045 §6.7) and base64 (RFC 2045 §6.8: no `_`)
    /// never produce.
    static let prefix = "=_postage_"

    /// 128 random bits as 32 hex digits, redrawn in the (astronomically unlikely) case that a
    /// 7bit body already contains a boundary built from it.
    static func make(avoiding bodies: [[UInt8]], using generator: inout some RandomNumberGenerator) -> String {
        while true {
            let token = hex(generator.next()) + hex(generator.next())
            let needle = Array((prefix + token).utf8)
            if !bodies.contains(where: { contains($0, needle) }) { return token }
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) {
                return true
            }
            index += 1
        }
        return false
    }
}

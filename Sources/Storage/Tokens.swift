/// API tokens: random, 128 bits or more, compared in constant time (architecture section 8).
public enum Tokens {
    /// A new token: a UUID-shaped string carrying 128 random bits from the system generator
    /// (Postmark's tokens look like UUIDs, and some clients validate that shape).
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &rng) }
        let hex = bytes.map { byte -> String in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        let chars = Array(hex)
        return [chars[0..<8], chars[8..<12], chars[12..<16], chars[16..<20], chars[20..<32]]
            .map { String($0) }.joined(separator: "-")
    }

    /// Compares two strings in time that depends only on their lengths, never on where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// The lookup key stored next to a token: FNV-1a 64 of the token, as hex. Lookups go through this
    /// key and then compare the token in constant time, so index timing reveals nothing usable.
    public static func lookupKey(_ token: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

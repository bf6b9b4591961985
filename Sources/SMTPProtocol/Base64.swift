/// Standard base64 with padding (RFC 4648 §4), for SASL exchanges (RFC 4954 §4): the client
/// encodes its responses, the server decodes them strictly.
/// NIOCore's encoder is internal, and this is all SMTP needs.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(alphabet[Int(value & 63)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let value = UInt32(input[index]) << 16
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(contentsOf: "==".utf8)
        case 2:
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(UInt8(ascii: "="))
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes canonical base64 (RFC 4648 §4) and returns nil for anything else: characters outside
    /// the alphabet (including whitespace and line breaks, RFC 4648 §3.3), a length that is not a
    /// multiple of 4, padding anywhere but at the end, or non-zero pad bits (RFC 4648 §3.5). The
    /// empty string decodes to no bytes. RFC 4954 §4: a server rejects a response it cannot decode
    /// as base64 with 501, so there is no lenient mode.
    public static func decode(_ encoded: some Collection<UInt8>) -> [UInt8]? {
        let input = Array(encoded)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            guard let a = value(of: input[index]), let b = value(of: input[index + 1]) else { return nil }
            let third = input[index + 2]
            let fourth = input[index + 3]
            if isLast, third == UInt8(ascii: "="), fourth == UInt8(ascii: "=") {
                guard b & 0x0F == 0 else { return nil }
                output.append(a << 2 | b >> 4)
            } else if isLast, fourth == UInt8(ascii: "=") {
                guard let c = value(of: third), c & 0x03 == 0 else { return nil }
                output.append(a << 2 | b >> 4)
                output.append(b << 4 | c >> 2)
            } else {
                guard let c = value(of: third), let d = value(of: fourth) else { return nil }
                output.append(a << 2 | b >> 4)
                output.append(b << 4 | c >> 2)
                output.append(c << 6 | d)
            }
            index += 4
        }
        return output
    }

    /// The 6-bit value of one alphabet character, nil for anything else (`=` included).
    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

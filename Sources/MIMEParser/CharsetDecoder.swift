import Foundation

/// Turns bytes in a MIME charset (RFC 2045 §5.1 `charset` parameter, RFC 2047 §2 encoded-word
/// charset, RFC 2231 §4 parameter charset) into a String.
///
/// - UTF-8 and US-ASCII decode as UTF-8, with U+FFFD for each maximal invalid subsequence.
///   US-ASCII is read as UTF-8 because 8-bit text labelled us-ascii (or unlabelled, RFC 2045
///   §5.2) is UTF-8 far more often than anything else in practice.
/// - ISO-8859-1 and windows-1252 use built-in tables (windows-1252's five undefined octets
///   become U+FFFD, as in Python's cp1252 codec with errors="replace").
/// - Other charsets go through Foundation's `String.Encoding` (on Linux the CoreFoundation
///   converters); an unsupported charset, or bytes Foundation refuses, fall back to lossy UTF-8
///   and ``decode(_:charset:)`` reports `recognized == false`.
public enum CharsetDecoder {
    public struct Result: Sendable, Hashable {
        public var text: String
        /// False when the charset was unknown or the bytes were not valid in it, so the text
        /// is lossy UTF-8 instead.
        public var recognized: Bool
    }

    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> Result {
        let name = normalizedName(charset ?? "us-ascii")
        switch Charset(name: name) {
        case .utf8, .ascii:
            return Result(text: String(decoding: bytes, as: UTF8.self), recognized: true)
        case .latin1:
            return Result(text: singleByte(bytes) { Unicode.Scalar($0) }, recognized: true)
        case .windows1252:
            return Result(text: singleByte(bytes, SingleByteTables.windows1252), recognized: true)
        case let .foundation(encoding):
            if let text = String(data: Data(bytes), encoding: encoding) {
                return Result(text: text, recognized: true)
            }
            return Result(text: String(decoding: bytes, as: UTF8.self), recognized: false)
        case nil:
            return Result(text: String(decoding: bytes, as: UTF8.self), recognized: false)
        }
    }

    /// The text when `charset` is known and every byte is valid in it, else nil (used for
    /// encoded-words, whose undecodable octets are kept raw, as Python does).
    public static func decodeStrictly(_ bytes: some Collection<UInt8>, charset: String) -> String? {
        switch Charset(name: normalizedName(charset)) {
        case .utf8, .ascii:
            return String(validating: bytes, as: UTF8.self)
        case .latin1:
            return singleByte(bytes) { Unicode.Scalar($0) }
        case .windows1252:
            let text = singleByte(bytes, SingleByteTables.windows1252)
            return text.unicodeScalars.contains("\u{FFFD}") ? nil : text
        case let .foundation(encoding):
            return String(data: Data(bytes), encoding: encoding)
        case nil:
            return nil
        }
    }

    /// True when `charset` is one this decoder knows (whatever the bytes).
    public static func isSupported(_ charset: String) -> Bool {
        Charset(name: normalizedName(charset)) != nil
    }

    /// Lowercased, trimmed, without an RFC 2231 §5 language suffix (`utf-8*en`) or quotes.
    static func normalizedName(_ charset: String) -> String {
        var name = ASCII.lowercased(ASCII.trimmed(charset))
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return name
    }

    private static func singleByte(_ bytes: some Collection<UInt8>, _ map: (UInt8) -> Unicode.Scalar) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(map(byte)) }
        return String(scalars)
    }
}

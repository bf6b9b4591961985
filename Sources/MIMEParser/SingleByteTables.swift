/// Code tables for single-byte charsets decoded without Foundation.
enum SingleByteTables {
    /// windows-1252 (the WHATWG / Microsoft "cp1252" table) for octets 0x80–0x9F; the rest
    /// equal ISO-8859-1. The five unassigned octets (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to
    /// U+FFFD, as Python's cp1252 codec does with errors="replace".
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(windows1252High[Int(byte - 0x80)]) ?? "\u{FFFD}"
    }
}

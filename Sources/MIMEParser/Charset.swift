import Foundation

/// The charsets ``CharsetDecoder`` knows, by IANA name and common alias.
enum Charset: Equatable {
    case utf8
    case ascii
    case latin1
    case windows1252
    case foundation(String.Encoding)

    init?(name: String) {
        if let known = Charset.aliases[name] {
            self = known
            return
        }
        // iso-8859-N / iso8859-N / iso_8859-N / latinN spellings.
        for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso8859_", "iso-8859_"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count).prefix { $0.isNumber }
            if let number = Int(rest), let charset = Charset.iso8859(number) {
                self = charset
                return
            }
        }
        for prefix in ["windows-", "cp", "x-cp", "win-", "windows"] where name.hasPrefix(prefix) {
            if let number = Int(name.dropFirst(prefix.count)), let charset = Charset.windows(number) {
                self = charset
                return
            }
        }
        return nil
    }

    /// An encoding CoreFoundation knows by its `CFStringEncoding` number; Foundation's
    /// `String.Encoding` raw value for it has the high bit set.
    private static func coreFoundation(_ value: UInt) -> Charset {
        .foundation(String.Encoding(rawValue: value | 0x8000_0000))
    }

    static func iso8859(_ number: Int) -> Charset? {
        switch number {
        case 1: .latin1
        case 2...11, 13...16: coreFoundation(0x0200 + UInt(number))
        default: nil
        }
    }

    static func windows(_ number: Int) -> Charset? {
        switch number {
        case 1252: .windows1252
        case 1250: .foundation(.windowsCP1250)
        case 1251: .foundation(.windowsCP1251)
        case 1253: .foundation(.windowsCP1253)
        case 1254: .foundation(.windowsCP1254)
        case 1255...1258: coreFoundation(0x0500 + UInt(number - 1250))
        case 874: coreFoundation(0x041D)
        case 932: .foundation(.shiftJIS)
        case 936: coreFoundation(0x0632) // GB 18030 is a superset of CP936/GBK
        case 949: coreFoundation(0x0422)
        case 950: coreFoundation(0x0A03)
        default: nil
        }
    }

    private static let aliases: [String: Charset] = [
        "utf-8": .utf8, "utf8": .utf8, "unicode-1-1-utf-8": .utf8, "x-unicode20utf8": .utf8,
        "us-ascii": .ascii, "ascii": .ascii, "ansi_x3.4-1968": .ascii, "iso646-us": .ascii, "us": .ascii,
        "646": .ascii, "cp367": .ascii, "ibm367": .ascii, "iso-ir-6": .ascii, "default": .ascii,
        "iso-8859-1": .latin1, "iso8859-1": .latin1, "iso_8859-1": .latin1, "latin1": .latin1, "latin-1": .latin1,
        "l1": .latin1, "cp819": .latin1, "ibm819": .latin1, "iso-ir-100": .latin1, "iso_8859-1:1987": .latin1,
        "windows-1252": .windows1252, "cp1252": .windows1252, "x-cp1252": .windows1252,
        "latin2": .foundation(.isoLatin2), "l2": .foundation(.isoLatin2),
        "latin9": coreFoundation(0x020F), "latin-9": coreFoundation(0x020F), "l9": coreFoundation(0x020F),
        "koi8-r": coreFoundation(0x0A02), "koi8r": coreFoundation(0x0A02), "koi8-u": coreFoundation(0x0A08),
        "shift_jis": .foundation(.shiftJIS), "shift-jis": .foundation(.shiftJIS), "sjis": .foundation(.shiftJIS),
        "x-sjis": .foundation(.shiftJIS), "ms_kanji": .foundation(.shiftJIS), "windows-31j": .foundation(.shiftJIS),
        "iso-2022-jp": .foundation(.iso2022JP), "csiso2022jp": .foundation(.iso2022JP),
        // GB 18030 decodes GB 2312 (as EUC-CN) and GBK too.
        "gb2312": coreFoundation(0x0632), "gbk": coreFoundation(0x0632), "gb18030": coreFoundation(0x0632),
        "euc-cn": coreFoundation(0x0632), "x-gbk": coreFoundation(0x0632), "csgb2312": coreFoundation(0x0632),
        "big5": coreFoundation(0x0A03), "big5-hkscs": coreFoundation(0x0A06), "x-big5": coreFoundation(0x0A03),
        "euc-kr": coreFoundation(0x0940), "ks_c_5601-1987": coreFoundation(0x0422), "cp949": coreFoundation(0x0422),
        "iso-2022-kr": coreFoundation(0x0840),
        "utf-16": .foundation(.utf16), "utf-16be": .foundation(.utf16BigEndian),
        "utf-16le": .foundation(.utf16LittleEndian), "utf-32": .foundation(.utf32),
        "utf-32be": .foundation(.utf32BigEndian), "utf-32le": .foundation(.utf32LittleEndian),
        "macintosh": .foundation(.macOSRoman), "mac": .foundation(.macOSRoman), "x-mac-roman": .foundation(.macOSRoman),
        "tis-620": coreFoundation(0x020B),
    ]
}

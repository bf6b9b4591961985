import Foundation

/// Test-only quoted-printable decoder (RFC 2045 §6.7).
func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        default: nil
        }
    }
    while i < encoded.count {
        let b = encoded[i]
        if b == UInt8(ascii: "=") {
            if i + 2 < encoded.count, encoded[i + 1] == 0x0D, encoded[i + 2] == 0x0A {
                i += 3
                continue
            }
            if i + 2 < encoded.count, let h = hex(encoded[i + 1]), let l = hex(encoded[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(b) // malformed: keep (tests assert this never happens)
            i += 1
            continue
        }
        out.append(b)
        i += 1
    }
    return out
}

/// Test-only decoder for one RFC 2047 encoded-word produced by ``EncodedWord``.
func decodeEncodedWord(_ word: String) -> [UInt8]? {
    let parts = word.components(separatedBy: "?")
    guard parts.count == 5, parts[0] == "=", parts[4] == "=", parts[1].lowercased() == "utf-8" else { return nil }
    switch parts[2].uppercased() {
    case "B":
        return Data(base64Encoded: parts[3]).map { Array($0) }
    case "Q":
        let spaced = Array(parts[3].utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
        return decodeQuotedPrintable(spaced)
    default:
        return nil
    }
}

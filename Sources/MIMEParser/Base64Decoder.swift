/// Tolerant base64 decoding (RFC 2045 §6.8, RFC 4648 §4) for bodies and B encoded-words.
///
/// RFC 2045 §6.8: "All line breaks or other characters not found in Table 1 must be ignored
/// by decoding software." Beyond that the rules match Python's `binascii.a2b_base64`
/// (non-strict), which is what the email package uses:
/// - decoding stops at the `=` padding that completes a 4-character quantum (text after it is
///   ignored, as in RFC 2045 §6.8 "any characters outside of the base64 alphabet are to be
///   ignored" followed by end of data); `=` earlier in a quantum is ignored;
/// - missing padding is tolerated: a final quantum of 2 or 3 characters yields 1 or 2 octets;
/// - a final lone character (6 bits, not a whole octet) is dropped.
public enum Base64Decoder {
    /// What was unusual about the input.
    public struct Report: Sendable, Hashable {
        /// Characters outside the alphabet (other than line breaks) were skipped.
        public var skippedCharacters = false
        /// The final quantum had no (or not enough) `=` padding.
        public var missingPadding = false
        /// A lone final character was dropped (invalid length).
        public var droppedTrailingBits = false
        /// Data followed the padding and was ignored.
        public var ignoredDataAfterPadding = false

        public var isClean: Bool { !skippedCharacters && !missingPadding && !droppedTrailingBits }
    }

    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    public static func decode(_ input: some Collection<UInt8>) -> [UInt8] {
        decodeReporting(input).bytes
    }

    public static func decodeReporting(_ input: some Collection<UInt8>) -> (bytes: [UInt8], report: Report) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3 + 3)
        var report = Report()
        var quantumPosition = 0
        var pads = 0
        var accumulator: UInt32 = 0
        var iterator = input.makeIterator()
        while let byte = iterator.next() {
            if byte == ASCII.equals {
                // A pad completing the quantum ends the data (a2b_base64 semantics).
                if quantumPosition >= 2 {
                    pads += 1
                    if quantumPosition + pads >= 4 {
                        while let rest = iterator.next() {
                            if table[Int(rest)] != 0xFF { report.ignoredDataAfterPadding = true; break }
                        }
                        return (out, report)
                    }
                }
                continue
            }
            let value = table[Int(byte)]
            if value == 0xFF {
                if byte != ASCII.cr && byte != ASCII.lf { report.skippedCharacters = true }
                continue
            }
            pads = 0
            accumulator = accumulator << 6 | UInt32(value)
            quantumPosition += 1
            switch quantumPosition {
            case 2: out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
            case 3: out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
            case 4:
                out.append(UInt8(truncatingIfNeeded: accumulator))
                quantumPosition = 0
                accumulator = 0
            default: break
            }
        }
        if quantumPosition == 1 { report.droppedTrailingBits = true }
        if quantumPosition != 0 { report.missingPadding = true }
        return (out, report)
    }
}

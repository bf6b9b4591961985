/// Turns byte offsets in a template's UTF-8 source into 1-based line and column numbers.
///
/// The engine reports positions in .NET string indexes (`mustachio.md` §8): lines are counted by `\n` only (a `\r`
/// is an ordinary character), and the column counts UTF-16 code units from the start of the line. Offsets are usually
/// asked for in increasing order, so the locator walks forward from the last answer and restarts only when asked for
/// an earlier offset.
struct SourceLocator {
    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The line and column of the character starting at `target`.
    mutating func location(of target: Int) -> (line: Int, column: Int) {
        if target < offset {
            offset = 0
            line = 1
            column = 1
        }
        while offset < target {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // A lead byte: one UTF-16 unit, two for a 4-byte sequence (a surrogate pair).
                column += byte >= 0xF0 ? 2 : 1
            }
            offset += 1
        }
        return (line, column)
    }
}

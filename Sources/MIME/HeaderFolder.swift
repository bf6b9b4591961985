/// Folds header fields (RFC 5322 §2.2.3) and checks line limits (RFC 5322 §2.1.1).
///
/// A field value is given as *pieces*: each piece after the first starts with whitespace,
/// and folding happens only between pieces by inserting CRLF before that whitespace, so
/// unfolding (removing every CRLF that precedes WSP) gives back the exact value.
enum HeaderFolder {
    /// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters, excluding CRLF.
    static let softLimit = 78
    /// RFC 5322 §2.1.1: lines MUST be at most 998 characters, excluding CRLF.
    static let hardLimit = 998

    /// `Name: value` folded, lines joined with CRLF, without the final CRLF.
    ///
    /// Greedy: a piece moves to a new line when it would push the current line past 78
    /// octets. The first piece always stays on the `Name:` line: an empty first line makes
    /// readers such as Python's email package keep the folding whitespace as part of the
    /// value. Pieces that are only whitespace are never moved to a line of their own
    /// (RFC 5322 §3.2.2 forbids lines made only of whitespace).
    static func fold(name: String, pieces: [String]) -> String {
        var out = name + ":"
        let nameLength = out.utf8.count
        var lineLength = nameLength
        var onNameLine = true
        for piece in pieces {
            let length = piece.utf8.count
            let startsWithSpace = piece.first == " " || piece.first == "\t"
            let onlySpace = piece.allSatisfy { $0 == " " || $0 == "\t" }
            let nothingAfterName = onNameLine && lineLength == nameLength
            if lineLength + length > softLimit, startsWithSpace, !onlySpace, !nothingAfterName {
                out += "\r\n"
                lineLength = 0
                onNameLine = false
            }
            out += piece
            lineLength += length
        }
        return out
    }

    /// Splits `value` into pieces at whitespace: each piece is a run of whitespace followed
    /// by a run of non-whitespace (the first may have no leading whitespace); trailing
    /// whitespace joins the last piece. Joining the pieces gives back `value`.
    static func pieces(splittingAtWhitespace value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inWord = false
        for scalar in value.unicodeScalars {
            let isSpace = scalar == " " || scalar == "\t"
            if isSpace && inWord {
                pieces.append(current)
                current = ""
                inWord = false
            }
            if !isSpace { inWord = true }
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty {
            if !inWord, !pieces.isEmpty {
                pieces[pieces.count - 1] += current
            } else {
                pieces.append(current)
            }
        }
        return pieces
    }

    /// The longest line of a folded field, in octets.
    static func longestLine(_ folded: String) -> Int {
        var longest = 0
        var current = 0
        var previous: UInt8 = 0
        for byte in folded.utf8 {
            if byte == 0x0A, previous == 0x0D {
                longest = max(longest, current - 1)
                current = 0
            } else {
                current += 1
            }
            previous = byte
        }
        return max(longest, current)
    }
}

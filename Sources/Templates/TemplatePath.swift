/// A model path as written in a tag: names separated by `.`, optionally preceded by `../` (`mustachio.md` §4).
struct TemplatePath: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        /// `../`: move to the parent context (ignored at the root).
        case parent
        /// A key looked up in the current value if it is an object.
        case key(String)
    }

    /// The path as written, whitespace trimmed; used in error messages.
    let text: String
    let segments: [Segment]
    /// Number of `../` before the first name, when no `../` follows a name.
    let leadingParents: Int
    /// The names after the leading `../`, when no `../` follows a name.
    let keys: [String]
    /// True when every `../` comes before every name, so a lookup never needs the intermediate contexts.
    let isSimple: Bool

    /// Splits a path the way the engine does: `../` (or `..\`) is a parent step, every run of characters other than
    /// `.` is a name, lone dots separate. `.` and the empty path have no segments and mean the current context; a
    /// key that contains a dot can never be reached.
    init(_ text: String) {
        self.text = text
        let characters = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var index = 0
        while index < characters.count {
            if characters[index] == ".", index + 2 < characters.count, characters[index + 1] == ".",
               characters[index + 2] == "/" || characters[index + 2] == "\\"
            {
                segments.append(.parent)
                index += 3
            } else if characters[index] == "." {
                index += 1
            } else {
                var end = index
                while end < characters.count, characters[end] != "." { end += 1 }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: characters[index..<end])
                segments.append(.key(String(name)))
                index = end
            }
        }
        self.segments = segments
        var parents = 0
        var keys: [String] = []
        var simple = true
        for segment in segments {
            switch segment {
            case .parent:
                if keys.isEmpty { parents += 1 } else { simple = false }
            case .key(let name):
                keys.append(name)
            }
        }
        self.leadingParents = parents
        self.keys = keys
        self.isSimple = simple
    }

    /// Whether the engine accepts `text` as a path (`mustachio.md` §4, "Syntax"). Rejected are: a character other
    /// than a word character, `.` or `/`; three or more dots in a row; a `/` not directly after `..`; `..` not
    /// followed by `/`. Word characters are .NET's `\w` (letters, non-spacing marks, decimal digits, connector
    /// punctuation such as `_`), judged per UTF-16 unit, so characters above U+FFFF are never word characters.
    static func isValid(_ text: String) -> Bool {
        let characters = Array(text.unicodeScalars)
        var dots = 0
        for character in characters {
            if character == "." {
                dots += 1
                if dots >= 3 { return false }
                continue
            }
            if character == "/" {
                if dots != 2 { return false }
            } else {
                if dots >= 2 { return false }
                if !isWordCharacter(character) { return false }
            }
            dots = 0
        }
        return dots < 2
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value)
                || (0x61...0x7A).contains(value) || value == 0x5F
        }
        guard scalar.value <= 0xFFFF else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .decimalNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}

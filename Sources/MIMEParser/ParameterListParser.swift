/// Splits `value *(";" parameter)` (RFC 2045 §5.1) into the leading value and raw
/// `attribute=value` items, tolerating what real mail contains:
/// - comments `( ... )` before and after tokens (RFC 2045 §5.1 allows CFWS; RFC 822 §3.4.3);
/// - quoted-strings with quoted-pairs (RFC 5322 §3.2.4), an unterminated one runs to the end;
/// - unquoted values containing spaces or tspecials up to the next `;` (as Python does);
/// - missing values and empty items are skipped.
enum ParameterListParser {
    struct RawParameter: Equatable {
        /// Lowercased attribute as written, `*` suffixes included (`filename*0*`).
        var attribute: String
        var value: String
        var wasQuoted: Bool
    }

    /// Splits an unfolded field value.
    static func split(_ text: String) -> (value: String, parameters: [RawParameter]) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var leading = String.UnicodeScalarView()
        // The leading value (e.g. `text/plain`) runs to the first ";" outside quotes/comments.
        while i < scalars.count, scalars[i] != ";" {
            if scalars[i] == "(" {
                skipComment(scalars, &i)
                leading.append(" ")
                continue
            }
            if scalars[i] == "\"" {
                leading.append(contentsOf: readQuoted(scalars, &i).unicodeScalars)
                continue
            }
            leading.append(scalars[i])
            i += 1
        }
        var parameters: [RawParameter] = []
        while i < scalars.count {
            i += 1 // ";"
            skipSpaceAndComments(scalars, &i)
            var attribute = String.UnicodeScalarView()
            while i < scalars.count, scalars[i] != "=", scalars[i] != ";" {
                if scalars[i] == "(" { skipComment(scalars, &i); continue }
                attribute.append(scalars[i])
                i += 1
            }
            let name = ASCII.lowercased(ASCII.trimmed(String(attribute)))
            guard i < scalars.count, scalars[i] == "=" else { continue } // no value: ignored
            i += 1
            skipSpaceAndComments(scalars, &i)
            var value: String
            var quoted = false
            if i < scalars.count, scalars[i] == "\"" {
                quoted = true
                value = readQuoted(scalars, &i)
                // Anything after the closing quote up to ";" is ignored (comments, junk).
                while i < scalars.count, scalars[i] != ";" {
                    if scalars[i] == "(" { skipComment(scalars, &i) } else { i += 1 }
                }
            } else {
                var raw = String.UnicodeScalarView()
                var lastWasSpace = true
                while i < scalars.count, scalars[i] != ";" {
                    // A comment is only recognised after whitespace, so `report(1).pdf` survives.
                    if scalars[i] == "(", lastWasSpace {
                        skipComment(scalars, &i)
                        continue
                    }
                    lastWasSpace = scalars[i] == " " || scalars[i] == "\t"
                    raw.append(scalars[i])
                    i += 1
                }
                value = ASCII.trimmed(String(raw))
            }
            if !name.isEmpty {
                parameters.append(RawParameter(attribute: name, value: value, wasQuoted: quoted))
            }
        }
        return (ASCII.trimmed(String(leading)), parameters)
    }

    /// Reads a quoted-string starting at the opening quote; returns its content with
    /// quoted-pairs resolved.
    static func readQuoted(_ scalars: [Unicode.Scalar], _ i: inout Int) -> String {
        var out = String.UnicodeScalarView()
        i += 1
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if c == "\"" { return String(out) }
            if c == "\\", i < scalars.count {
                out.append(scalars[i])
                i += 1
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// Skips a (nested) comment starting at "(" (RFC 5322 §3.2.2).
    static func skipComment(_ scalars: [Unicode.Scalar], _ i: inout Int) {
        var depth = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            switch c {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return }
            case "\\": i += 1
            default: break
            }
        }
    }

    private static func skipSpaceAndComments(_ scalars: [Unicode.Scalar], _ i: inout Int) {
        while i < scalars.count {
            if scalars[i] == " " || scalars[i] == "\t" {
                i += 1
            } else if scalars[i] == "(" {
                skipComment(scalars, &i)
            } else {
                return
            }
        }
    }
}

/// Every Mustache spec test whose outcome under Mustachio differs from the spec's expected output, with what
/// Mustachio produces and why (restated from `testdata/mustachio-compat/spec-under-mustachio.json`, whose summary is
/// in `reference/mustachio.md` §12). `MustacheSpecTests` asserts these expectations instead of the spec's, and checks
/// that this list and the compat data agree.
struct SpecDifference: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Renders, but to this text.
        case output(String)
        /// Fails to parse with this message among its errors.
        case parseError(String)
    }

    var file: String
    var name: String
    var outcome: Outcome
    var reason: String

    static let standalone = "standalone tag lines are not removed"
    static let noParentLookup = "no implicit lookup in enclosing contexts"
    static let noIteration = "sections do not iterate arrays"
    static let sameNameNesting = "a section nested in a section of the same name is read as close-and-reopen"

    static let all: [SpecDifference] = [
        SpecDifference(file: "comments", name: "Standalone", outcome: .output("Begin.\n\nEnd.\n"), reason: standalone),
        SpecDifference(file: "comments", name: "Indented Standalone", outcome: .output("Begin.\n  \nEnd.\n"), reason: standalone),
        SpecDifference(file: "comments", name: "Standalone Line Endings", outcome: .output("|\r\n\r\n|"), reason: standalone),
        SpecDifference(file: "comments", name: "Standalone Without Previous Line", outcome: .output("  \n!"), reason: standalone),
        SpecDifference(file: "comments", name: "Standalone Without Newline", outcome: .output("!\n  "), reason: standalone),
        SpecDifference(file: "comments", name: "Multiline Standalone", outcome: .output("Begin.\n\nEnd.\n"), reason: standalone),
        SpecDifference(file: "comments", name: "Indented Multiline Standalone", outcome: .output("Begin.\n  \nEnd.\n"), reason: standalone),
        SpecDifference(file: "inverted", name: "Doubled", outcome: .output("\n* first\n\n* second\n\n* third\n\n"), reason: standalone),
        SpecDifference(file: "inverted", name: "Nested (Falsey)", outcome: .parseError("It appears that open and closing elements are mismatched."), reason: sameNameNesting),
        SpecDifference(file: "inverted", name: "Nested (Truthy)", outcome: .parseError("It appears that open and closing elements are mismatched."), reason: sameNameNesting),
        SpecDifference(file: "inverted", name: "Standalone Lines", outcome: .output("| This Is\n\n|\n\n| A Line\n"), reason: standalone),
        SpecDifference(file: "inverted", name: "Standalone Indented Lines", outcome: .output("| This Is\n  \n|\n  \n| A Line\n"), reason: standalone),
        SpecDifference(file: "inverted", name: "Standalone Line Endings", outcome: .output("|\r\n\r\n\r\n|"), reason: standalone),
        SpecDifference(file: "inverted", name: "Standalone Without Previous Line", outcome: .output("  \n^\n/"), reason: standalone),
        SpecDifference(file: "inverted", name: "Standalone Without Newline", outcome: .output("^\n/\n  "), reason: standalone),
        SpecDifference(file: "sections", name: "Parent contexts", outcome: .output("\", bar, \""), reason: noParentLookup),
        SpecDifference(file: "sections", name: "Variable test", outcome: .output("\"bar is \""), reason: noParentLookup),
        SpecDifference(file: "sections", name: "List Contexts", outcome: .output(""), reason: noIteration),
        SpecDifference(file: "sections", name: "Deeply Nested Contexts", outcome: .output("\n1\n\n1\n\n"), reason: noParentLookup),
        SpecDifference(file: "sections", name: "List", outcome: .output("\"\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Doubled", outcome: .output("\n* first\n\n* second\n\n* third\n\n"), reason: standalone),
        SpecDifference(file: "sections", name: "Nested (Truthy)", outcome: .parseError("It appears that open and closing elements are mismatched."), reason: sameNameNesting),
        SpecDifference(file: "sections", name: "Nested (Falsey)", outcome: .parseError("It appears that open and closing elements are mismatched."), reason: sameNameNesting),
        SpecDifference(file: "sections", name: "Implicit Iterator - String", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - Integer", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - Decimal", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - Array", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - HTML Escaping", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - Triple mustache", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - Ampersand", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Implicit Iterator - Root-level", outcome: .output("\"()\""), reason: noIteration),
        SpecDifference(file: "sections", name: "Standalone Lines", outcome: .output("| This Is\n\n|\n\n| A Line\n"), reason: standalone),
        SpecDifference(file: "sections", name: "Indented Standalone Lines", outcome: .output("| This Is\n  \n|\n  \n| A Line\n"), reason: standalone),
        SpecDifference(file: "sections", name: "Standalone Line Endings", outcome: .output("|\r\n\r\n\r\n|"), reason: standalone),
        SpecDifference(file: "sections", name: "Standalone Without Previous Line", outcome: .output("  \n#\n/"), reason: standalone),
        SpecDifference(file: "sections", name: "Standalone Without Newline", outcome: .output("#\n/\n  "), reason: standalone),
    ]
}

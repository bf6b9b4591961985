/// Why a template could not be parsed or rendered.
///
/// Parse errors are collected, not just the first (`mustachio.md` §8): `diagnostics` holds every one, ordered by
/// line and then column (ties keep discovery order); `message`, `line` and `column` repeat the first. Lines and
/// columns are 1-based and point at the `{` that starts the offending tag. Columns count UTF-16 code units from the
/// start of the line, as the engine's .NET string indexes do, so a character outside the BMP counts as two.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An extensible error code.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The template text is not valid Mustachio (`mustachio.md` §8; Postmark ErrorCode 1122 on save).
        public static let parse = Kind("parse")
        /// Rendering failed with this model: `{{#each}}` over a non-array (`mustachio.md` §5, §8).
        public static let render = Kind("render")
        /// A layout does not contain `{{{ @content }}}` exactly once (`mustachio.md` §9; ErrorCode 1131).
        public static let layout = Kind("layout")
    }

    /// One problem at one place; what `/templates/validate` returns as a `ValidationErrors` item
    /// (`{"Message", "Line", "CharacterPosition"}`, `mustachio.md` §10).
    public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
        public var kind: Kind
        public var message: String
        /// 1-based; nil when the problem has no single place (a layout without its placeholder).
        public var line: Int?
        /// 1-based, in UTF-16 code units; nil when `line` is nil.
        public var column: Int?

        public init(kind: Kind, message: String, line: Int?, column: Int?) {
            self.kind = kind
            self.message = message
            self.line = line
            self.column = column
        }

        public var description: String {
            guard let line, let column else { return message }
            return "\(line):\(column): \(message)"
        }
    }

    /// `.parse` when any engine parse error is present, else the kind of the first diagnostic.
    public var kind: Kind
    /// Every problem found, sorted by position; never empty.
    public var diagnostics: [Diagnostic]

    public var message: String { diagnostics[0].message }
    public var line: Int? { diagnostics[0].line }
    public var column: Int? { diagnostics[0].column }

    /// An error from one or more diagnostics, which are sorted by line then column, stably (`mustachio.md` §8).
    /// Diagnostics without a position sort last.
    init(_ diagnostics: [Diagnostic]) {
        precondition(!diagnostics.isEmpty, "TemplateError needs at least one diagnostic")
        let sorted = diagnostics.enumerated().sorted { left, right in
            let l = (left.element.line ?? .max, left.element.column ?? .max, left.offset)
            let r = (right.element.line ?? .max, right.element.column ?? .max, right.offset)
            return l < r
        }.map(\.element)
        self.diagnostics = sorted
        self.kind = sorted.contains { $0.kind == .parse } ? .parse : sorted[0].kind
    }

    init(kind: Kind, message: String, line: Int?, column: Int?) {
        self.init([Diagnostic(kind: kind, message: message, line: line, column: column)])
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

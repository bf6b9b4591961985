/// Turns template text into a node tree, collecting every parse error (`mustachio.md` §2–§5, §8, §9).
///
/// Tags are classified by how their text starts, in the engine's order: the layout placeholder and the unsubscribe
/// placeholder, then `{{#each`, `{{/each`, `{{#`, `{{^`, `{{/`, `{{{` or `{{&`, `{{!`, and finally a plain
/// `{{ value }}`. Blocks are matched with a stack of open blocks keyed by their trimmed path (an `each` block by its
/// whole opening tag), which reproduces the engine's quirks: re-opening the innermost block's own path closes it and
/// opens a new block (the if/else form, §5), and a tag that merely starts with `{{#each` is an each block.
struct Parser {
    /// A block whose closing tag has not been seen yet.
    private struct Block {
        enum Kind { case section, inverted, each }

        var kind: Kind
        /// What a closing or re-opening tag is compared with.
        var key: String
        var path: TemplatePath
        /// Where the block was first opened; a re-opened block keeps its first position, as the engine does.
        var line: Int
        var column: Int
        var nodes: [Node] = []
    }

    private let bytes: [UInt8]
    private let type: TemplateType
    private var locator: SourceLocator
    private var diagnostics: [TemplateError.Diagnostic] = []
    private var stack: [Block] = []
    private var root: [Node] = []
    private var placeholders = 0

    private static let braces: Set<Unicode.Scalar> = ["{", "}"]

    /// Parses `source`; throws with every problem found when there is any.
    static func parse(_ source: String, type: TemplateType) throws(TemplateError) -> [Node] {
        var parser = Parser(bytes: Array(source.utf8), type: type)
        return try parser.run()
    }

    private init(bytes: [UInt8], type: TemplateType) {
        self.bytes = bytes
        self.type = type
        self.locator = SourceLocator(bytes)
    }

    private mutating func run() throws(TemplateError) -> [Node] {
        var scanner = TagScanner(bytes)
        var textStart = 0
        while let tag = scanner.next() {
            appendText(textStart..<tag.range.lowerBound)
            handle(tag)
            textStart = tag.range.upperBound
        }
        appendText(textStart..<bytes.count)
        // §8: each block still open is reported at its opening tag, outermost first.
        for block in stack {
            var shown = block.key.trimming(leading: ["{", "#", "}"], trailing: ["{", "#", "}"])
            if shown.hasPrefix("each ") { shown.removeFirst(5) }
            report(Messages.unclosed(shown), line: block.line, column: block.column)
        }
        // §9: a layout has the placeholder exactly once.
        if type == .layout, placeholders == 0 {
            diagnostics.append(.init(kind: .layout, message: Messages.layoutWithoutContent, line: nil, column: nil))
        }
        if !diagnostics.isEmpty { throw TemplateError(diagnostics) }
        return root
    }

    private mutating func handle(_ tag: TagScanner.Tag) {
        let text = String(decoding: bytes[tag.range], as: UTF8.self)
        let (line, column) = locator.location(of: tag.range.lowerBound)
        if tag.isTriple {
            let inside = text.trimming(leading: Self.braces, trailing: Self.braces).trimmingWhitespace()
            if type == .layout, inside == "@content" {
                placeholders += 1
                if placeholders > 1 {
                    diagnostics.append(
                        .init(kind: .layout, message: Messages.layoutRepeatedContent, line: line, column: column))
                }
                append(.content)
                return
            }
            if inside == "pm:unsubscribe" {
                // §3: Postmark fills this in on broadcast streams; kept verbatim for the stage that knows the URL.
                appendText(tag.range)
                return
            }
        }
        if text.hasPrefix("{{#each") {
            openEach(text, line: line, column: column)
        } else if text.hasPrefix("{{/each") {
            closeEach(text, line: line, column: column)
        } else if text.hasPrefix("{{#") {
            open(.section, token: token(of: text, marker: "#"), line: line, column: column)
        } else if text.hasPrefix("{{^") {
            open(.inverted, token: token(of: text, marker: "^"), line: line, column: column)
        } else if text.hasPrefix("{{/") {
            close(token: token(of: text, marker: "/"), line: line, column: column)
        } else if text.hasPrefix("{{{") || text.hasPrefix("{{&") {
            let path = validated(token(of: text, marker: "&"), line: line, column: column)
            append(.value(path, escaped: false))
        } else if text.hasPrefix("{{!") {
            // §2: comments are dropped.
        } else {
            let path = validated(token(of: text, marker: nil), line: line, column: column)
            append(.value(path, escaped: true))
        }
    }

    /// The tag text without its braces, then without leading `marker` characters, then without white space.
    private func token(of text: String, marker: Unicode.Scalar?) -> String {
        let inside = text.trimming(leading: Self.braces, trailing: Self.braces)
        guard let marker else { return inside.trimmingWhitespace() }
        return inside.trimming(leading: [marker], trailing: []).trimmingWhitespace()
    }

    /// §5: `{{#path}}` / `{{^path}}`; re-opening the innermost block's own path closes it first (if/else).
    private mutating func open(_ kind: Block.Kind, token: String, line: Int, column: Int) {
        var position = (line: line, column: column)
        if let top = stack.last, top.key == token {
            _ = validated(token, line: line, column: column)
            position = (top.line, top.column)
            popBlock()
        }
        let path = validated(token, line: line, column: column)
        stack.append(Block(kind: kind, key: token, path: path, line: position.line, column: position.column))
    }

    private mutating func close(token: String, line: Int, column: Int) {
        guard let top = stack.last, top.key == token else {
            report(Messages.mismatchedClose, line: line, column: column)
            return
        }
        _ = validated(token, line: line, column: column)
        popBlock()
    }

    /// §5: `{{#each path}}` needs a space and a path after `each`; anything starting `{{#each` is an each block.
    private mutating func openEach(_ text: String, line: Int, column: Int) {
        // The token starts with "each"; what follows must be a space and a path.
        let token = String(String.UnicodeScalarView(self.token(of: text, marker: "#").unicodeScalars.dropFirst(4)))
        var path = TemplatePath("")
        if token.unicodeScalars.first == " ", !token.trimmingWhitespace().isEmpty {
            path = validated(token, line: line, column: column)
        } else {
            report(Messages.eachWithoutPath, line: line, column: column)
        }
        stack.append(Block(kind: .each, key: text, path: path, line: line, column: column))
    }

    /// §5: only the exact text `{{/each}}` closes an each block.
    private mutating func closeEach(_ text: String, line: Int, column: Int) {
        if text != "{{/each}}" {
            report(Messages.badEachClose, line: line, column: column)
        } else if stack.last?.kind == .each {
            popBlock()
        } else {
            report(Messages.eachCloseWithoutOpen, line: line, column: column)
        }
    }

    private mutating func popBlock() {
        let block = stack.removeLast()
        switch block.kind {
        case .section: append(.section(block.path, body: block.nodes))
        case .inverted: append(.inverted(block.path, body: block.nodes))
        case .each: append(.each(block.path, body: block.nodes, line: block.line, column: block.column))
        }
    }

    /// §4: the path, after reporting it at the tag when it is not valid.
    private mutating func validated(_ token: String, line: Int, column: Int) -> TemplatePath {
        let trimmed = token.trimmingWhitespace()
        if !TemplatePath.isValid(trimmed) {
            report(Messages.invalidPath(trimmed), line: line, column: column)
        }
        return TemplatePath(trimmed)
    }

    private mutating func report(_ message: String, line: Int, column: Int) {
        diagnostics.append(.init(kind: .parse, message: message, line: line, column: column))
    }

    private mutating func append(_ node: Node) {
        if stack.isEmpty {
            root.append(node)
        } else {
            stack[stack.count - 1].nodes.append(node)
        }
    }

    /// Appends source bytes as text, merged with a preceding text node (comments leave text runs side by side).
    private mutating func appendText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if stack.isEmpty {
            Self.appendText(bytes[range], to: &root)
        } else {
            Self.appendText(bytes[range], to: &stack[stack.count - 1].nodes)
        }
    }

    private static func appendText(_ text: ArraySlice<UInt8>, to nodes: inout [Node]) {
        if case .text(var previous) = nodes.last {
            nodes.removeLast()
            previous.append(contentsOf: text)
            nodes.append(.text(previous))
        } else {
            nodes.append(.text(Array(text)))
        }
    }
}

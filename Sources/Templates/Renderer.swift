/// Renders a node tree against a model into one byte buffer (`mustachio.md` §4–§7).
///
/// Contexts form a chain that follows the path, not the block nesting (§4): looking up `a.b` makes a context for
/// `a` (parent: where the lookup started) and one for `b` (parent: `a`); `../` steps to the parent and is ignored at
/// the root; inside `{{#each}}` an element's parent is the array. The chain lives in one array of frames, pushed
/// while a block renders and truncated after, so rendering allocates little beyond the output.
struct Renderer {
    private struct Frame {
        var value: TemplateValue
        /// Index of the parent frame; -1 for the root.
        var parent: Int
    }

    private var frames: [Frame] = []
    private var output: [UInt8] = []
    private let escaping: Escaping

    init(escaping: Escaping, capacity: Int) {
        self.escaping = escaping
        output.reserveCapacity(capacity)
        frames.reserveCapacity(16)
    }

    /// Renders `nodes` with `model` as the root context.
    mutating func render(_ nodes: [Node], model: TemplateValue) throws(TemplateError) -> String {
        frames.append(Frame(value: model, parent: -1))
        try render(nodes, context: 0)
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func render(_ nodes: [Node], context: Int) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .value(let path, let escaped):
                print(lookup(path, from: context), escaped: escaped && escaping == .html)
            case .section(let path, let body):
                // §5: a truthy value renders the body once, with the value as the context; arrays do not loop.
                let mark = frames.count
                let target = resolve(path, from: context)
                if frames[target].value.isTruthy { try render(body, context: target) }
                frames.removeSubrange(mark...)
            case .inverted(let path, let body):
                // §5: a falsy or missing value renders the body, with that value as the context.
                let mark = frames.count
                let target = resolve(path, from: context)
                if !frames[target].value.isTruthy { try render(body, context: target) }
                frames.removeSubrange(mark...)
            case .each(let path, let body, let line, let column):
                let mark = frames.count
                let target = resolve(path, from: context)
                try renderEach(path, body: body, array: target, line: line, column: column)
                frames.removeSubrange(mark...)
            case .content:
                // A layout rendered on its own: the placeholder stands for content that is not there.
                break
            }
        }
    }

    /// §5: a falsy value renders nothing; a truthy value that is not an array is a render error.
    private mutating func renderEach(
        _ path: TemplatePath, body: [Node], array target: Int, line: Int, column: Int
    ) throws(TemplateError) {
        let value = frames[target].value
        guard value.isTruthy else { return }
        guard case .array(let items) = value else {
            throw TemplateError(kind: .render, message: Messages.notAnArray(path.text), line: line, column: column)
        }
        for item in items {
            frames.append(Frame(value: item, parent: target))
            try render(body, context: frames.count - 1)
            frames.removeLast()
        }
    }

    /// The frame `path` leads to from `context`, pushing a frame for every name on the way.
    private mutating func resolve(_ path: TemplatePath, from context: Int) -> Int {
        var current = context
        for segment in path.segments {
            switch segment {
            case .parent:
                let parent = frames[current].parent
                if parent >= 0 { current = parent }
            case .key(let name):
                frames.append(Frame(value: frames[current].value[name] ?? .null, parent: current))
                current = frames.count - 1
            }
        }
        return current
    }

    /// The value `path` leads to; without pushing frames when every `../` precedes every name.
    private mutating func lookup(_ path: TemplatePath, from context: Int) -> TemplateValue {
        guard path.isSimple else {
            let mark = frames.count
            let value = frames[resolve(path, from: context)].value
            frames.removeSubrange(mark...)
            return value
        }
        var current = context
        for _ in 0..<path.leadingParents {
            let parent = frames[current].parent
            if parent >= 0 { current = parent }
        }
        var value = frames[current].value
        for name in path.keys {
            guard let next = value[name] else { return .null }
            value = next
        }
        return value
    }

    /// §7: strings, numbers and booleans print; null, arrays and objects print nothing.
    private mutating func print(_ value: TemplateValue, escaped: Bool) {
        if case .string(let text) = value {
            if escaped {
                HTMLEncoder.append(text, to: &output)
            } else {
                output.append(contentsOf: text.utf8)
            }
        } else if let text = ValuePrinter.text(of: value) {
            // Booleans and numbers print ASCII with nothing to encode.
            output.append(contentsOf: text.utf8)
        }
    }
}

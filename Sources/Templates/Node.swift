/// One element of a parsed template. A template is parsed once into a tree of nodes and rendered by walking it.
indirect enum Node: Sendable {
    /// Text copied to the output unchanged (`mustachio.md` §2).
    case text([UInt8])
    /// `{{ path }}` (escaped) or `{{{ path }}}` / `{{& path }}` (raw) (§3, §7).
    case value(TemplatePath, escaped: Bool)
    /// `{{#path}}…{{/path}}`: rendered once with the value as context when it is truthy (§5).
    case section(TemplatePath, body: [Node])
    /// `{{^path}}…{{/path}}`: rendered when the value is falsy, with that value as context (§5).
    case inverted(TemplatePath, body: [Node])
    /// `{{#each path}}…{{/each}}`: rendered once per array element; `line`/`column` locate the opening tag for the
    /// render-time error (§5, §8).
    case each(TemplatePath, body: [Node], line: Int, column: Int)
    /// `{{{ @content }}}` in a layout: where the Standard template goes (§9).
    case content
}

extension Array where Element == Node {
    /// This tree with every `.content` placeholder replaced by `content`'s nodes, spliced in place so they render in
    /// the scope where the placeholder sits (`mustachio.md` §9: the Standard template's tokens replace it).
    func splicing(_ content: [Node]) -> [Node] {
        var result: [Node] = []
        result.reserveCapacity(count + content.count)
        for node in self {
            switch node {
            case .content:
                result.append(contentsOf: content)
            case .section(let path, let body):
                result.append(.section(path, body: body.splicing(content)))
            case .inverted(let path, let body):
                result.append(.inverted(path, body: body.splicing(content)))
            case .each(let path, let body, let line, let column):
                result.append(.each(path, body: body.splicing(content), line: line, column: column))
            case .text, .value:
                result.append(node)
            }
        }
        return result
    }
}

/// The tree of paths behind `SuggestedModel` (`mustachio.md` §11), stored as an array of entries that refer to
/// each other by index.
struct InferenceTree {
    /// How a path was used.
    struct Usage: OptionSet {
        let rawValue: UInt8
        /// `{{x}}`, `{{{x}}}`, `{{& x}}`, `{{.}}`.
        static let value = Usage(rawValue: 1)
        /// `{{#x}}`, `{{^x}}`.
        static let block = Usage(rawValue: 2)
        /// `{{#each x}}`.
        static let collection = Usage(rawValue: 4)
    }

    private struct Entry {
        var key: String
        var parent: Int
        var usage: Usage = []
        var children: [Int] = []
        var childByKey: [String: Int] = [:]
    }

    static let root = 0
    private var entries = [Entry(key: "", parent: -1)]

    /// Records every path in `nodes`, resolved from the entry `scope`.
    mutating func record(_ nodes: [Node], scope: Int) {
        for node in nodes {
            switch node {
            case .text, .content:
                continue
            case .value(let path, _):
                entries[resolve(path, from: scope)].usage.insert(.value)
            case .section(let path, let body), .inverted(let path, let body):
                let entry = resolve(path, from: scope)
                entries[entry].usage.insert(.block)
                record(body, scope: entry)
            case .each(let path, let body, _, _):
                let entry = resolve(path, from: scope)
                entries[entry].usage.insert(.collection)
                record(body, scope: entry)
            }
        }
    }

    /// The entry for `path` from `scope`, creating entries for names not seen yet.
    private mutating func resolve(_ path: TemplatePath, from scope: Int) -> Int {
        var current = scope
        for segment in path.segments {
            switch segment {
            case .parent:
                let parent = entries[current].parent
                if parent >= 0 { current = parent }
            case .key(let name):
                if let child = entries[current].childByKey[name] {
                    current = child
                } else {
                    entries.append(Entry(key: name, parent: current))
                    let child = entries.count - 1
                    entries[current].children.append(child)
                    entries[current].childByKey[name] = child
                    current = child
                }
            }
        }
        return current
    }

    /// The suggested model: always an object at the root.
    func suggestion() -> TemplateValue {
        .object(children(of: Self.root))
    }

    private func representation(of index: Int) -> TemplateValue {
        let entry = entries[index]
        if entry.usage == .value {
            return .string(entry.key + "_Value")
        }
        if entry.usage.contains(.collection) {
            if entry.children.isEmpty {
                return .array((1...3).map { .string("\(entry.key)_\($0)") })
            }
            return .array([.object(children(of: index))])
        }
        return .object(children(of: index))
    }

    private func children(of index: Int) -> TemplateObject {
        TemplateObject(entries[index].children.map {
            TemplateObject.Member(key: entries[$0].key, value: representation(of: $0))
        })
    }
}

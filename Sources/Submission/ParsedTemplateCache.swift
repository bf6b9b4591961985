import Synchronization
import Templates

/// Parsed templates by source text and type, so that sending with a stored template does not parse it again for
/// every message. Keyed by the text itself, an edited template is simply a new entry: nothing to invalidate, on
/// one node or many. Bounded: when full it starts over.
public final class ParsedTemplateCache: Sendable {
    private struct Key: Hashable, Sendable {
        var source: String
        var type: TemplateType
    }

    private let entries = Mutex<[Key: Template]>([:])
    private let capacity: Int

    public init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The parsed template, from the cache or parsed now (parse errors are not cached).
    public func template(_ source: String, type: TemplateType) throws(TemplateError) -> Template {
        let key = Key(source: source, type: type)
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let parsed = try Template.parse(source, type: type)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = parsed
        }
        return parsed
    }
}

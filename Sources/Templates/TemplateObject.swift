/// A JSON object whose members keep their order.
///
/// Key lookup is exact and case-sensitive, as in the engine (`mustachio.md` §4: "Keys are matched exactly"; whether
/// hosted Postmark ignores case is listed as unsure in §14.5). A key containing a dot can be stored but never reached
/// by a template path. Duplicate keys collapse on construction: the last value wins, at the first key's position,
/// like a JSON deserializer that fills a dictionary.
public struct TemplateObject: Sendable, Hashable, RandomAccessCollection {
    /// One key/value pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: TemplateValue

        public init(key: String, value: TemplateValue) {
            self.key = key
            self.value = value
        }
    }

    /// Members in order, keys unique.
    public private(set) var members: [Member]
    /// Key → position, built only for larger objects; small ones are scanned linearly.
    private var index: [String: Int]?

    private static let indexThreshold = 12

    /// The empty object.
    public init() {
        members = []
        index = nil
    }

    /// An object from ordered members; for a repeated key the last value wins at the first position.
    public init(_ members: some Sequence<Member>) {
        var unique: [Member] = []
        var positions: [String: Int] = [:]
        for member in members {
            if let existing = positions[member.key] {
                unique[existing].value = member.value
            } else {
                positions[member.key] = unique.count
                unique.append(member)
            }
        }
        self.members = unique
        self.index = unique.count > Self.indexThreshold ? positions : nil
    }

    /// An object from ordered key/value pairs.
    public init(_ pairs: [(String, TemplateValue)]) {
        self.init(pairs.lazy.map { Member(key: $0.0, value: $0.1) })
    }

    /// The value stored under exactly `key`.
    public subscript(key: String) -> TemplateValue? {
        get {
            if let index {
                return index[key].map { members[$0].value }
            }
            for member in members where member.key == key {
                return member.value
            }
            return nil
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    var rest = members
                    rest.remove(at: position)
                    self = TemplateObject(rest)
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
                if index != nil {
                    index?[key] = members.count - 1
                } else if members.count > Self.indexThreshold {
                    self = TemplateObject(members)
                }
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        lhs.members == rhs.members
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members)
    }
}

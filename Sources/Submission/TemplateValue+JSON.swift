import PostmarkWire
import Templates

extension TemplateValue {
    /// A `TemplateModel` from the request's JSON: integers and other numbers stay apart (they print differently),
    /// objects keep their member order and a repeated key keeps its last value.
    public init(json: JSONValue) {
        self.init(converting: json) { node -> Shape<JSONValue> in
            switch node {
            case .null: .null
            case .bool(let flag): .bool(flag)
            case .integer(let value): .integer(value)
            case .number(let value): .number(value)
            case .string(let text): .string(text)
            case .array(let items): .array(items)
            case .object(let object): .object(object.members.map { (key: $0.key, value: $0.value) })
            }
        }
    }
}

extension JSONValue {
    /// The wire form of a template value, e.g. a `SuggestedTemplateModel`.
    public init(_ value: TemplateValue) {
        self = value.converted { (shape: TemplateValue.Shape<JSONValue>) -> JSONValue in
            switch shape {
            case .null: .null
            case .bool(let flag): .bool(flag)
            case .integer(let value): .integer(value)
            case .number(let value): .number(value)
            case .string(let text): .string(text)
            case .array(let items): .array(items)
            case .object(let members):
                .object(JSONObject(members.map { JSONObject.Member(key: $0.key, value: $0.value) }))
            }
        }
    }
}

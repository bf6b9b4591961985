/// The parameters of a Content-Type or Content-Disposition field (RFC 2045 §5.1,
/// RFC 2183 §2), after RFC 2231 decoding: names are lowercased, continuations joined,
/// charsets applied. Order is the order of first appearance.
public struct MIMEParameters: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        /// Lowercased name without RFC 2231 `*` / `*N` suffixes.
        public var name: String
        public var value: String
        /// The RFC 2231 §5 language tag, if one was given.
        public var language: String?
    }

    public var parameters: [Parameter]

    public init(_ parameters: [Parameter] = []) {
        self.parameters = parameters
    }

    /// The value of `name` (case-insensitive).
    public subscript(_ name: String) -> String? {
        let lower = ASCII.lowercased(name)
        return parameters.first { $0.name == lower }?.value
    }

    public var isEmpty: Bool { parameters.isEmpty }

    /// Name/value pairs in order.
    public var pairs: [(name: String, value: String)] { parameters.map { ($0.name, $0.value) } }
}

/// The header section of a message or body part (RFC 5322 §2.2, RFC 2045 §3): fields in
/// their original order with case-insensitive look-up.
public struct HeaderSection: Sendable {
    /// Fields in order of appearance.
    public let fields: [HeaderField]
    /// From the first field to the end of the last field's line break (the separating blank
    /// line is not included). Empty when there are no fields.
    public let range: Range<Int>
    /// An mbox envelope line (`From sender date`) that preceded the fields, without its line
    /// break, and its range (line break included). It is not part of the RFC 5322 message.
    public let envelope: (line: String, range: Range<Int>)?

    init(fields: [HeaderField], range: Range<Int>, envelope: (line: String, range: Range<Int>)? = nil) {
        self.fields = fields
        self.range = range
        self.envelope = envelope
    }

    /// The first field named `name` (case-insensitive).
    public func field(_ name: String) -> HeaderField? {
        fields.first { $0.hasName(name) }
    }

    /// Every field named `name`, in order.
    public func fields(_ name: String) -> [HeaderField] {
        fields.filter { $0.hasName(name) }
    }

    /// The decoded value (``HeaderField/decodedValue``) of the first field named `name`.
    public subscript(_ name: String) -> String? {
        field(name)?.decodedValue
    }

    /// The decoded values of every field named `name`.
    public func values(_ name: String) -> [String] {
        fields(name).map(\.decodedValue)
    }

    public func contains(_ name: String) -> Bool {
        field(name) != nil
    }

    public var isEmpty: Bool { fields.isEmpty }
}

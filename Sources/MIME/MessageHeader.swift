/// One header field as a name and an unfolded, undecoded value.
public struct MessageHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

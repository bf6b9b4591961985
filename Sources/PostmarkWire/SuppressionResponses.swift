/// `GET /message-streams/{stream}/suppressions/dump` (reference 3.6).
public struct SuppressionDumpResponse: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var emailAddress: String
        public var suppressionReason: String
        public var origin: String
        public var createdAt: String

        public init(emailAddress: String, suppressionReason: String, origin: String, createdAt: String) {
            self.emailAddress = emailAddress
            self.suppressionReason = suppressionReason
            self.origin = origin
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case emailAddress = "EmailAddress", suppressionReason = "SuppressionReason", origin = "Origin"
            case createdAt = "CreatedAt"
        }
    }

    public var suppressions: [Entry]

    public init(suppressions: [Entry]) { self.suppressions = suppressions }

    enum CodingKeys: String, CodingKey { case suppressions = "Suppressions" }
}

/// `POST .../suppressions` and `POST .../suppressions/delete`: one status per requested address.
public struct SuppressionChangeResponse: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var emailAddress: String
        /// `Suppressed`, `Deleted` or `Failed`.
        public var status: String
        /// Null unless the change failed.
        public var message: String?

        public init(emailAddress: String, status: String, message: String?) {
            self.emailAddress = emailAddress
            self.status = status
            self.message = message
        }

        enum CodingKeys: String, CodingKey { case emailAddress = "EmailAddress", status = "Status", message = "Message" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(emailAddress, forKey: .emailAddress)
            try container.encode(status, forKey: .status)
            try container.encode(message, forKey: .message)  // explicit null, as Postmark sends
        }
    }

    public var suppressions: [Entry]

    public init(suppressions: [Entry]) { self.suppressions = suppressions }

    enum CodingKeys: String, CodingKey { case suppressions = "Suppressions" }
}

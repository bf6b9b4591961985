/// Credentials for AUTH PLAIN (RFC 4616, RFC 4954). The description never shows the password.
public struct SMTPCredentials: Hashable, Sendable, CustomStringConvertible {
    public var username: String
    public var password: String
    /// The identity to act as (`authzid`), usually empty.
    public var authorizationIdentity: String

    public init(username: String, password: String, authorizationIdentity: String = "") {
        self.username = username
        self.password = password
        self.authorizationIdentity = authorizationIdentity
    }

    /// RFC 4616 §2: `message = [authzid] UTF8NUL authcid UTF8NUL passwd`, base64-encoded as the
    /// initial response (RFC 4954 §4).
    public var plainInitialResponse: String {
        var message = Array(self.authorizationIdentity.utf8)
        message.append(0)
        message.append(contentsOf: self.username.utf8)
        message.append(0)
        message.append(contentsOf: self.password.utf8)
        return Base64.encode(message)
    }

    public var description: String { "SMTPCredentials(username: \(self.username), password: <redacted>)" }
}

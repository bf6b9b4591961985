/// The SASL PLAIN message (RFC 4616 §2):
///
/// ```
/// message   = [authzid] UTF8NUL authcid UTF8NUL passwd
/// authcid   = 1*SAFE ; MUST accept up to 255 octets
/// passwd    = 1*SAFE ; MUST accept up to 255 octets
/// SAFE      = UTF1 / UTF2 / UTF3 / UTF4 ; any UTF-8 except NUL
/// ```
struct PlainMessage: Sendable, Hashable {
    var authorizationIdentity: String
    var authenticationIdentity: String
    var password: String

    /// Returns nil unless the message has exactly three NUL-separated UTF-8 parts, the last two
    /// not empty.
    init?(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty,
              let authzid = String(validating: parts[0], as: UTF8.self),
              let authcid = String(validating: parts[1], as: UTF8.self),
              let password = String(validating: parts[2], as: UTF8.self)
        else { return nil }
        self.authorizationIdentity = authzid
        self.authenticationIdentity = authcid
        self.password = password
    }

    /// RFC 4616 §2: the server only acts as an identity other than the authenticated one when
    /// authorized to. Postage has no proxy authorization: the authzid is empty or the same.
    var authorizationIsSelf: Bool {
        self.authorizationIdentity.isEmpty || self.authorizationIdentity == self.authenticationIdentity
    }
}

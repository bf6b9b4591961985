/// The outcome of checking one DNS record a sender domain must publish.
public struct VerificationResult: Sendable, Equatable, CustomStringConvertible {
    /// The record is published as expected.
    public var verified: Bool
    /// Why not, in words an operator can act on; nil when verified.
    public var reason: String?
    /// The DNS could not answer (time-out, SERVFAIL, network): the caller keeps the state it had
    /// rather than marking the domain unverified. Never true when `verified` is.
    public var temporaryFailure: Bool

    public init(verified: Bool, reason: String? = nil, temporaryFailure: Bool = false) {
        self.verified = verified
        self.reason = reason
        self.temporaryFailure = temporaryFailure
    }

    public static let success = VerificationResult(verified: true)

    /// A definite "not published as expected".
    public static func failure(_ reason: String) -> VerificationResult {
        VerificationResult(verified: false, reason: reason)
    }

    /// A lookup that may succeed later.
    public static func temporaryFailure(_ reason: String) -> VerificationResult {
        VerificationResult(verified: false, reason: reason, temporaryFailure: true)
    }

    public var description: String {
        if verified { return "verified" }
        return (temporaryFailure ? "temporary failure: " : "not verified: ") + (reason ?? "no reason given")
    }
}

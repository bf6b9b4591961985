import MailCore

/// The Postmark bounce type once the permanent-or-temporary decision has been made, via
/// ``MailCore/BounceClassifier``.
enum Classification {
    static func type(permanent: Bool, smtpCode: Int?, status: String?, text: String) -> BounceType {
        if !permanent {
            // A delay: never a permanent type, whatever a 5.x.x in the text says.
            let transientStatus = status.flatMap { $0.hasPrefix("4") ? $0 : nil }
            return BounceClassifier.classify(smtpCode: 450, enhancedStatus: transientStatus, diagnostic: text).type
        }
        let verdict = BounceClassifier.classify(smtpCode: smtpCode, enhancedStatus: status, diagnostic: text)
        if verdict.type == .unknown {
            let lower = text.lowercased()
            if Text.containsAny(lower, extraUnknownUser) { return .hardBounce }
            if Text.containsAny(lower, extraMailboxFull) { return .softBounce }
        }
        return verdict.type
    }

    /// Wordings of "no such recipient" in the corpus that MailCore's list does not cover.
    static let extraUnknownUser = [
        "recipient name is not recognized", "not listed in", "doesn't have a", "does not have a",
        "disabled or discontinued", "no such user", "not known", "invalid final delivery", "no matches to nameserver",
        "unknown user", "invalid mailbox", "no longer valid", "did not exactly match", "no valid recipients",
        "final email delivery point", "addressee unknown", "unknown recipient", "no user by that name",
    ]
    static let extraMailboxFull = [
        "mailfolder is full", "mailbox is full", "disk quota", "full mailbox", "space not enough", "exceeding their quota",
        "quota", "overquota",
    ]
}

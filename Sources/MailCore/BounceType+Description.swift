extension BounceType {
    /// The `Description` the Bounces API shows for the type (Postmark's wording for the common
    /// types; the others repeat their name).
    public var description: String {
        switch self {
        case .hardBounce: "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
        case .transient: "The server could not temporarily deliver your message (ex: Message is delayed due to network troubles)."
        case .softBounce:
            "Unable to temporarily deliver message (i.e. mailbox full, account disabled, exceeds quota, out of disk space)."
        case .spamComplaint: "The subscriber explicitly marked this message as spam."
        case .dnsError: "A temporary DNS error."
        case .autoResponder: "Automatic email responder (ex: \"Out of Office\" or \"On Vacation\")."
        case .blocked: "Your message was blocked by the receiving server or ISP."
        case .smtpAPIError: "An error occurred while accepting an email through the SMTP API."
        default: "\(name)."
        }
    }
}

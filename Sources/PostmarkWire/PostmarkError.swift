/// An error as Postmark reports it: `{"ErrorCode": n, "Message": "..."}` with an HTTP status
/// (reference section 2). `errorCode` is what clients branch on; `httpStatus` is usually 422.
public struct PostmarkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var errorCode: Int
    public var httpStatus: Int
    public var message: String

    public init(_ errorCode: Int, _ message: String, httpStatus: Int = 422) {
        self.errorCode = errorCode
        self.httpStatus = httpStatus
        self.message = message
    }

    public var description: String { "PostmarkError(\(errorCode), HTTP \(httpStatus)): \(message)" }

    // MARK: Auth and transport (2.3 "Auth / global")

    public static let badToken = PostmarkError(
        10, "The Server Token you provided in the X-Postmark-Server-Token request header was invalid. "
            + "Please verify that you are using a valid token.", httpStatus: 401)
    public static let badAccountToken = PostmarkError(
        10, "The Account Token you provided in the X-Postmark-Account-Token request header was invalid. "
            + "Please verify that you are using a valid token.", httpStatus: 401)
    public static let invalidJSON = PostmarkError(402, "Received invalid JSON input.")
    public static let notFound = PostmarkError(
        404, "The requested endpoint does not exist.", httpStatus: 404)

    public static func invalidField(_ field: String) -> PostmarkError {
        PostmarkError(403, "Invalid request field(s): '\(field)'.")
    }

    public static func payloadTooLarge(limitMB: Int) -> PostmarkError {
        PostmarkError(
            300, "The request body is larger than the \(limitMB) MB this endpoint accepts.", httpStatus: 413)
    }

    // MARK: Sending (2.3 "Sending")

    public static func invalidEmailRequest(_ message: String) -> PostmarkError {
        PostmarkError(300, message)
    }

    /// ErrorCode 406: every recipient is suppressed on the stream. The sentence is kept byte for byte:
    /// the SDKs parse the addresses out of it (reference section 2).
    public static func inactiveRecipients(_ addresses: [String], batch: Bool = false) -> PostmarkError {
        let lead = batch
            ? "You tried to send to a recipient that has been marked as inactive."
            : "You tried to send to recipient(s) that have been marked as inactive."
        return PostmarkError(
            406,
            "\(lead) Found inactive addresses: \(addresses.joined(separator: ", ")). Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression."
                + (batch ? " " : ""))
    }

    /// ErrorCode 400: the From address is on no verified domain of the account and is no sender
    /// signature (when the operator requires verified senders).
    public static func unverifiedSender(_ address: String) -> PostmarkError {
        PostmarkError(
            400,
            "The 'From' address you supplied (\(address)) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.")
    }

    /// ErrorCode 401: the From address is a sender signature whose confirmation email has not been
    /// followed yet.
    public static func unconfirmedSender(_ address: String) -> PostmarkError {
        PostmarkError(
            401,
            "The 'From' address you supplied (\(address)) is a Sender Signature that has not been confirmed yet. Please follow the link in the confirmation email sent to \(address), or ask for it again.")
    }

    public static let tooManyBatchMessages = PostmarkError(
        410, "You may only send up to 500 messages in a single batched request.")

    public static func forbiddenAttachment(_ name: String) -> PostmarkError {
        PostmarkError(411, "Attachment '\(name)' has a forbidden file type.")
    }

    public static func unknownStream(_ stream: String) -> PostmarkError {
        PostmarkError(1235, "The stream provided: '\(stream)' does not exist on this server.")
    }

    public static func streamCannotSend(_ stream: String) -> PostmarkError {
        PostmarkError(1236, "The message stream '\(stream)' does not support sending messages.")
    }

    // MARK: Servers and queries

    public static func serverQuery(_ message: String) -> PostmarkError { PostmarkError(600, message) }
    public static func messagesQuery(_ message: String) -> PostmarkError { PostmarkError(700, message) }
    public static let messageNotFound = PostmarkError(701, "This message was not found.")
    /// ErrorCode 1001: a bounce ID that is not the server's (reference section 2, bounces).
    public static let bounceNotFound = PostmarkError(1001, "This bounce was not found.")
    public static let internalError = PostmarkError(
        101, "An unexpected internal error occurred.", httpStatus: 500)
}

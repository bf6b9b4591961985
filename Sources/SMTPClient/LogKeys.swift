/// Logging metadata keys of the SMTP client. The names follow the project's `postage.*` keys
/// (conventions: one set of names); the shared enum lives in a layer this adapter must not import.
enum LogKey {
    static let remoteIP = "postage.remote_ip"
    static let stage = "postage.smtp_stage"
    static let error = "postage.error"
    static let tls = "postage.smtp_tls"
    static let esmtp = "postage.smtp_esmtp"
    static let pipelining = "postage.smtp_pipelining"
}

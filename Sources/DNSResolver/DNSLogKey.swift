/// Logger metadata keys of the DNS client (the `postage.` namespace of the project's `LogKey`;
/// the shared enum lives in a module this one cannot depend on).
enum DNSLogKey {
    static let name = "postage.dns.name"
    static let type = "postage.dns.type"
    static let server = "postage.dns.server"
    static let round = "postage.dns.round"
    static let error = "postage.dns.error"
    static let target = "postage.dns.target"
    static let reason = "postage.dns.reason"
}

/// Structured log metadata keys of the SMTP submission server.
enum LogKey {
    static let remoteIP = "postage.remote_ip"
    static let error = "postage.error"
    static let address = "postage.address"
    static let connections = "postage.connections"
}

import Foundation

/// Every setting with its named default, read from the environment, overridable by flags
/// (architecture section 7). Invalid values are collected and reported together at boot.
public struct Configuration: Sendable, Equatable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public struct Address: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public enum Defaults {
        public static let dataDirectory = "./data"
        public static let httpAddress = "127.0.0.1:8080"
        public static let databaseFile = "postage.sqlite"
        public static let logLevel = "info"
    }

    public var dataDirectory: String
    public var database: Database
    public var httpAddress: Address
    /// Becomes the account token when the database is first created; never printed by `config`.
    public var accountToken: String?
    /// Right-hand side of generated Message-IDs.
    public var hostname: String
    /// Domain of servers' inbound addresses.
    public var inboundDomain: String
    /// Base URL used in links (`ServerLink`).
    public var publicURL: String
    public var logLevel: String
    /// Serves `POST /internal/noop` for the benchmark baseline.
    public var benchEndpoints: Bool
    /// The roles this process runs (architecture section 1).
    public var roles: Set<Role>
    /// Remote SMTP port for delivery (25; tests run MX hosts on high ports).
    public var smtpPort: Int
    /// Envelope sender domain of outbound mail (`pm_bounces+<MessageID>@<domain>`).
    public var bounceDomain: String
    /// First retry delay and maximum age of the delivery retry schedule, in seconds.
    public var retryInitialDelay: Double
    public var retryMaximumAge: Double
    /// How long a delivery claim is held before another worker may take it over, in seconds.
    public var deliveryLease: Double
    /// A smarthost that receives all outbound mail instead of the recipients' MX hosts.
    public var relay: Relay?
    /// The SMTP submission server (role `smtp`).
    public var submission = Submission()
    /// DKIM signing at submission.
    public var dkim = DKIM()
    /// From address of Postage's own mail (sender signature confirmations); by default
    /// `postage@<bounce domain>`, which the platform DKIM key signs.
    public var systemFrom = ""

    public struct DKIM: Sendable, Equatable {
        /// Sign every message (with the platform key of the bounce domain).
        public var enabled = true
        /// Add an ed25519-sha256 signature beside rsa-sha256 (RFC 8463).
        public var ed25519 = false
        /// Accept From addresses on domains without a verified DKIM key. On by default so that a
        /// fresh install sends at once; production sets it to false.
        public var allowUnverifiedSenders = true
        /// How often verified domains' DNS records are checked again.
        public var recheckInterval: Double = 86_400
    }

    public struct Submission: Sendable, Equatable {
        public var address = Address(host: "127.0.0.1", port: 2525)
        /// PEM files; with neither set, a self-signed pair is made under the data directory.
        public var tlsCertificate: String?
        public var tlsKey: String?
        /// AUTH before STARTTLS for peers on loopback (otherwise 530 5.7.0).
        public var plaintextAuthOnLoopback = false
        /// A server token used for loopback sessions that do not AUTH (benchmarks with smtp-source,
        /// local tools). Never applies to other addresses.
        public var loopbackToken: String?
        public var maximumConnectionsPerAddress = 50
        public var idleTimeoutSeconds: Double = 300
        /// The inbound bounce listener (role `inbound`): bounces and complaints for the bounce domain.
        public var inboundAddress = Address(host: "127.0.0.1", port: 2526)
    }

    public struct Relay: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?
        /// `opportunistic` (default), `required` or `none`.
        public var tls: String
    }

    public enum Role: String, Sendable, CaseIterable {
        case api
        case delivery
        /// The SMTP submission server.
        case smtp
        /// The inbound bounce listener (MX of the bounce domain).
        case inbound
    }

    /// The names of the environment variables, in one place.
    public enum Variable {
        public static let dataDirectory = "POSTAGE_DATA_DIR"
        public static let databaseURL = "DATABASE_URL"
        public static let httpAddress = "POSTAGE_HTTP_ADDRESS"
        public static let accountToken = "POSTAGE_ACCOUNT_TOKEN"
        public static let hostname = "POSTAGE_HOSTNAME"
        public static let inboundDomain = "POSTAGE_INBOUND_DOMAIN"
        public static let publicURL = "POSTAGE_PUBLIC_URL"
        public static let systemFrom = "POSTAGE_SYSTEM_FROM"
        public static let logLevel = "POSTAGE_LOG_LEVEL"
        public static let benchEndpoints = "POSTAGE_BENCH_ENDPOINTS"
        public static let roles = "POSTAGE_ROLES"
        public static let smtpPort = "POSTAGE_SMTP_PORT"
        public static let bounceDomain = "POSTAGE_BOUNCE_DOMAIN"
        public static let retryInitialDelay = "POSTAGE_RETRY_INITIAL_SECONDS"
        public static let retryMaximumAge = "POSTAGE_RETRY_MAX_AGE_SECONDS"
        public static let deliveryLease = "POSTAGE_DELIVERY_LEASE_SECONDS"
        public static let relayHost = "POSTAGE_RELAY_HOST"
        public static let relayUser = "POSTAGE_RELAY_USER"
        public static let relayPassword = "POSTAGE_RELAY_PASSWORD"
        public static let relayTLS = "POSTAGE_RELAY_TLS"
        public static let submissionAddress = "POSTAGE_SUBMISSION_ADDRESS"
        public static let inboundAddress = "POSTAGE_INBOUND_ADDRESS"
        public static let tlsCertificate = "POSTAGE_TLS_CERT"
        public static let tlsKey = "POSTAGE_TLS_KEY"
        public static let submissionPlaintextAuth = "POSTAGE_SUBMISSION_PLAINTEXT_AUTH"
        public static let submissionLoopbackToken = "POSTAGE_SUBMISSION_LOOPBACK_TOKEN"
        public static let submissionConnectionsPerAddress = "POSTAGE_SUBMISSION_CONNECTIONS_PER_IP"
        public static let submissionIdleSeconds = "POSTAGE_SUBMISSION_IDLE_SECONDS"
        public static let dkim = "POSTAGE_DKIM"
        public static let dkimEd25519 = "POSTAGE_DKIM_ED25519"
        public static let allowUnverifiedSenders = "POSTAGE_ALLOW_UNVERIFIED_SENDERS"
        public static let domainRecheck = "POSTAGE_DOMAIN_RECHECK_SECONDS"
        /// Read by the DNS resolver itself: `host:port` list replacing resolv.conf.
        public static let dnsServers = "POSTAGE_DNS_SERVERS"
    }

    /// Raw values before validation: the environment, then flags on top.
    public struct Overrides: Sendable {
        public var dataDirectory: String?
        public var databaseURL: String?
        public var httpAddress: String?
        public var accountToken: String?
        public var hostname: String?
        public var logLevel: String?

        public init(
            dataDirectory: String? = nil, databaseURL: String? = nil, httpAddress: String? = nil,
            accountToken: String? = nil, hostname: String? = nil, logLevel: String? = nil
        ) {
            self.dataDirectory = dataDirectory
            self.databaseURL = databaseURL
            self.httpAddress = httpAddress
            self.accountToken = accountToken
            self.hostname = hostname
            self.logLevel = logLevel
        }
    }

    /// Every problem found, one per line, so an operator fixes them all in one go.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var problems: [String]
        public var description: String {
            "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    public static func load(environment: [String: String], flags: Overrides) throws(Invalid) -> Configuration {
        func value(_ flag: String?, _ variable: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let env = environment[variable], !env.isEmpty { return env }
            return nil
        }
        var problems: [String] = []

        let dataDirectory = value(flags.dataDirectory, Variable.dataDirectory) ?? Defaults.dataDirectory

        var database = Database.sqlite(path: (dataDirectory as NSString).appendingPathComponent(Defaults.databaseFile))
        if let url = value(flags.databaseURL, Variable.databaseURL) {
            if url.hasPrefix("sqlite:") {
                var path = String(url.dropFirst("sqlite:".count))
                if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
                if path.isEmpty {
                    problems.append("\(Variable.databaseURL): sqlite: needs a file path, e.g. sqlite:./data/postage.sqlite")
                } else {
                    database = .sqlite(path: path)
                }
            } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                if let parsed = URLComponents(string: url), parsed.host?.isEmpty == false {
                    database = .postgres(url: url)
                } else {
                    problems.append("\(Variable.databaseURL): cannot parse PostgreSQL URL (postgres://user:pass@host:port/db)")
                }
            } else {
                problems.append("\(Variable.databaseURL): must start with sqlite: or postgres:// (got '\(redactURL(url))')")
            }
        }

        let addressText = value(flags.httpAddress, Variable.httpAddress) ?? Defaults.httpAddress
        var httpAddress = Address(host: "127.0.0.1", port: 8080)
        if let parsed = parseAddress(addressText) {
            httpAddress = parsed
        } else {
            problems.append("\(Variable.httpAddress): expected host:port with a port from 0 to 65535 (got '\(addressText)')")
        }

        let accountToken = value(flags.accountToken, Variable.accountToken)
        if let accountToken, accountToken.count < 16 || accountToken.contains(where: { $0.isWhitespace }) {
            problems.append("\(Variable.accountToken): must be at least 16 characters without spaces")
        }

        let hostname = value(flags.hostname, Variable.hostname) ?? ProcessInfo.processInfo.hostName
        if hostname.isEmpty || hostname.contains(where: { $0.isWhitespace || $0 == "@" || $0 == ">" }) {
            problems.append("\(Variable.hostname): not a valid host name ('\(hostname)')")
        }

        let logLevel = (value(flags.logLevel, Variable.logLevel) ?? Defaults.logLevel).lowercased()
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append("\(Variable.logLevel): one of trace, debug, info, notice, warning, error, critical")
        }

        var benchEndpoints = false
        if let text = environment[Variable.benchEndpoints], !text.isEmpty {
            switch text.lowercased() {
            case "1", "true", "yes": benchEndpoints = true
            case "0", "false", "no": benchEndpoints = false
            default: problems.append("\(Variable.benchEndpoints): true or false")
            }
        }

        var roles = Set(Role.allCases)
        if let text = environment[Variable.roles], !text.isEmpty {
            roles = []
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                if let role = Role(rawValue: name) {
                    roles.insert(role)
                } else {
                    problems.append("\(Variable.roles): unknown role '\(name)' (roles: api, delivery, smtp, inbound)")
                }
            }
        }
        func number(_ variable: String, default value: Double, range: ClosedRange<Double>) -> Double {
            guard let text = environment[variable], !text.isEmpty else { return value }
            guard let parsed = Double(text), range.contains(parsed) else {
                problems.append("\(variable): a number from \(range.lowerBound) to \(range.upperBound)")
                return value
            }
            return parsed
        }
        let smtpPort = Int(number(Variable.smtpPort, default: 25, range: 1...65535))
        let retryInitialDelay = number(Variable.retryInitialDelay, default: 60, range: 0.1...86_400)
        let retryMaximumAge = number(Variable.retryMaximumAge, default: 3 * 86_400, range: 1...30 * 86_400)
        let deliveryLease = number(Variable.deliveryLease, default: 600, range: 1...86_400)
        var relay: Relay?
        if let text = environment[Variable.relayHost], !text.isEmpty {
            let tls = (environment[Variable.relayTLS].flatMap { $0.isEmpty ? nil : $0 } ?? "opportunistic").lowercased()
            if !["opportunistic", "required", "none"].contains(tls) {
                problems.append("\(Variable.relayTLS): opportunistic, required or none")
            }
            let user = environment[Variable.relayUser].flatMap { $0.isEmpty ? nil : $0 }
            let password = environment[Variable.relayPassword].flatMap { $0.isEmpty ? nil : $0 }
            if (user == nil) != (password == nil) {
                problems.append("\(Variable.relayUser) and \(Variable.relayPassword) go together")
            }
            if let address = parseAddress(text) {
                relay = Relay(host: address.host, port: address.port, username: user, password: password, tls: tls)
            } else {
                problems.append("\(Variable.relayHost): expected host:port (got '\(text)')")
            }
        }

        var submission = Submission()
        if let text = environment[Variable.submissionAddress], !text.isEmpty {
            if let address = parseAddress(text) {
                submission.address = address
            } else {
                problems.append("\(Variable.submissionAddress): expected host:port (got '\(text)')")
            }
        }
        if let text = environment[Variable.inboundAddress], !text.isEmpty {
            if let address = parseAddress(text) {
                submission.inboundAddress = address
            } else {
                problems.append("\(Variable.inboundAddress): expected host:port (got '\(text)')")
            }
        }
        submission.tlsCertificate = environment[Variable.tlsCertificate].flatMap { $0.isEmpty ? nil : $0 }
        submission.tlsKey = environment[Variable.tlsKey].flatMap { $0.isEmpty ? nil : $0 }
        if (submission.tlsCertificate == nil) != (submission.tlsKey == nil) {
            problems.append("\(Variable.tlsCertificate) and \(Variable.tlsKey) go together")
        }
        for path in [submission.tlsCertificate, submission.tlsKey].compactMap({ $0 })
        where !FileManager.default.isReadableFile(atPath: path) {
            problems.append("TLS file '\(path)' is not readable")
        }
        switch (environment[Variable.submissionPlaintextAuth] ?? "").lowercased() {
        case "", "never": submission.plaintextAuthOnLoopback = false
        case "loopback": submission.plaintextAuthOnLoopback = true
        default: problems.append("\(Variable.submissionPlaintextAuth): never or loopback")
        }
        submission.loopbackToken = environment[Variable.submissionLoopbackToken].flatMap { $0.isEmpty ? nil : $0 }
        submission.maximumConnectionsPerAddress = Int(
            number(Variable.submissionConnectionsPerAddress, default: 50, range: 1...10_000))
        submission.idleTimeoutSeconds = number(Variable.submissionIdleSeconds, default: 300, range: 1...3600)

        func flag(_ variable: String, default value: Bool) -> Bool {
            guard let text = environment[variable], !text.isEmpty else { return value }
            switch text.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(variable): true or false")
                return value
            }
        }
        var dkim = DKIM()
        dkim.enabled = flag(Variable.dkim, default: true)
        dkim.ed25519 = flag(Variable.dkimEd25519, default: false)
        dkim.allowUnverifiedSenders = flag(Variable.allowUnverifiedSenders, default: true)
        dkim.recheckInterval = number(Variable.domainRecheck, default: 86_400, range: 1...30 * 86_400)
        if !dkim.allowUnverifiedSenders, !dkim.enabled {
            problems.append("\(Variable.allowUnverifiedSenders)=false needs \(Variable.dkim)=true (verified domains sign with their keys)")
        }

        let bounceDomain = environment[Variable.bounceDomain].flatMap { $0.isEmpty ? nil : $0 } ?? hostname
        let systemFrom = environment[Variable.systemFrom].flatMap { $0.isEmpty ? nil : $0 } ?? "postage@\(bounceDomain)"
        let fromParts = systemFrom.split(separator: "@", omittingEmptySubsequences: false)
        if fromParts.count != 2 || fromParts.contains(where: \.isEmpty)
            || systemFrom.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        {
            problems.append("\(Variable.systemFrom): not a plain email address ('\(systemFrom)')")
        }

        if !problems.isEmpty { throw Invalid(problems: problems) }
        var configuration = Configuration(
            dataDirectory: dataDirectory, database: database, httpAddress: httpAddress, accountToken: accountToken,
            hostname: hostname,
            inboundDomain: environment[Variable.inboundDomain].flatMap { $0.isEmpty ? nil : $0 } ?? "inbound.\(hostname)",
            publicURL: environment[Variable.publicURL].flatMap { $0.isEmpty ? nil : $0 }
                ?? Self.defaultPublicURL(httpAddress, hostname: hostname),
            logLevel: logLevel, benchEndpoints: benchEndpoints, roles: roles, smtpPort: smtpPort,
            bounceDomain: bounceDomain,
            retryInitialDelay: retryInitialDelay, retryMaximumAge: retryMaximumAge, deliveryLease: deliveryLease,
            relay: relay, submission: submission, dkim: dkim)
        configuration.systemFrom = systemFrom
        return configuration
    }

    /// The listen address, except that a wildcard one (0.0.0.0, ::) names the host instead, which
    /// others can reach. Production sets POSTAGE_PUBLIC_URL to what people open.
    static func defaultPublicURL(_ address: Address, hostname: String) -> String {
        if address.host == "0.0.0.0" || address.host == "::" { return "http://\(hostname):\(address.port)" }
        return "http://\(address)"
    }

    static func parseAddress(_ text: String) -> Address? {
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return nil }
        return Address(host: String(host), port: port)
    }

    /// `postgres://user:secret@host/db` ⇒ `postgres://user:REDACTED@host/db`.
    public static func redactURL(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "REDACTED"
        return components.string ?? url
    }

    /// The effective configuration for `postage config`, secrets redacted.
    public var redactedDescription: [(String, String)] {
        let databaseText: String
        switch database {
        case .sqlite(let path): databaseText = "sqlite:\(path)"
        case .postgres(let url): databaseText = Self.redactURL(url)
        }
        return [
            (Variable.dataDirectory, dataDirectory),
            (Variable.databaseURL, databaseText),
            (Variable.httpAddress, httpAddress.description),
            (Variable.accountToken, accountToken == nil ? "(unset: generated on first start)" : "REDACTED"),
            (Variable.hostname, hostname),
            (Variable.inboundDomain, inboundDomain),
            (Variable.publicURL, publicURL),
            (Variable.systemFrom, systemFrom),
            (Variable.logLevel, logLevel),
            (Variable.benchEndpoints, benchEndpoints ? "true" : "false"),
            (Variable.roles, Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ",")),
            (Variable.smtpPort, String(smtpPort)),
            (Variable.bounceDomain, bounceDomain),
            (Variable.retryInitialDelay, String(retryInitialDelay)),
            (Variable.retryMaximumAge, String(retryMaximumAge)),
            (Variable.deliveryLease, String(deliveryLease)),
            (Variable.submissionAddress, submission.address.description),
            (Variable.inboundAddress, submission.inboundAddress.description),
            (Variable.tlsCertificate, submission.tlsCertificate ?? "(unset: self-signed under the data directory)"),
            (Variable.tlsKey, submission.tlsKey ?? "(unset)"),
            (Variable.submissionPlaintextAuth, submission.plaintextAuthOnLoopback ? "loopback" : "never"),
            (Variable.submissionLoopbackToken, submission.loopbackToken == nil ? "(unset)" : "REDACTED"),
            (Variable.dkim, dkim.enabled ? "true" : "false"),
            (Variable.dkimEd25519, dkim.ed25519 ? "true" : "false"),
            (Variable.allowUnverifiedSenders, dkim.allowUnverifiedSenders ? "true" : "false"),
            (Variable.domainRecheck, String(dkim.recheckInterval)),
            (Variable.relayHost, relay.map { "\($0.host):\($0.port) tls=\($0.tls)" + ($0.username.map { " user=\($0) password=REDACTED" } ?? "") } ?? "(none: deliver to the recipients' MX hosts)"),
        ]
    }
}

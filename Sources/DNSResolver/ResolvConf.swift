/// The parts of resolv.conf(5) a stub resolver needs: `nameserver` lines and the `timeout:`,
/// `attempts:` and `rotate` options. Parsing is as lenient as glibc's: unknown keywords and
/// options are ignored, and a `nameserver` line whose address does not parse is skipped (and
/// reported in `ignoredLines`).
public struct ResolvConf: Sendable, Equatable {
    /// glibc uses at most three servers (MAXNS).
    public static let maximumNameservers = 3
    /// glibc caps `timeout:` at 30 s (RES_MAXRETRANS) and `attempts:` at 5 (RES_MAXRETRY).
    public static let maximumTimeoutSeconds = 30
    public static let maximumAttempts = 5

    /// The servers in file order, on port 53; empty when the file names none (glibc then uses
    /// the local host, and so does `DNSClientConfiguration(resolvConf:)`).
    public var nameservers: [DNSServerAddress] = []
    /// `options timeout:N`: seconds per try (1...30).
    public var timeoutSeconds: Int?
    /// `options attempts:N`: rounds over the server list (1...5).
    public var attempts: Int?
    /// `options rotate`: spread queries over the servers instead of always starting with the first.
    public var rotate = false
    /// Lines that looked meaningful but could not be used, for a warning in the log.
    public var ignoredLines: [String] = []

    public init() {}

    public init(parsing text: String) {
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = String(rawLine)
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = fields.first, !keyword.hasPrefix("#"), !keyword.hasPrefix(";") else { continue }
            switch keyword {
            case "nameserver":
                guard fields.count >= 2, let server = try? DNSServerAddress(host: fields[1]) else {
                    ignoredLines.append(line)
                    continue
                }
                if nameservers.count < Self.maximumNameservers {
                    nameservers.append(server)
                } else {
                    ignoredLines.append(line)
                }
            case "options":
                for option in fields.dropFirst() {
                    parseOption(option, line: line)
                }
            default:
                continue  // domain, search, sortlist, ...: a stub resolver for absolute names needs none
            }
        }
    }

    private mutating func parseOption(_ option: String, line: String) {
        if option == "rotate" {
            rotate = true
        } else if option.hasPrefix("timeout:") {
            guard let value = Int(option.dropFirst("timeout:".count)), value >= 0 else {
                ignoredLines.append(line)
                return
            }
            timeoutSeconds = min(max(value, 1), Self.maximumTimeoutSeconds)
        } else if option.hasPrefix("attempts:") {
            guard let value = Int(option.dropFirst("attempts:".count)), value >= 0 else {
                ignoredLines.append(line)
                return
            }
            attempts = min(max(value, 1), Self.maximumAttempts)
        }
    }
}

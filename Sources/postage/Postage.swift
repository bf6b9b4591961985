import App
import BounceParsing
import Storage
import ArgumentParser
import Foundation

@main
struct Postage: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "postage",
        abstract: "A self-hosted transactional email server that speaks Postmark's API.",
        subcommands: [Serve.self, Migrate.self, Config.self, DKIMRecords.self, Bounce.self, Sender.self, Version.self],
        defaultSubcommand: Serve.self)
}

/// Flags that override the environment (POSTAGE_* and DATABASE_URL).
struct ConfigurationFlags: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (POSTAGE_DATA_DIR, default ./data).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "sqlite:PATH or postgres://user:pass@host:port/db (DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("http-address"), help: "HTTP API host:port (POSTAGE_HTTP_ADDRESS, default 127.0.0.1:8080).")
    var httpAddress: String?

    @Option(name: .customLong("hostname"), help: "Host name used in Message-IDs (POSTAGE_HOSTNAME).")
    var hostname: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, warning, error (POSTAGE_LOG_LEVEL).")
    var logLevel: String?

    func load() throws -> Configuration {
        do {
            return try Configuration.load(
                environment: ProcessInfo.processInfo.environment,
                flags: .init(
                    dataDirectory: dataDirectory, databaseURL: databaseURL, httpAddress: httpAddress,
                    hostname: hostname, logLevel: logLevel))
        } catch {
            FileHandle.standardError.write(Data("postage: \(error.description)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
    }
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run Postage (every role in one process).")

    @OptionGroup var flags: ConfigurationFlags

    func run() async throws {
        let configuration = try flags.load()
        try await Runtime.serve(configuration: configuration, output: printOut)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var flags: ConfigurationFlags

    func run() async throws {
        let configuration = try flags.load()
        let applied = try await StoreFactory.migrate(
            configuration.database, logger: Runtime.makeLogger(configuration))
        printOut(applied.isEmpty ? "Database is up to date.\n" : applied.map { "applied \($0)\n" }.joined())
    }
}

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the effective configuration, secrets redacted.")

    @OptionGroup var flags: ConfigurationFlags

    func run() async throws {
        let configuration = try flags.load()
        for (name, value) in configuration.redactedDescription { printOut("\(name)=\(value)\n") }
    }
}

struct DKIMRecords: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "Print the DNS TXT records of the platform DKIM keys as JSON (creating the keys if missing).")

    @OptionGroup var flags: ConfigurationFlags

    func run() async throws {
        let configuration = try flags.load()
        let logger = Runtime.makeLogger(configuration)
        let store = try await StoreFactory.open(configuration.database, logger: logger)
        let keys = try await PlatformDKIM.keys(configuration: configuration, store: store, create: true)
        try await store.close()
        let records = keys.map { key -> [String: String] in
            ["Host": "\(key.selector)._domainkey.\(key.domain)", "Type": "TXT", "Value": key.publicDNSValue,
             "Algorithm": key.algorithm, "Selector": key.selector, "Domain": key.domain]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        printOut(String(decoding: try encoder.encode(records), as: UTF8.self) + "\n")
    }
}

struct Bounce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with bounce messages.", subcommands: [Inspect.self, Unmatched.self])

    struct Unmatched: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the bounces and complaints that matched no message (newest first), or print one's message.")

        @OptionGroup var flags: ConfigurationFlags
        @Option(help: "How many to list.") var count = 50
        @Option(help: "How many to skip.") var offset = 0
        @Option(help: "Print the message of this unmatched bounce (by ID) instead of the list.") var dump: Int64?

        func run() async throws {
            let configuration = try flags.load()
            let store = try await StoreFactory.open(configuration.database, logger: Runtime.makeLogger(configuration))
            if let dump {
                let message = try await store.unmatchedBounceDump(id: dump)
                try await store.close()
                guard let message else {
                    FileHandle.standardError.write(Data("postage: no unmatched bounce \(dump)\n".utf8))
                    throw ExitCode(1)
                }
                FileHandle.standardOutput.write(Data(message))
                return
            }
            let page: SearchPage<BounceRecord>
            do {
                page = try await store.unmatchedBounces(count: max(1, count), offset: max(0, offset))
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
            let dates = ISO8601DateFormatter()
            let items = page.items.map { bounce -> [String: String] in
                [
                    "ID": String(bounce.id), "Type": bounce.type, "TypeCode": String(bounce.typeCode),
                    "Email": bounce.email, "Details": bounce.details, "BouncedAt": dates.string(from: bounce.bouncedAt),
                    "ReturnPathMessageID": bounce.messageID, "DumpAvailable": bounce.dumpAvailable ? "true" : "false",
                ]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Listing: Encodable {
                let TotalCount: Int
                let Bounces: [[String: String]]
            }
            printOut(String(decoding: try encoder.encode(Listing(TotalCount: page.totalCount, Bounces: items)), as: UTF8.self) + "\n")
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print how Postage classifies one raw bounce or complaint message, as JSON (no server needed).")

        @Argument(help: "The message file (RFC 5322), or - for standard input.")
        var file: String

        func run() async throws {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let read = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("postage: cannot read \(file)\n".utf8))
                    throw ExitCode(66)  // EX_NOINPUT
                }
                data = read
            }
            printOut(BounceParser.inspectJSON([UInt8](data)) + "\n")
        }
    }
}

struct Sender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with sender signatures.", subcommands: [Confirm.self])

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm a sender signature without its confirmation email (for an address that cannot receive mail).")

        @OptionGroup var flags: ConfigurationFlags
        @Argument(help: "The signature's email address.") var address: String

        func run() async throws {
            let configuration = try flags.load()
            let store = try await StoreFactory.open(configuration.database, logger: Runtime.makeLogger(configuration))
            let signature: SenderSignatureRecord?
            do {
                signature = try await store.confirmSenderSignature(emailAddress: address, at: Date())
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
            guard let signature else {
                FileHandle.standardError.write(Data("postage: no sender signature for \(address)\n".utf8))
                throw ExitCode(1)
            }
            printOut("Sender signature \(signature.emailAddress) (ID \(signature.id)) is confirmed.\n")
        }
    }
}

struct Version: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() async throws { printOut("postage \(Postage.version)\n") }
}

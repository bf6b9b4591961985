import App
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsRunOnSQLiteUnderData() throws {
        let configuration = try Configuration.load(environment: ["POSTAGE_HOSTNAME": "h.test"], flags: .init())
        #expect(configuration.database == .sqlite(path: "./data/postage.sqlite"))
        #expect(configuration.httpAddress.description == "127.0.0.1:8080")
    }

    @Test func systemMailComesFromTheBounceDomainUnlessConfigured() throws {
        var configuration = try Configuration.load(
            environment: ["POSTAGE_HOSTNAME": "h.test", "POSTAGE_BOUNCE_DOMAIN": "pm.example.test"], flags: .init())
        #expect(configuration.systemFrom == "postage@pm.example.test")
        configuration = try Configuration.load(
            environment: ["POSTAGE_HOSTNAME": "h.test", "POSTAGE_SYSTEM_FROM": "senders@example.test"], flags: .init())
        #expect(configuration.systemFrom == "senders@example.test")
        for bad in ["nobody", "a@b@c", "Name <a@b.test>", "a@b.test, c@d.test", "@b.test"] {
            #expect(throws: Configuration.Invalid.self, "\(bad)") {
                _ = try Configuration.load(
                    environment: ["POSTAGE_HOSTNAME": "h.test", "POSTAGE_SYSTEM_FROM": bad], flags: .init())
            }
        }
    }

    @Test func theDefaultPublicURLNamesTheHostForAWildcardListener() throws {
        var configuration = try Configuration.load(environment: ["POSTAGE_HOSTNAME": "h.test"], flags: .init())
        #expect(configuration.publicURL == "http://127.0.0.1:8080")
        configuration = try Configuration.load(
            environment: ["POSTAGE_HOSTNAME": "h.test", "POSTAGE_HTTP_ADDRESS": "0.0.0.0:80"], flags: .init())
        #expect(configuration.publicURL == "http://h.test:80")
        configuration = try Configuration.load(
            environment: ["POSTAGE_HOSTNAME": "h.test", "POSTAGE_PUBLIC_URL": "https://mail.example.test/postage"],
            flags: .init())
        #expect(configuration.publicURL == "https://mail.example.test/postage")
    }

    @Test func flagsOverrideEnvironment() throws {
        let configuration = try Configuration.load(
            environment: ["POSTAGE_HTTP_ADDRESS": "127.0.0.1:9000", "POSTAGE_HOSTNAME": "h.test"],
            flags: .init(httpAddress: "127.0.0.2:9100"))
        #expect(configuration.httpAddress.description == "127.0.0.2:9100")
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try Configuration.load(
                environment: [
                    "POSTAGE_HTTP_ADDRESS": "nonsense", "DATABASE_URL": "mysql://x", "POSTAGE_LOG_LEVEL": "loud",
                    "POSTAGE_ACCOUNT_TOKEN": "short", "POSTAGE_HOSTNAME": "h.test",
                ], flags: .init())
            Issue.record("expected invalid configuration")
        } catch {
            #expect(error.problems.count == 4)
        }
    }

    @Test func secretsAreRedacted() throws {
        let configuration = try Configuration.load(
            environment: [
                "DATABASE_URL": "postgres://postage:s3cret@127.0.0.1:5433/postage",
                "POSTAGE_ACCOUNT_TOKEN": "abcdefghijklmnopqrstuvwxyz", "POSTAGE_HOSTNAME": "h.test",
            ], flags: .init())
        let text = configuration.redactedDescription.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
        #expect(!text.contains("s3cret"))
        #expect(!text.contains("abcdefghijklmnopqrstuvwxyz"))
        #expect(text.contains("postgres://postage:REDACTED@127.0.0.1:5433/postage"))
    }
}

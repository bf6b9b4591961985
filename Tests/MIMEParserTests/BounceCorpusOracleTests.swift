import Foundation
import MIMEParser
import Testing

/// The 117 real bounces of `shared/testdata/bounces` (flufl.bounce corpus, testing-peers §8)
/// against Python's email package.
@Suite("Bounce corpus vs Python email")
struct BounceCorpusOracleTests {
    static let files = TestData.files(in: TestData.bounceDirectory, suffix: ".eml")

    static let nullPath = "From: <> is the null reverse-path (RFC 5321 §4.5.5), not a mailbox (RFC 5322 §3.4): "
        + "MIMEParser lists it in AddressList.invalid, Python returns addr_spec \"<>\""

    /// Intentional disagreements, all on malformed input.
    static let known: [String: [(field: String, reason: String)]] = [
        "bounce_01.eml": [("from:", nullPath)],
        "simple_24.eml": [("from:", nullPath)],
        "simple_31.eml": [("from:", nullPath)],
        "simple_35.eml": [("from:", nullPath)],
        "smtp32_01.eml": [
            ("from:", "postmaster@208.24.118.205: a numeric top-level domain is not a host name (RFC 3696 §2); "
                + "MailCore's AddressParser requires [208.24.118.205], Python accepts it"),
            ("date:", "year \"101\": RFC 5322 §4.3 adds 1900 to a three-digit year (2001); Python reads year 101 AD"),
        ],
        "simple_42.eml": [("to:", "david...@python.org (anonymised) has consecutive dots, not a dot-atom "
            + "(RFC 5322 §3.2.3); AddressParser rejects it")],
        "dsn_03.eml": [("tree[1].blocks:", "a line holding one space separates the per-message and per-recipient "
            + "blocks (RFC 3464 §2.1 intends a blank line); Python treats it as folding and merges the blocks")],
        "simple_25.eml": [
            ("tree[0].textSha256:", "text/html without charset but with 8-bit GB2312 bytes: MIMEParser reads "
                + "undeclared/us-ascii text as UTF-8 with U+FFFD per invalid sequence, Python as ASCII with U+FFFD per byte"),
            ("html:", "same as tree[0].textSha256"),
        ],
    ]

    @Test(.enabled(if: !files.isEmpty, "bounce corpus missing: ../shared/testdata/bounces beside the repository"),
          .enabled(if: PythonOracle.isAvailable, "python3 unavailable or POSTAGE_SKIP_PYTHON_ORACLE=1"))
    func agreesWithPython() throws {
        #expect(Self.files.count == 117)
        let outcome = try #require(CorpusOracle.run(Self.files))
        #expect(outcome.pythonCrashes.isEmpty)
        CorpusOracle.expectOnly(Self.known, in: outcome, corpus: "bounces")
    }
}

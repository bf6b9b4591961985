import Foundation
import MIMEParser
import Testing

/// CPython's own email test messages (`test_email/data/msg_*.txt`, from the Debian package
/// `libpython3.11-testsuite`; scripts/test.sh-style setups install it with
/// `apt-get install -y libpython3.11-testsuite`). Skipped, with the reason shown, when absent.
@Suite("CPython email corpus vs Python email")
struct CPythonCorpusOracleTests {
    static let files = TestData.files(in: TestData.cpythonCorpusDirectory, prefix: "msg_", suffix: ".txt")

    static let notMailbox = "a list item without \"@domain\" is not a mailbox (RFC 5322 §3.4.1): MIMEParser "
        + "lists it in AddressList.invalid, Python returns it as an addr_spec"

    /// Intentional disagreements, all on malformed input.
    static let known: [String: [(field: String, reason: String)]] = [
        "msg_05.txt": [("from:", notMailbox), ("to:", notMailbox)],
        "msg_15.txt": [
            ("to:", notMailbox),
            ("tree[0].sha256:", "the inner multipart reuses the outer boundary, so it has no body part "
                + "(StartBoundaryNotFound, both agree); the line break before the next delimiter belongs to the "
                + "delimiter (RFC 2046 §5.1.1), which Python leaves in the failed part's body"),
            ("attachments[0]:", "same part as tree[0].sha256"),
        ],
        "msg_43.txt": [("from:", "MAILER DAEMON <>: the null reverse-path is not a mailbox (RFC 5322 §3.4); "
            + "MIMEParser lists it in AddressList.invalid, Python returns addr_spec \"<>\"")],
    ]

    @Test(.enabled(if: !files.isEmpty, "CPython corpus missing: apt-get install -y libpython3.11-testsuite"),
          .enabled(if: PythonOracle.isAvailable, "python3 unavailable or POSTAGE_SKIP_PYTHON_ORACLE=1"))
    func agreesWithPython() throws {
        let outcome = try #require(CorpusOracle.run(Self.files))
        #expect(outcome.pythonCrashes.isEmpty)
        CorpusOracle.expectOnly(Self.known, in: outcome, corpus: "cpython")
    }
}

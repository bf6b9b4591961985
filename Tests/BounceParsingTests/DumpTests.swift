import BounceParsing
import Foundation
import Testing

/// `BOUNCE_DUMP=dsn_01.eml,qmail_01.eml swift test --filter Dump` prints the inspect JSON of
/// those corpus files (a debugging aid; does nothing otherwise).
@Suite("Dump")
struct DumpTests {
    @Test func dump() throws {
        guard let names = ProcessInfo.processInfo.environment["BOUNCE_DUMP"] else { return }
        if names == "all" {
            for name in try Corpus.allMessageNames() {
                let report = BounceParser.parse(try Corpus.message(name))
                print("\(name) \(report.kind) id=\(report.originalMessageID ?? "-") mta=\(report.reportingMTA ?? "-")")
                for r in report.recipients {
                    print("   \(r.address) \(r.action ?? "-") \(r.status ?? "-") \(r.bounceType.rawValue) perm=\(r.permanent) | \((r.diagnostic ?? "-").prefix(110))")
                }
            }
            return
        }
        for name in names.split(separator: ",") {
            print("=== \(name)")
            print(BounceParser.inspectJSON(try Corpus.message(String(name))))
        }
    }
}

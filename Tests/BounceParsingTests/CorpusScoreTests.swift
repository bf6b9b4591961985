import BounceParsing
import Foundation
import MailCore
import Testing

/// Scores the parser on the real bounces against `labels.json` (the same rules as
/// `tools/bounce_labels_check.py`; addresses compare case-insensitively):
/// - recipient found: for permanent/temporary samples every expected recipient is reported
///   (in either class); for no-recipient samples nothing is reported;
/// - permanent-or-temporary agreement: every expected recipient is reported in the labelled
///   class; for no-recipient samples nothing is reported.
/// `unlabelled` samples are not scored.
@Suite("Bounce corpus score")
struct CorpusScoreTests {
    @Test("recipient found ≥ 98 %, permanent/temporary agreement ≥ 95 %")
    func score() throws {
        let labels = try Corpus.labels()
        var scored = 0
        var found = 0
        var agreed = 0
        var notes: [String] = []
        for name in labels.keys.sorted() {
            let label = labels[name]!
            guard label.classification != "unlabelled" else { continue }
            scored += 1
            let report = BounceParser.parse(try Corpus.message(name))
            let permanent = Set(report.recipients.filter(\.permanent).map { $0.address.lowercased() })
            let temporary = Set(report.recipients.filter { !$0.permanent }.map { $0.address.lowercased() })
            let expected = Set(label.expected_recipients.map { $0.lowercased() })
            let foundOK: Bool
            let agreedOK: Bool
            switch label.classification {
            case "no-recipient":
                foundOK = permanent.isEmpty && temporary.isEmpty
                agreedOK = foundOK
            case "temporary":
                foundOK = expected.isSubset(of: permanent.union(temporary))
                agreedOK = expected.isSubset(of: temporary)
            default:
                foundOK = expected.isSubset(of: permanent.union(temporary))
                agreedOK = expected.isSubset(of: permanent)
            }
            if foundOK { found += 1 }
            if agreedOK { agreed += 1 }
            let extra = permanent.union(temporary).subtracting(expected)
            if !foundOK || !agreedOK || !extra.isEmpty {
                notes.append("\(name) [\(label.classification)] expected \(expected.sorted()) "
                    + "permanent \(permanent.sorted()) temporary \(temporary.sorted())"
                    + (foundOK ? "" : " NOT-FOUND") + (agreedOK ? "" : " DISAGREE"))
            }
        }
        let foundRate = Double(found) / Double(scored) * 100
        let agreedRate = Double(agreed) / Double(scored) * 100
        print("bounce corpus: \(scored) scored files; recipient found \(found)/\(scored) = "
            + String(format: "%.1f", foundRate) + " %; permanent/temporary agreement \(agreed)/\(scored) = "
            + String(format: "%.1f", agreedRate) + " %")
        for note in notes { print("  " + note) }
        #expect(scored >= 100)
        #expect(foundRate >= 98, "recipient found \(foundRate) % < 98 %")
        #expect(agreedRate >= 95, "permanent/temporary agreement \(agreedRate) % < 95 %")
    }
}

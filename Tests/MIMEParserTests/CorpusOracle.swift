import Foundation
import MIMEParser
import Testing

/// Runs MIMEParser and Python over a list of files and compares them.
enum CorpusOracle {
    struct Outcome {
        var comparison = OracleComparison()
        var files = 0
        var fullyAgreeing = 0
        var pythonCrashes: [String] = []
    }

    static func run(_ urls: [URL]) -> Outcome? {
        guard let reports = PythonOracle.describe(urls.map(\.path)), reports.count == urls.count else { return nil }
        var outcome = Outcome()
        for (url, python) in zip(urls, reports) {
            let name = url.lastPathComponent
            outcome.files += 1
            if let crash = python.crash {
                outcome.pythonCrashes.append("\(name): \(crash)")
                continue
            }
            let ours = OracleDescriber.describe(ParsedMessage.parse(TestData.bytes(url)), file: python.file)
            let before = outcome.comparison.differences[name]?.count ?? 0
            outcome.comparison.compare(ours, python, file: name)
            if (outcome.comparison.differences[name]?.count ?? 0) == before { outcome.fullyAgreeing += 1 }
        }
        return outcome
    }

    /// Checks that every difference is a documented one (file + field prefix) and that every
    /// documented one still occurs, so the list stays honest in both directions.
    static func expectOnly(
        _ known: [String: [(field: String, reason: String)]], in outcome: Outcome, corpus: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        print("[\(corpus)] \(outcome.fullyAgreeing)/\(outcome.files) messages agree with Python on every compared field")
        for line in outcome.comparison.summary { print("[\(corpus)]   \(line)") }
        for (file, differences) in outcome.comparison.differences.sorted(by: { $0.key < $1.key }) {
            let allowed = known[file] ?? []
            for difference in differences where !allowed.contains(where: { difference.hasPrefix($0.field) }) {
                Issue.record("\(corpus) \(file): undocumented disagreement \(difference)", sourceLocation: sourceLocation)
            }
            for entry in allowed { print("[\(corpus)]   known: \(file) \(entry.field): \(entry.reason)") }
        }
        for (file, entries) in known {
            let differences = outcome.comparison.differences[file] ?? []
            for entry in entries where !differences.contains(where: { $0.hasPrefix(entry.field) }) {
                Issue.record("\(corpus) \(file): documented disagreement \(entry.field) no longer occurs",
                             sourceLocation: sourceLocation)
            }
        }
    }
}

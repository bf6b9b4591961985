import Foundation

/// Locations of test data, resolved from this file: the repository root is two levels up
/// from `Tests/MIMEParserTests`, and the shared data sits beside the repository.
enum TestData {
    static func repositoryRoot(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).resolvingSymlinksInPath()
            .deletingLastPathComponent() // MIMEParserTests
            .deletingLastPathComponent() // Tests
            .deletingLastPathComponent() // repository
    }

    static var sharedTestData: URL {
        repositoryRoot().deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }

    static var bounceDirectory: URL { sharedTestData.appendingPathComponent("bounces") }

    /// CPython's email test corpus from the `libpython3.11-testsuite` Debian package.
    static let cpythonCorpusDirectory = URL(fileURLWithPath: "/usr/lib/python3.11/test/test_email/data")

    /// Files in `directory` with the given prefix and suffix, sorted by name.
    static func files(in directory: URL, prefix: String = "", suffix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) -> [UInt8] {
        (try? Data(contentsOf: url)).map(Array.init) ?? []
    }
}

import Foundation
import Templates

/// Locates the shared test data: the repository's sibling `shared/testdata` folder, found from this file's path
/// (symlinks resolved, so a scratch package that links the test folder still finds the real repository).
enum Fixtures {
    static let testdata: URL = {
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        // <repo>/Tests/TemplatesTests/Support/Fixtures.swift → <repo>
        let repo = file.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }()

    static func url(_ relativePath: String) -> URL {
        testdata.appendingPathComponent(relativePath)
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// A JSON file as a `TemplateValue`, object members in file order.
    static func json(_ relativePath: String) throws -> TemplateValue {
        try JSONReader.parse(Array(Data(contentsOf: url(relativePath))))
    }
}

extension TemplateValue {
    /// Member access for reading fixtures: `value["key"]` with a fatal-free fallback to `.null`.
    func member(_ key: String) -> TemplateValue { self[key] ?? .null }

    var array: [TemplateValue] { arrayValue ?? [] }
    var string: String? { stringValue }
}

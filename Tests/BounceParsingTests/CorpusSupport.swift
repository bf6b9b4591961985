import Foundation

/// The labelled flufl.bounce corpus in `../shared/testdata/bounces` (beside the repository).
enum Corpus {
    struct Label: Decodable {
        var classification: String
        var expected_recipients: [String]
    }

    static let directory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/testdata/bounces")

    static func labels() throws -> [String: Label] {
        let data = try Data(contentsOf: directory.appendingPathComponent("labels.json"))
        return try JSONDecoder().decode([String: Label].self, from: data)
    }

    static func message(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func allMessageNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
    }
}

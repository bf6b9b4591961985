import Foundation

/// The repository root and the shared test data, found from this file's path (symlinks resolved, so a scratch
/// package that links this folder still finds the real repository and its sibling `shared/`).
enum Fixtures {
    /// <repo>/Tests/DKIMTests/Support/Fixtures.swift → <repo>
    static let repository: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let dkimData: URL = repository.deletingLastPathComponent().appendingPathComponent("shared/testdata/dkim")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: dkimData.appendingPathComponent(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: dkimData.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// The RFC 8463 Appendix A.2 Ed25519 seed (base64 in the file).
    static func brisbaneSeed() throws -> [UInt8] {
        let base64 = try text("keys/brisbane.ed25519.seed").trimmingCharacters(in: .whitespacesAndNewlines)
        return Array(Data(base64Encoded: base64)!)
    }

    /// The `NAME VALUE` records of `rfc8463-dns.txt`.
    static func rfc8463Records() throws -> [String: String] {
        var records: [String: String] = [:]
        for line in try text("rfc8463-dns.txt").split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.firstIndex(of: " ") else { continue }
            records[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return records
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

/// Parses the tag list of a DKIM-Signature field value (RFC 6376 §3.2), whitespace removed from values.
func dkimTags(_ fieldText: String) -> [String: String] {
    var value = Substring(fieldText)
    if let colon = value.firstIndex(of: ":"), value.lowercased().hasPrefix("dkim-signature") {
        value = value[value.index(after: colon)...]
    }
    var tags: [String: String] = [:]
    for part in value.split(separator: ";") {
        guard let equals = part.firstIndex(of: "=") else { continue }
        let name = part[..<equals].filter { !$0.isWhitespace }
        let tagValue = part[part.index(after: equals)...].filter { !$0.isWhitespace && $0 != "\r" && $0 != "\n" }
        tags[String(name)] = String(tagValue)
    }
    return tags
}

import Foundation
/// Query parameters with Postmark's tolerance (reference 1 and 12.12): keys compare
/// case-insensitively and ignoring underscores (`fromEmail`, `fromemail`, `client_name`,
/// `clientName`); values are percent-decoded; empty values are absent.
struct QueryParameters: Sendable {
    private var values: [(key: String, normalizedKey: String, value: String)] = []

    init(query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values.append((key, Self.normalize(key), value))
        }
    }

    subscript(name: String) -> String? {
        let wanted = Self.normalize(name)
        return values.first { $0.normalizedKey == wanted && !$0.value.isEmpty }?.value
    }

    /// Every parameter whose key starts with `prefix` (compared like other keys), with the rest of
    /// the key as the client wrote it: `metadata_color=blue` ⇒ ("color", "blue").
    func withPrefix(_ prefix: String) -> [(suffix: String, value: String)] {
        let wanted = prefix.lowercased()
        return values.compactMap { entry in
            guard entry.key.lowercased().hasPrefix(wanted), entry.key.count > prefix.count else { return nil }
            return (String(entry.key.dropFirst(prefix.count)), entry.value)
        }
    }

    static func normalize(_ key: String) -> String {
        key.lowercased().filter { $0 != "_" }
    }

    static func decode(_ text: Substring) -> String {
        let plusDecoded = text.replacingOccurrences(of: "+", with: " ")
        return plusDecoded.removingPercentEncoding ?? plusDecoded
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

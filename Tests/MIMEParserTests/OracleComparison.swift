/// Compares MIMEParser's description of a message with Python's and lists differences as
/// `field: ours | python` strings, plus per-field agreement counts for the report.
struct OracleComparison {
    private(set) var differences: [String: [String]] = [:]
    private(set) var checks: [String: (agree: Int, total: Int)] = [:]

    private mutating func check<T: Equatable>(_ file: String, _ field: String, _ ours: T, _ theirs: T) {
        let key = field.hasPrefix("tree")
            ? "tree." + (field.split(separator: ".").last.map(String.init) ?? field)
            : (field.split(separator: "[").first.map(String.init) ?? field)
        var entry = checks[key] ?? (0, 0)
        entry.total += 1
        if ours == theirs {
            entry.agree += 1
        } else {
            differences[file, default: []].append("\(field): \(String(describing: ours)) | \(String(describing: theirs))")
        }
        checks[key] = entry
    }

    mutating func compare(_ ours: OracleMessage, _ python: OracleMessage, file: String) {
        check(file, "subject", ours.subject, python.subject)
        check(file, "from", ours.from, python.from)
        check(file, "to", ours.to, python.to)
        check(file, "cc", ours.cc, python.cc)
        check(file, "date", ours.date, python.date)
        if let tree = ours.tree, let theirs = python.tree { compare(tree, theirs, path: "tree", file: file) }
        if python.textError == nil { check(file, "text", ours.text, python.text) }
        if python.htmlError == nil { check(file, "html", ours.html, python.html) }
        let a = ours.attachments ?? [], b = python.attachments ?? []
        check(file, "attachments.count", a.count, b.count)
        for (index, (x, y)) in zip(a, b).enumerated() { check(file, "attachments[\(index)]", x, y) }
    }

    private mutating func compare(_ ours: OracleNode, _ theirs: OracleNode, path: String, file: String) {
        check(file, "\(path).type", ours.type, theirs.type)
        check(file, "\(path).filename", ours.filename, theirs.filename)
        check(file, "\(path).disposition", ours.disposition, theirs.disposition)
        check(file, "\(path).defects", ours.defects, theirs.defects)
        check(file, "\(path).boundary", ours.boundary, theirs.boundary)
        // Python turns runs of blank lines and free text into empty blocks; MIMEParser omits them.
        check(file, "\(path).blocks", ours.blocks, theirs.blocks.map { $0.filter { !$0.isEmpty } })
        check(file, "\(path).fields", ours.fields, theirs.fields)
        check(file, "\(path).sha256", ours.sha256, theirs.sha256)
        if theirs.textSha256 != nil { check(file, "\(path).textSha256", ours.textSha256, theirs.textSha256) }
        let mine = ours.children ?? [], python = theirs.children ?? []
        check(file, "\(path).childCount", mine.count, python.count)
        for (index, (x, y)) in zip(mine, python).enumerated() {
            compare(x, y, path: "\(path)[\(index)]", file: file)
        }
        check(file, "\(path).messageCount", ours.message?.count ?? 0, theirs.message?.count ?? 0)
        if let x = ours.message?.first, let y = theirs.message?.first {
            compare(x, y, path: "\(path).msg", file: file)
        }
    }

    /// Lines like `tree.sha256  312/314` for the test log.
    var summary: [String] {
        checks.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.agree)/\($0.value.total)" }
    }
}

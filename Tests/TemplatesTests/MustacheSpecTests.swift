import Templates
import Testing

/// The Mustache spec suite (`testdata/mustache-spec`) run under Postmark's rules (`mustachio.md` §12): a case where
/// Mustachio agrees with the spec must produce the spec's output; a case where it differs is listed in
/// `SpecDifference.all` with Mustachio's outcome and the reason, and must produce that instead.
@Suite("Mustache spec under Mustachio rules")
struct MustacheSpecTests {
    struct SpecCase: Sendable, CustomTestStringConvertible {
        var file: String
        var name: String
        var template: String
        var data: TemplateValue
        var expected: String
        var testDescription: String { "\(file): \(name)" }
    }

    /// The spec files Mustachio implements; the others (partials, delimiters, optional modules) do not apply.
    static let coreFiles = ["comments", "interpolation", "inverted", "sections"]
    static let otherFiles = ["delimiters", "partials", "~dynamic-names", "~inheritance", "~lambdas"]

    static func load(_ file: String) -> [SpecCase] {
        guard let spec = try? Fixtures.json("mustache-spec/specs/\(file).json") else { return [] }
        return spec.member("tests").array.map { test in
            SpecCase(
                file: file, name: test.member("name").string ?? "",
                template: test.member("template").string ?? "", data: test.member("data"),
                expected: test.member("expected").string ?? "")
        }
    }

    static let coreCases = coreFiles.flatMap(load)
    static let otherCases = otherFiles.flatMap(load)
    static let compat = (try? Fixtures.json("mustachio-compat/spec-under-mustachio.json")) ?? .null

    static func difference(for test: SpecCase) -> SpecDifference? {
        SpecDifference.all.first { $0.file == test.file && $0.name == test.name }
    }

    @Test("all 110 core spec tests and 84 inapplicable ones are loaded")
    func loaded() {
        #expect(Self.coreCases.count == 12 + 42 + 22 + 34)
        #expect(Self.otherCases.count == 14 + 12 + 21 + 27 + 10)
    }

    @Test(arguments: coreCases)
    func specCase(_ test: SpecCase) throws {
        let difference = Self.difference(for: test)
        switch difference?.outcome {
        case nil:
            let template = try Template.parse(test.template)
            #expect(try template.render(model: test.data) == test.expected)
        case .output(let output)?:
            let template = try Template.parse(test.template)
            let rendered = try template.render(model: test.data)
            #expect(rendered == output, "Mustachio differs from the spec here: \(difference!.reason)")
            #expect(rendered != test.expected)
        case .parseError(let message)?:
            let error = #expect(throws: TemplateError.self) { try Template.parse(test.template) }
            #expect(error?.kind == .parse)
            #expect(error?.diagnostics.contains { $0.message == message } == true, "\(error?.description ?? "")")
        }
    }

    @Test("the differences listed here are exactly those in the compat data")
    func differencesMatchCompatData() {
        struct Row: Hashable { var file, name, reason: String; var outcome: String }
        var fromData: Set<Row> = []
        for test in Self.compat.member("tests").array {
            let file = String(test.member("file").string?.dropFirst("specs/".count).dropLast(".json".count) ?? "")
            let reason = test.member("reason").string ?? ""
            switch test.member("status").string {
            case "differs":
                fromData.insert(Row(file: file, name: test.member("name").string ?? "", reason: reason,
                                    outcome: "output:" + (test.member("mustachio_output").string ?? "")))
            case "parse-error":
                fromData.insert(Row(file: file, name: test.member("name").string ?? "", reason: reason,
                                    outcome: "error:" + (test.member("mustachio_error").string ?? "")))
            default:
                continue
            }
        }
        let listed = Set(SpecDifference.all.map { difference -> Row in
            let outcome: String
            switch difference.outcome {
            case .output(let text): outcome = "output:" + text
            case .parseError(let message): outcome = "error:" + message
            }
            return Row(file: difference.file, name: difference.name, reason: difference.reason, outcome: outcome)
        })
        #expect(fromData.count == 36)
        #expect(listed == fromData)
    }

    @Test("every core spec test is classified, and the counts match mustachio.md §12")
    func classification() {
        var status: [String: String] = [:]
        for test in Self.compat.member("tests").array {
            status["\(test.member("file").string ?? "")|\(test.member("name").string ?? "")"] = test.member("status").string
        }
        var counts: [String: Int] = [:]
        for test in Self.coreCases {
            let value = status["specs/\(test.file).json|\(test.name)"] ?? "missing"
            counts["\(test.file):\(value)", default: 0] += 1
            // "same" in the data ⇔ not listed as a difference here.
            #expect((value == "same") == (Self.difference(for: test) == nil), "\(test.testDescription)")
        }
        #expect(counts == [
            "comments:same": 5, "comments:differs": 7, "interpolation:same": 42,
            "inverted:same": 14, "inverted:differs": 6, "inverted:parse-error": 2,
            "sections:same": 13, "sections:differs": 19, "sections:parse-error": 2,
        ])
        for test in Self.otherCases {
            #expect(status["specs/\(test.file).json|\(test.name)"] == "not-applicable", "\(test.testDescription)")
        }
    }

    /// Partials, set delimiters, dynamic names and inheritance are not part of the language (§3): their tags are
    /// invalid paths, so every such template fails to parse. (Lambdas are plain values to Mustachio.)
    @Test(arguments: otherCases.filter { $0.file != "~lambdas" })
    func inapplicableSyntaxIsRejected(_ test: SpecCase) {
        let error = #expect(throws: TemplateError.self) { try Template.parse(test.template) }
        #expect(error?.kind == .parse)
    }
}

// Render throughput of the largest public Postmark template in its layout (issue 6 benchmark).
//
//   template-bench [TESTDATA_DIR] [SECONDS_PER_STEP]
//
// TESTDATA_DIR defaults to ../shared/testdata/postmark-templates (relative to the working directory).
// Prints one RESULT line per step; bench/templates.sh runs it from a release build.
import CSSInlining
import Foundation
import Templates

let arguments = CommandLine.arguments
let corpus = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "../shared/testdata/postmark-templates")
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 3 : 3

func read(_ path: String) -> String {
    guard let text = try? String(contentsOf: corpus.appendingPathComponent(path), encoding: .utf8) else {
        FileHandle.standardError.write(Data("template-bench: cannot read \(corpus.path)/\(path)\n".utf8))
        exit(1)
    }
    return text
}

func meta(_ folder: String) -> [String: Any] {
    let data = Data(read("\(folder)/meta.json").utf8)
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("postmark-templates").path))?
    .sorted() ?? []
guard let largest = names.max(by: {
    read("postmark-templates/\($0)/content.html").utf8.count < read("postmark-templates/\($1)/content.html").utf8.count
}) else {
    FileHandle.standardError.write(Data("template-bench: no templates in \(corpus.path)\n".utf8))
    exit(1)
}
let layoutName = meta("postmark-templates/\(largest)")["LayoutTemplate"] as? String ?? "basic"
let contentSource = read("postmark-templates/\(largest)/content.html")
let layoutSource = read("postmark-layouts/\(layoutName)/content.html")

let content = try Template.parse(contentSource)
let layout = try Template.parse(layoutSource, type: .layout)
var model = SuggestedModel.infer(from: try layout.embedding(content))
model = model.merging(.object(TemplateObject([("preheader", .string("A short preheader"))])))
let sample = try Template.render(content: content, layout: layout, model: model)
let inlinedSample = CSSInliner.inline(sample)
print("template: \(largest) (\(contentSource.utf8.count) bytes) in layout \(layoutName) (\(layoutSource.utf8.count) bytes); "
    + "rendered \(sample.utf8.count) bytes, \(inlinedSample.utf8.count) after CSS inlining")

/// Runs `body` repeatedly for `seconds` and prints its rate (only the step named by BENCH_STEP, if set).
func measure(_ name: String, outputBytes: Int, _ body: () throws -> Int) rethrows {
    if let only = ProcessInfo.processInfo.environment["BENCH_STEP"], only != name { return }
    let clock = ContinuousClock()
    let start = clock.now
    var count = 0
    var sink = 0
    while clock.now - start < .seconds(seconds) {
        for _ in 0..<20 { sink &+= try body() }
        count += 20
    }
    let elapsed = clock.now - start
    let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(count) / total
    print(String(
        format: "RESULT step=%@ per_s=%.0f us_each=%.1f mb_out_s=%.1f (sink %d)", name, rate, 1e6 / rate,
        rate * Double(outputBytes) / 1e6, sink % 7))
}

try measure("render", outputBytes: sample.utf8.count) {
    try Template.render(content: content, layout: layout, model: model).utf8.count
}
try measure("render+inline_css", outputBytes: inlinedSample.utf8.count) {
    CSSInliner.inline(try Template.render(content: content, layout: layout, model: model)).utf8.count
}
measure("inline_css_only", outputBytes: inlinedSample.utf8.count) {
    CSSInliner.inline(sample).utf8.count
}
try measure("parse+render+inline_css", outputBytes: inlinedSample.utf8.count) {
    let freshContent = try Template.parse(contentSource)
    let freshLayout = try Template.parse(layoutSource, type: .layout)
    return CSSInliner.inline(try Template.render(content: freshContent, layout: freshLayout, model: model)).utf8.count
}

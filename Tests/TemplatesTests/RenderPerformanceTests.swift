import Foundation
import Templates
import Testing

/// Not a benchmark (those live in `bench/`): prints how long the largest public template takes to render, as a
/// smoke signal for accidental slowdowns. Asserts only that the output is stable.
@Suite("Rendering timing")
struct RenderPerformanceTests {
    @Test("render the largest public template, in its layout, 1000 times")
    func timing() throws {
        let names = PostmarkTemplatesTests.templates
        let largest = try #require(names.max { $0.html.utf8.count < $1.html.utf8.count })
        let layoutStored = try #require(PostmarkTemplatesTests.layouts.first { $0.alias == largest.layoutAlias })
        let content = try Template.parse(largest.html)
        let layout = try Template.parse(layoutStored.html, type: .layout)
        let combined = try layout.embedding(content)
        let model = SuggestedModel.infer(from: combined)

        let first = try combined.render(model: model)
        let clock = ContinuousClock()
        var bytes = 0
        let elapsed = try clock.measure {
            for _ in 0..<1000 {
                bytes += try Template.render(content: content, layout: layout, model: model).utf8.count
            }
        }
        let parse = clock.measure {
            for _ in 0..<100 { _ = try? Template.parse(layoutStored.html, type: .layout) }
        }
        print("""
            [timing] \(largest.folder) in \(layoutStored.folder): \(first.utf8.count) bytes out; \
            1000 renders in \(elapsed) (\(elapsed / 1000) each); 100 layout parses in \(parse)
            """)
        #expect(bytes == first.utf8.count * 1000)
    }
}

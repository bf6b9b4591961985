/// One `<style>` element the inliner reads.
struct StyleBlock {
    var startTag: HTMLStartTag
    /// The bytes between the tags; nil for an empty element.
    var content: Range<Int>?
    /// The range of the end tag, if the element has one.
    var endTag: Range<Int>?

    /// The `<style>` elements whose rules apply to the screen (see `CSSInliner`), in document order.
    static func find(in tokens: [HTMLToken], bytes: [UInt8]) -> [StyleBlock] {
        var blocks: [StyleBlock] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard case .startTag(let tag) = tokens[index], tag.name == "style", applies(tag, bytes: bytes) else {
                continue
            }
            var block = StyleBlock(startTag: tag, content: nil, endTag: nil)
            if index + 1 < tokens.count, case .rawText(let range) = tokens[index + 1] {
                block.content = range
                index += 1
            }
            if index + 1 < tokens.count, case .endTag(let name, let range) = tokens[index + 1], name == "style" {
                block.endTag = range
                index += 1
            }
            blocks.append(block)
        }
        return blocks
    }

    static func applies(_ tag: HTMLStartTag, bytes: [UInt8]) -> Bool {
        func value(_ name: String) -> String? {
            tag.attribute(name).map { attribute in
                attribute.value.map { HTMLEntities.decode(bytes[$0]) } ?? ""
            }?.trimmingSpaces.lowercased()
        }
        if tag.attribute("data-embed") != nil { return false }
        if let type = value("type"), !type.isEmpty, type != "text/css" { return false }
        if let media = value("media"), !media.isEmpty {
            let queries = media.split(separator: ",").map { $0.trimmingSpaces.lowercased() }
            if !queries.allSatisfy({ $0 == "all" || $0 == "screen" }) { return false }
        }
        return true
    }

    /// The edit that leaves `leftover` in the element, or removes the element when nothing is left.
    func edit(keeping leftover: [String]) -> Edit {
        if leftover.isEmpty {
            let end = endTag?.upperBound ?? content?.upperBound ?? startTag.range.upperBound
            return Edit(range: startTag.range.lowerBound..<end, replacement: [])
        }
        let text = "\n" + leftover.joined(separator: "\n") + "\n"
        let at = content ?? startTag.range.upperBound..<startTag.range.upperBound
        return Edit(range: at, replacement: Array(text.utf8))
    }
}

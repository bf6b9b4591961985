import Foundation
import Storage
import Testing

/// The hand-written JSON column encoders must read back exactly through `decodeJSON`, for any text.
@Suite struct StorageCodingTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / ok", "tab\tnew\nline\rcr", "\u{01}\u{1F}", "Ünïcödé 😀",
        "\u{7F}\u{2028}\u{2029}",
    ]

    @Test func recipientsRoundTrip() throws {
        let entries = Self.awkward.map { RecipientEntry(email: "a\($0)@x.test", name: $0) }
        let text = StorageCoding.encodeJSON(entries)
        #expect(try StorageCoding.decodeJSON([RecipientEntry].self, text) == entries)
        #expect(StorageCoding.encodeJSON([RecipientEntry(email: "a@x.test", name: "A")]) == #"[{"email":"a@x.test","name":"A"}]"#)
    }

    @Test func metadataAndStringsRoundTrip() throws {
        let metadata = Self.awkward.map { MetadataEntry(key: "k\($0)", value: $0) }
        #expect(try StorageCoding.decodeJSON([MetadataEntry].self, StorageCoding.encodeJSON(metadata)) == metadata)
        #expect(try StorageCoding.decodeJSON([String].self, StorageCoding.encodeJSON(Self.awkward)) == Self.awkward)
        #expect(StorageCoding.encodeJSON([String]()) == "[]")
    }
}

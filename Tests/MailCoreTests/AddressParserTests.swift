import MailCore
import Testing

@Suite("AddressParser")
struct AddressParserTests {
    struct Valid: CustomTestStringConvertible, Sendable {
        var input: String
        var expected: [EmailAddress]
        var testDescription: String { input.debugDescription }
        init(_ input: String, _ expected: [(String?, String)]) {
            self.input = input
            self.expected = expected.map { EmailAddress(displayName: $0.0, address: $0.1) }
        }
    }

    static let local64 = String(repeating: "l", count: 64)

    static let validLists: [Valid] = [
        Valid("a@x.test", [(nil, "a@x.test")]),
        Valid("  a@x.test  ", [(nil, "a@x.test")]),
        Valid("Jane Doe <jane@x.test>", [("Jane Doe", "jane@x.test")]),
        Valid("Jane<jane@x.test>", [("Jane", "jane@x.test")]),
        Valid("\t Jane \t Doe\t<jane@x.test>\t", [("Jane Doe", "jane@x.test")]),
        Valid("\"Doe, Jane\" <jane@x.test>", [("Doe, Jane", "jane@x.test")]),
        Valid("a@x.test,b@x.test", [(nil, "a@x.test"), (nil, "b@x.test")]),
        Valid("a@x.test, b@x.test,", [(nil, "a@x.test"), (nil, "b@x.test")]),
        Valid(",, a@x.test ,, ,b@x.test,,", [(nil, "a@x.test"), (nil, "b@x.test")]),
        Valid(
            "\"Quoted, Name\" <q@x.test>,Plain Name <p@x.test> , bare@x.test",
            [("Quoted, Name", "q@x.test"), ("Plain Name", "p@x.test"), (nil, "bare@x.test")]
        ),
        Valid("<a@x.test>", [(nil, "a@x.test")]),
        Valid("\"\" <a@x.test>", [(nil, "a@x.test")]),
        Valid("< a@x.test >", [(nil, "a@x.test")]),
        Valid("Renée Müller <renee@x.test>", [("Renée Müller", "renee@x.test")]),
        Valid("\"山田 太郎\" <taro@x.test>, Ωμέγα <o@x.test>", [("山田 太郎", "taro@x.test"), ("Ωμέγα", "o@x.test")]),
        Valid("John Q. Public <jqp@x.test>", [("John Q. Public", "jqp@x.test")]),
        Valid("Jane (the boss) Doe <j@x.test> (work)", [("Jane Doe", "j@x.test")]),
        Valid("a@x.test (nested (comment) \\) here)", [(nil, "a@x.test")]),
        Valid("\"a\\\"b\\\\c\" <x@x.test>", [("a\"b\\c", "x@x.test")]),
        Valid("\"  Bob  \" <b@x.test>", [("  Bob  ", "b@x.test")]),
        Valid("Mix \"Quoted\" Words <m@x.test>", [("Mix Quoted Words", "m@x.test")]),
        Valid("\"john doe\"@x.test", [(nil, "\"john doe\"@x.test")]),
        Valid("\"john\"@x.test", [(nil, "john@x.test")]),
        Valid("\"a\\\"b\"@x.test", [(nil, "\"a\\\"b\"@x.test")]),
        Valid("user+tag@sub.example.test", [(nil, "user+tag@sub.example.test")]),
        Valid("o'brien.x_y-z!#$%&*/=?^`{|}~@x.test", [(nil, "o'brien.x_y-z!#$%&*/=?^`{|}~@x.test")]),
        Valid("用户@例子.测试", [(nil, "用户@例子.测试")]),
        Valid("a@xn--bcher-kva.example", [(nil, "a@xn--bcher-kva.example")]),
        Valid("a@123.test", [(nil, "a@123.test")]),
        Valid("a@[192.0.2.1]", [(nil, "a@[192.0.2.1]")]),
        Valid("Lit <a@[IPv6:2001:db8::1]>", [("Lit", "a@[IPv6:2001:db8::1]")]),
        Valid("a@[IPv6:2001:db8:0:0:0:0:0:1]", [(nil, "a@[IPv6:2001:db8:0:0:0:0:0:1]")]),
        Valid("a@[IPv6:::ffff:192.0.2.1]", [(nil, "a@[IPv6:::ffff:192.0.2.1]")]),
        Valid("\(local64)@x.test", [(nil, "\(local64)@x.test")]),
        Valid("", []),
        Valid("  ,  ", []),
    ]

    @Test("valid lists", arguments: validLists)
    func validList(_ c: Valid) throws {
        #expect(try AddressParser.parseList(c.input) == c.expected)
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        var input: String
        var code: AddressError.Code
        var testDescription: String { input.debugDescription }
        init(_ input: String, _ code: AddressError.Code) {
            self.input = input
            self.code = code
        }
    }

    static let label63 = String(repeating: "d", count: 63)

    static let invalidLists: [Invalid] = [
        Invalid("test", .syntax),
        Invalid("Jane Doe", .syntax),
        Invalid("a@b", .invalidDomain),
        Invalid("a@localhost", .invalidDomain),
        Invalid("a@@b.test", .invalidDomain),
        Invalid("a..b@x.test", .invalidLocalPart),
        Invalid(".a@x.test", .invalidLocalPart),
        Invalid("a.@x.test", .invalidLocalPart),
        Invalid("@x.test", .invalidLocalPart),
        Invalid("<>", .invalidLocalPart),
        Invalid("\"\"@x.test", .invalidLocalPart),
        Invalid("a b@x.test", .invalidLocalPart),
        Invalid("<a@x.test", .syntax),
        Invalid("a@x.test>", .syntax),
        Invalid("Jane <a@x.test> Doe", .syntax),
        Invalid("a@x.test <b@x.test>", .syntax),
        Invalid("a@x.test; b@x.test", .syntax),
        Invalid("a@x.test;b@x.test", .syntax),
        Invalid("Smith, John <j@x.test>", .syntax),
        Invalid("Group: a@x.test;", .syntax),
        Invalid("\"unterminated <a@x.test>", .syntax),
        Invalid("(unterminated a@x.test", .syntax),
        Invalid("a@x.test\r\nBcc: victim@x.test", .lineBreak),
        Invalid("a@x.test\nBcc: victim@x.test", .lineBreak),
        Invalid("\"Evil\r\n\" <a@x.test>", .lineBreak),
        Invalid("a@x.test\u{0}", .lineBreak),
        Invalid("a@x.test\r", .lineBreak),
        Invalid("\(String(repeating: "l", count: 65))@x.test", .tooLong),
        Invalid("a@\(label63).\(label63).\(label63).\(label63).test", .tooLong),
        Invalid("\(String(repeating: "l", count: 64))@\(label63).\(label63).\(label63).test", .tooLong),
        Invalid("a@\(label63)d.test", .invalidDomain),
        Invalid("a@-x.test", .invalidDomain),
        Invalid("a@x-.test", .invalidDomain),
        Invalid("a@x..test", .invalidDomain),
        Invalid("a@.x.test", .invalidDomain),
        Invalid("a@x.test.", .invalidDomain),
        Invalid("a@x_y.test", .invalidDomain),
        Invalid("a@x.test:25", .invalidDomain),
        Invalid("a@1.2.3.4", .invalidDomain),
        Invalid("a@[1.2.3.256]", .invalidDomain),
        Invalid("a@[1.2.3]", .invalidDomain),
        Invalid("a@[IPv6:zz::1]", .invalidDomain),
        Invalid("a@[IPv6:1::2::3]", .invalidDomain),
        Invalid("a@[IPv6:1:2:3:4:5:6:7]", .invalidDomain),
        Invalid("a@[1.2.3.4", .invalidDomain),
        Invalid("a@", .invalidDomain),
        Invalid("ok@x.test, bad", .syntax),
    ]

    @Test("invalid lists", arguments: invalidLists)
    func invalidList(_ c: Invalid) {
        let error = #expect(throws: AddressError.self) { try AddressParser.parseList(c.input) }
        #expect(error?.code == c.code)
        #expect(error?.reason.isEmpty == false)
    }

    @Test func errorNamesTheFailingItem() {
        let error = #expect(throws: AddressError.self) {
            try AddressParser.parseList("ok@x.test, \"A, B\" <bad@@x.test> , other@x.test")
        }
        #expect(error?.input == "\"A, B\" <bad@@x.test>")
        #expect(error?.code == .invalidDomain)
    }

    @Test func lineBreakErrorCarriesWholeInput() {
        let input = "a@x.test\r\nBcc: victim@x.test"
        let error = #expect(throws: AddressError.self) { try AddressParser.parseList(input) }
        #expect(error?.input == input)
        // The description must not contain raw control characters (log injection).
        #expect(error.map { !$0.description.contains("\r\n") } == true)
    }

    @Test func parseMailboxRequiresExactlyOne() throws {
        #expect(try AddressParser.parseMailbox(" Jane <j@x.test>, ") == EmailAddress(displayName: "Jane", address: "j@x.test"))
        let empty = #expect(throws: AddressError.self) { try AddressParser.parseMailbox("  ") }
        #expect(empty?.code == .empty)
        let many = #expect(throws: AddressError.self) { try AddressParser.parseMailbox("a@x.test, b@x.test") }
        #expect(many?.code == .multipleMailboxes)
        let bad = #expect(throws: AddressError.self) { try AddressParser.parseMailbox("a@b") }
        #expect(bad?.code == .invalidDomain)
    }

    @Test func formattedOutputParsesBack() throws {
        let names = ["Doe, Jane", "a\"b\\c", "Renée", "  spaced  ", "(not a comment)", "semi;colon <x>"]
        for name in names {
            let original = EmailAddress(displayName: name, address: "n@x.test")
            #expect(try AddressParser.parseMailbox(original.formatted) == original)
        }
    }
}

import Foundation
import MailCore
import Testing

@Suite("EmailAddress")
struct EmailAddressTests {
    @Test(arguments: [
        ("a.b@example.test", "a.b", "example.test"),
        ("\"a@b\"@example.test", "\"a@b\"", "example.test"),
        ("用户@例子.测试", "用户", "例子.测试"),
        ("a@[192.0.2.1]", "a", "[192.0.2.1]"),
        ("no-at-sign", "no-at-sign", ""),
    ])
    func parts(address: String, local: String, domain: String) {
        let value = EmailAddress(address: address)
        #expect(value.localPart == local)
        #expect(value.domain == domain)
    }

    @Test(arguments: [
        (nil, "a@x.test", "a@x.test"),
        ("", "a@x.test", "a@x.test"),
        ("Jane Doe", "a@x.test", "\"Jane Doe\" <a@x.test>"),
        ("Doe, Jane", "a@x.test", "\"Doe, Jane\" <a@x.test>"),
        ("Say \"hi\"", "a@x.test", "\"Say \\\"hi\\\"\" <a@x.test>"),
        ("back\\slash", "a@x.test", "\"back\\\\slash\" <a@x.test>"),
        ("Renée", "r@x.test", "\"Renée\" <r@x.test>"),
    ] as [(String?, String, String)])
    func formatted(name: String?, address: String, expected: String) {
        let value = EmailAddress(displayName: name, address: address)
        #expect(value.formatted == expected)
        #expect(value.description == expected)
    }

    @Test func parsingInitialiser() throws {
        let value = try EmailAddress(parsing: "\"Doe, Jane\" <jane@x.test>")
        #expect(value.displayName == "Doe, Jane")
        #expect(value.address == "jane@x.test")
        #expect(throws: AddressError.self) { try EmailAddress(parsing: "jane") }
    }

    @Test func codableRoundTrip() throws {
        let values = [
            EmailAddress(displayName: "Renée \"R\"", address: "r@x.test"),
            EmailAddress(address: "plain@x.test"),
        ]
        let data = try JSONEncoder().encode(values)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: data) == values)
    }
}

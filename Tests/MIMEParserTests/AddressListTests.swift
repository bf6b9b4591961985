import MIMEParser
import MailCore
import Testing

@Suite("Address-list headers (RFC 5322 §3.4)")
struct AddressListTests {
    @Test(arguments: [
        // RFC 5322 Appendix A.1.1 / A.1.2.
        ("John Doe <jdoe@machine.example>", [["John Doe", "jdoe@machine.example"]], [String]()),
        ("\"Joe Q. Public\" <john.q.public@example.com>", [["Joe Q. Public", "john.q.public@example.com"]], []),
        ("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
         [["Mary Smith", "mary@x.test"], ["", "jdoe@example.org"], ["Who?", "one@y.test"]], []),
        ("\"Giant; \\\"Big\\\" Box\" <sysservices@example.net>", [["Giant; \"Big\" Box", "sysservices@example.net"]], []),
        // A.1.3 groups.
        ("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
         [["Ed Jones", "c@a.test"], ["", "joe@where.test"], ["John", "jdoe@one.test"]], []),
        ("Undisclosed recipients:;", [], []),
        // A.6.1 obsolete forms: "." in a phrase, routes.
        ("Joe Q. Public <john.q.public@example.com>", [["Joe Q. Public", "john.q.public@example.com"]], []),
        ("<@machine.tld:mary@example.net>, , jdoe@test.example", [["", "mary@example.net"], ["", "jdoe@test.example"]], []),
        // Comments.
        ("MAILER-DAEMON@python.org (Mail Delivery System)", [["", "MAILER-DAEMON@python.org"]], []),
        // RFC 2047 §8 display names, decoded after the list is split.
        ("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>", [["Keith Moore", "moore@cs.utk.edu"]], []),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>", [["André Pirard", "PIRARD@vm1.ulg.ac.be"]], []),
        ("=?utf-8?Q?Doe=2C_Jane?= <jane@x.test>, b@x.test", [["Doe, Jane", "jane@x.test"], ["", "b@x.test"]], []),
        // What AddressParser rejects is reported, the rest kept.
        ("MAILER-DAEMON, ok@x.test, <>", [["", "ok@x.test"]], ["MAILER-DAEMON", "<>"]),
        ("a@x.test; b@y.test", [["", "a@x.test"], ["", "b@y.test"]], []),
    ] as [(String, [[String]], [String])])
    func parses(_ value: String, _ expected: [[String]], _ invalid: [String]) {
        let list = AddressListParser.parse(value)
        #expect(list.addresses.map { [$0.displayName ?? "", $0.address] } == expected)
        #expect(list.invalid == invalid)
    }

    @Test func headersAreCombined() {
        let message = parse("From: =?utf-8?q?Ren=C3=A9e?= <r@example.test>\r\nTo: a@x.test\r\nTo: b@x.test\r\n\r\n")
        #expect(message.from.first == EmailAddress(displayName: "Renée", address: "r@example.test"))
        #expect(message.to.addresses.map(\.address) == ["a@x.test", "b@x.test"])
        #expect(message.cc.isEmpty)
    }
}

import DNSProtocol
import DNSResolver
@testable import DomainVerification
import Testing

@Suite("DKIM key records and tag lists (RFC 6376 §3.2, §3.6.1)")
struct KeyRecordTests {
    @Test("tag lists: whitespace around names, = and values; a final ; is allowed")
    func tagList() throws {
        let list = try TagList(parsing: " v = DKIM1 ;\tk=rsa;\r\n p = AB CD ; ")
        #expect(list.tags.map(\.name) == ["v", "k", "p"])
        #expect(list["p"] == "AB CD")
        #expect(list["K"] == nil)  // names are case-sensitive
    }

    @Test("tag lists that are not valid", arguments: [
        ("", "the record is empty"),
        ("v=DKIM1;; p=AB", "empty tag between \";\""),
        ("v=DKIM1; hello", "\"hello\" is not a tag=value pair"),
        ("1k=rsa; p=AB", "\"1k\" is not a valid tag name"),
        ("p=AB; p=CD", "the tag p= appears more than once"),
    ])
    func invalidTagList(text: String, message: String) {
        #expect(throws: TagListError(message)) { try TagList(parsing: text) }
    }

    @Test("base64 with folding white space and optional padding")
    func base64() {
        #expect(Base64.decode("TWFu") == Array("Man".utf8))
        #expect(Base64.decode("TW E=") == Array("Ma".utf8))
        #expect(Base64.decode("TWE") == Array("Ma".utf8))
        #expect(Base64.decode("TQ==\r\n") == Array("M".utf8))
        #expect(Base64.decode("TQ") == Array("M".utf8))
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("T") == nil)  // one leftover character
        #expect(Base64.decode("TQ=a") == nil)  // data after padding
        #expect(Base64.decode("T*==") == nil)
    }

    @Test("key records: defaults, revocation, service types")
    func keyRecord() throws {
        let plain = try DKIMKeyRecord(parsing: "p=TWFu")
        #expect(plain.keyType == "rsa")
        #expect(plain.publicKey == Array("Man".utf8))
        #expect(plain.isForEmail)
        #expect(try DKIMKeyRecord(parsing: "v=DKIM1; k=ED25519; p=TWFu").keyType == "ed25519")
        #expect(try DKIMKeyRecord(parsing: "v=DKIM1; p=").isRevoked)
        #expect(try !DKIMKeyRecord(parsing: "s=dns; p=TWFu").isForEmail)
        #expect(try DKIMKeyRecord(parsing: "s=dns:email; p=TWFu").isForEmail)
        #expect(try DKIMKeyRecord(parsing: "s=*; p=TWFu").isForEmail)
    }

    @Test("key records that are not valid", arguments: [
        ("k=rsa; v=DKIM1; p=TWFu", "v= must be the first tag"),
        ("v=DKIM2; p=TWFu", "v=DKIM2 instead of v=DKIM1"),
        ("v=dkim1; p=TWFu", "v=dkim1 instead of v=DKIM1"),
        ("v=DKIM1; k=rsa", "no p= tag (the public key)"),
        ("v=DKIM1; k=; p=TWFu", "k= is empty"),
        ("v=DKIM1; p=TW!u", "p= is not valid base64"),
    ])
    func invalidKeyRecord(text: String, message: String) {
        #expect(throws: TagListError(message)) { try DKIMKeyRecord(parsing: text) }
    }
}

@Suite("SPF records (RFC 7208 §4.5, §4.6.1)")
struct SPFRecordTests {
    @Test("which TXT records are SPF records")
    func isSPF() {
        #expect(SPFRecord.isSPF("v=spf1"))
        #expect(SPFRecord.isSPF("v=spf1 -all"))
        #expect(SPFRecord.isSPF("V=SPF1 mx -all"))
        #expect(!SPFRecord.isSPF("v=spf10 -all"))
        #expect(!SPFRecord.isSPF(" v=spf1 -all"))
        #expect(!SPFRecord.isSPF("google-site-verification=abc"))
    }

    @Test("terms: qualifiers, mechanisms and modifiers")
    func terms() {
        let record = SPFRecord("v=spf1 a mx/24 ~include:spf.mtasv.net  ip4:192.0.2.0/24 redirect=_spf.example.test -all")
        #expect(record.terms == [
            .init(qualifier: "+", name: "a", argument: ""),
            .init(qualifier: "+", name: "mx", argument: "/24"),
            .init(qualifier: "~", name: "include", argument: ":spf.mtasv.net"),
            .init(qualifier: "+", name: "ip4", argument: ":192.0.2.0/24"),
            .init(qualifier: nil, name: "redirect", argument: "=_spf.example.test"),
            .init(qualifier: "-", name: "all", argument: ""),
        ])
        #expect(record.terms[2].display == "~include:spf.mtasv.net")
        #expect(record.terms[4].display == "redirect=_spf.example.test")
    }

    @Test("the expected value: a domain means include:, a mechanism is taken as written")
    func expected() {
        #expect(DomainVerifier.expectedMechanism("spf.mtasv.net") == .init(qualifier: "+", name: "include", argument: ":spf.mtasv.net"))
        #expect(DomainVerifier.expectedMechanism(" include:spf.mtasv.net ") == .init(qualifier: "+", name: "include", argument: ":spf.mtasv.net"))
        #expect(DomainVerifier.expectedMechanism("+ip4:192.0.2.1") == .init(qualifier: "+", name: "ip4", argument: ":192.0.2.1"))
        #expect(DomainVerifier.expectedMechanism("a.example.test") == .init(qualifier: "+", name: "include", argument: ":a.example.test"))
    }
}

import SMTPProtocol
import Testing

/// `Base64.decode` in SMTPProtocol is strict (RFC 4648 §3.3, §3.5), as SASL needs (RFC 4954 §4).
@Suite struct Base64DecodeTests {
    /// RFC 4648 §10 test vectors.
    @Test(arguments: [("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"),
                      ("Zm9vYmE=", "fooba"), ("Zm9vYmFy", "foobar")])
    func rfc4648Vectors(_ encoded: String, _ decoded: String) {
        #expect(Base64.decode(Array(encoded.utf8)) == Array(decoded.utf8))
        #expect(Base64.encode(Array(decoded.utf8)) == encoded)
    }

    @Test func allByteValuesRoundTrip() {
        let bytes = (0...255).map { UInt8($0) }
        for length in 0...bytes.count {
            let slice = Array(bytes.prefix(length))
            #expect(Base64.decode(Array(Base64.encode(slice).utf8)) == slice)
        }
    }

    @Test(arguments: ["Zg", "Zg=", "Zg===", "Z===", "====", "Zm9v\r\nYmFy", "Zm9v YmFy", "Zm9-", "Zm9_", "Zg==Zg==",
                      "Z=g=", "Zh==", "Zm9=", "Zm8", "=Zm8", "Zm8=\u{0}"])
    func rejectsNonCanonicalInput(_ encoded: String) {
        #expect(Base64.decode(Array(encoded.utf8)) == nil)
    }
}

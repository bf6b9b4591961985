import DNSProtocol
import DNSResolver

extension DomainVerifier {
    /// Looks up TXT at "<selector>._domainkey.<domain>" and checks that it publishes the key of
    /// `expectedValue` (the DNS value Postage handed out, "v=DKIM1; k=rsa; p=<base64>").
    ///
    /// The character-strings of the record are joined (RFC 6376 §3.6.2.2: a 2048-bit key does not
    /// fit one string), the tag list is parsed (§3.6.1), and the key type and the decoded key
    /// bytes are compared, so spacing, tag order and an omitted `v=` or default `k=rsa` do not
    /// matter. An empty `p=` is a revoked key. A CNAME to the record is followed.
    public func verifyDKIM(domain: String, selector: String, expectedValue: String) async -> VerificationResult {
        let expected: DKIMKeyRecord
        do {
            expected = try DKIMKeyRecord(parsing: expectedValue)
        } catch {
            return .failure("the expected DKIM value is not a valid key record: \(error)")
        }
        guard !expected.isRevoked else {
            return .failure("the expected DKIM value has an empty p= (a revoked key)")
        }

        let host = Self.normalized(selector) + "._domainkey." + Self.normalized(domain)
        let records: [TXTRecord]
        switch await lookup(.txt, at: host, resolver.txt) {
        case .records(let found): records = found
        case .missing(let reason): return .failure(reason)
        case .failed(let result): return result
        }
        // RFC 6376 §3.6.2.2: one TXT RR per selector; with several, results are undefined.
        guard records.count == 1 else {
            return .failure(
                "\(records.count) TXT records at \(host): a DKIM selector must have exactly one (RFC 6376 §3.6.2.2)")
        }

        let published: DKIMKeyRecord
        do {
            published = try DKIMKeyRecord(parsing: records[0].text)
        } catch {
            return .failure("the TXT record at \(host) is not a valid DKIM key record: \(error)")
        }
        if published.isRevoked {
            return .failure("the key at \(host) is revoked (empty p=)")
        }
        if !published.isForEmail {
            let services = published.serviceTypes?.joined(separator: ":") ?? ""
            return .failure("the key at \(host) is not for email (s=\(services))")
        }
        if published.keyType != expected.keyType {
            return .failure("the published key type is \(published.keyType), expected \(expected.keyType)")
        }
        if published.publicKey != expected.publicKey {
            return .failure("the published key differs from the expected key")
        }
        return .success
    }
}

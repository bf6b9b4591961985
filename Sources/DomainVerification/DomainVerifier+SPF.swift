import DNSProtocol
import DNSResolver

extension DomainVerifier {
    /// Checks that `domain` publishes exactly one SPF record and that it authorizes Postage with
    /// `expectedInclude`: a domain ("spf.mtasv.net", meaning `include:spf.mtasv.net`) or a whole
    /// mechanism ("include:spf.mtasv.net", "ip4:192.0.2.0/24", "a:mail.example.test").
    ///
    /// RFC 7208 §4.5: records not starting with "v=spf1" are ignored, and more than one SPF
    /// record is a permerror. §3.3: the strings of a record are joined without spaces. The
    /// mechanism must have the "+" qualifier (written or implied) and come before any "all"
    /// (§5.1: mechanisms after "all" are never tested).
    public func verifySPF(domain: String, expectedInclude: String) async -> VerificationResult {
        let host = Self.normalized(domain)
        let wanted = Self.expectedMechanism(expectedInclude)
        let records: [TXTRecord]
        switch await lookup(.txt, at: host, resolver.txt) {
        case .records(let found): records = found
        case .missing(let reason): return .failure(reason + "; it must have an SPF record with \(wanted.display)")
        case .failed(let result): return result
        }
        let spf = records.map(\.text).filter(SPFRecord.isSPF)
        guard !spf.isEmpty else {
            return .failure("no SPF record (v=spf1) at \(host); it must have one with \(wanted.display)")
        }
        guard spf.count == 1 else {
            return .failure(
                "\(spf.count) SPF records (v=spf1) at \(host): more than one is a permanent error "
                    + "(RFC 7208 §4.5); merge them into one")
        }
        let terms = SPFRecord(spf[0]).terms
        guard let index = terms.firstIndex(where: { $0.sameMechanism(as: wanted) }) else {
            return .failure("the SPF record at \(host) has no \(wanted.display)")
        }
        let found = terms[index]
        guard found.qualifier == "+" else {
            return .failure(
                "the SPF record at \(host) has \(found.display), which does not authorize Postage; "
                    + "it must be \(wanted.name + wanted.argument)")
        }
        if let all = terms[..<index].first(where: { $0.qualifier != nil && $0.name == "all" }) {
            return .failure(
                "\(found.display) comes after \(all.display) in the SPF record at \(host), "
                    + "so it is never evaluated (RFC 7208 §5.1)")
        }
        return .success
    }

    /// "spf.mtasv.net" means "include:spf.mtasv.net"; anything naming a mechanism is taken as is.
    static func expectedMechanism(_ text: String) -> SPFRecord.Term {
        let trimmed = text.trimmingFWS()
        let term = SPFRecord.term(trimmed)
        if term.qualifier != nil, SPFRecord.mechanisms.contains(term.name) {
            return SPFRecord.Term(qualifier: "+", name: term.name, argument: term.argument)
        }
        return SPFRecord.Term(qualifier: "+", name: "include", argument: ":" + trimmed)
    }
}

extension DKIMSigner {
    /// The `h=` list for `message` (RFC 6376 §5.4): every name of `signedHeaders` as often as it occurs
    /// (instances are consumed bottom-up, §5.4.2), `from` always, then one extra entry per name in
    /// `oversignedHeaders`. Names are written lower-case; h= compares case-insensitively (§3.5).
    func headerList(for message: MessageHeader) throws -> [String] {
        let from = Array("from".utf8)
        guard message.fields.contains(where: { $0.hasName(from) }) else {
            // RFC 6376 §5.4: "The From header field MUST be signed".
            throw DKIMError(.missingFrom, "the message has no From header field, which DKIM must sign")
        }
        var list: [String] = []
        var seen = Set<String>()
        let names = signedHeaders.contains(where: { $0.lowercased() == "from" }) ? signedHeaders : ["From"] + signedHeaders
        for name in names {
            let lowered = Self.normalizedName(name)
            guard !lowered.isEmpty, seen.insert(lowered).inserted else { continue }
            let bytes = Array(lowered.utf8)
            let count = message.fields.reduce(0) { $0 + ($1.hasName(bytes) ? 1 : 0) }
            list += repeatElement(lowered, count: count)
        }
        var oversigned = Set<String>()
        for name in oversignedHeaders {
            let lowered = Self.normalizedName(name)
            guard !lowered.isEmpty, oversigned.insert(lowered).inserted else { continue }
            list.append(lowered)
        }
        return list
    }

    /// A header field name as it goes into `h=`: lower-case, and only the printable characters a field name may
    /// have (RFC 5322 §3.6.8 ftext: %d33-57 / %d59-126).
    static func normalizedName(_ name: String) -> String {
        let ftext = name.lowercased().unicodeScalars.filter { (33...126).contains($0.value) && $0 != ":" }
        return String(String.UnicodeScalarView(ftext))
    }
}

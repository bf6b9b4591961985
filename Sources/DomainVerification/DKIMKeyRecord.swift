/// A DKIM public key record (RFC 6376 §3.6.1), parsed from the joined text of one TXT record.
struct DKIMKeyRecord: Equatable {
    /// `k=`, lowercased; "rsa" when the tag is absent (RFC 6376 §3.6.1). "ed25519" is RFC 8463.
    var keyType: String
    /// The decoded `p=`; empty when the key is revoked (an empty `p=`).
    var publicKey: [UInt8]
    /// `s=` service types, lowercased; nil when absent (which means "*").
    var serviceTypes: [String]?

    var isRevoked: Bool { publicKey.isEmpty }

    /// Whether `s=` allows use for email (`*` or `email`).
    var isForEmail: Bool {
        serviceTypes.map { $0.contains("*") || $0.contains("email") } ?? true
    }

    /// - Throws: `TagListError` saying why this is not a key record.
    init(parsing text: String) throws(TagListError) {
        let list = try TagList(parsing: text)
        // v= is optional, but when present it is the first tag and exactly "DKIM1"; records with
        // another version are discarded (RFC 6376 §3.6.1).
        if let index = list.tags.firstIndex(where: { $0.name == "v" }) {
            guard index == 0 else { throw TagListError("v= must be the first tag") }
            guard list.tags[0].value == "DKIM1" else {
                throw TagListError("v=\(list.tags[0].value) instead of v=DKIM1")
            }
        }
        let keyType = (list["k"] ?? "rsa").lowercased()
        guard !keyType.isEmpty else { throw TagListError("k= is empty") }
        self.keyType = keyType
        guard let key = list["p"] else { throw TagListError("no p= tag (the public key)") }
        guard let bytes = Base64.decode(key) else { throw TagListError("p= is not valid base64") }
        publicKey = bytes
        serviceTypes = list["s"].map { value in
            value.split(separator: ":").map { $0.trimmingFWS().lowercased() }
        }
    }
}

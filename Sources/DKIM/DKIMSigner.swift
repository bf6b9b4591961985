import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Signs messages with one key for one `d=` domain and `s=` selector (RFC 6376 §5).
///
/// The signature always uses `c=relaxed/relaxed` unless told otherwise, never `l=` (a body length limit lets
/// anyone append content), and signs the header fields in `signedHeaders` that are present, bottom-up for
/// repeated fields (RFC 6376 §5.4.2), plus one extra `h=` entry for every name in `oversignedHeaders` (`From` by
/// default) so that a second instance cannot be added later without breaking the signature (§5.4.2, §8.15).
///
/// Input: the message as it will be sent, CRLF line ends. A bare LF is read as CRLF (see `MessageHeader`), so an
/// LF-only message gets the signature its CRLF form on the wire needs; the returned field always uses CRLF.
/// Header fields must not be changed after signing (under `relaxed`, only their whitespace and name case may).
public struct DKIMSigner: Sendable {
    public let domain: String
    public let selector: String
    public let key: DKIMKey
    public let signedHeaders: [String]
    public let oversignedHeaders: [String]
    public let identity: String?
    public let canonicalization: DKIMCanonicalization

    /// How the field text is laid out. Only the RFC 8463 vector tests change it (their field has `q=dns/txt` and
    /// `h=a : b` with spaces, which changes the signed bytes).
    struct FieldStyle: Sendable {
        var includeQueryMethod = false
        var spacedHeaderList = false
    }

    var style = FieldStyle()

    /// The header fields signed when present: RFC 6376 §5.4.1's recommended list, plus Message-ID, the MIME fields
    /// (whose change would change how the body is read) and List-Unsubscribe-Post (RFC 8058 §4 requires it
    /// signed together with List-Unsubscribe). `From` is always signed (RFC 6376 §5.4) even when left out here.
    public static let defaultSignedHeaders: [String] = [
        "From", "Reply-To", "Subject", "Date", "To", "Cc", "Message-ID",
        "Resent-Date", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc",
        "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe", "List-Post",
        "List-Owner", "List-Archive",
    ]

    /// Names listed once more in `h=` than they occur, so that adding one more instance breaks the signature
    /// (RFC 6376 §5.4.2 "signing a nonexistent header field", §8.15).
    public static let defaultOversignedHeaders: [String] = ["From"]

    /// - Parameters:
    ///   - domain: the `d=` signing domain (ASCII; internationalized names as A-labels).
    ///   - selector: the `s=` selector; the key is published at `<selector>._domainkey.<domain>`.
    ///   - identity: the `i=` agent or user identifier, `[local-part]@domain` where the domain is `domain` or a
    ///     subdomain of it (RFC 6376 §3.5). Omitted when nil (verifiers then assume `@<domain>`).
    ///   - canonicalization: `c=`, relaxed/relaxed by default.
    ///   - oversignedHeaders: names given one extra `h=` entry (see `defaultOversignedHeaders`).
    public init(
        domain: String,
        selector: String,
        key: DKIMKey,
        signedHeaders: [String] = DKIMSigner.defaultSignedHeaders,
        identity: String? = nil,
        canonicalization: DKIMCanonicalization = .relaxedRelaxed,
        oversignedHeaders: [String] = DKIMSigner.defaultOversignedHeaders
    ) {
        self.domain = domain
        self.selector = selector
        self.key = key
        self.signedHeaders = signedHeaders
        self.identity = identity
        self.canonicalization = canonicalization
        self.oversignedHeaders = oversignedHeaders
    }

    /// The message with the `DKIM-Signature` field prepended (RFC 6376 §5.6).
    public func sign(_ message: [UInt8], timestamp: Date? = nil) throws -> [UInt8] {
        let field = try signatureField(for: message, timestamp: timestamp)
        return Array(field.utf8) + message
    }

    /// The complete `DKIM-Signature: ...\r\n` header field to prepend to `message`: folded into lines of at most
    /// 78 characters where possible, CRLF line ends.
    ///
    /// - Parameter timestamp: written as `t=` (RFC 6376 §3.5) when given.
    /// - Throws: `DKIMError` with `.missingFrom`, `.invalidParameter` or `.signingFailed`.
    public func signatureField(for message: [UInt8], timestamp: Date? = nil) throws -> String {
        var prepared = try prepare(message, timestamp: timestamp)
        let signature = try key.sign(headerData: prepared.headerData)
        prepared.folder.appendSplittable(Data(signature).base64EncodedString())
        return prepared.folder.text + "\r\n"
    }

    /// Everything before the signature operation: the field text up to and including "b=" and the exact header
    /// data that is hashed and signed (RFC 6376 §3.7).
    struct Prepared {
        var folder: FieldFolder
        var bodyHash: String
        var headerData: [UInt8]
    }

    func prepare(_ message: [UInt8], timestamp: Date?) throws -> Prepared {
        let tags = try validatedTags(timestamp: timestamp)
        let header = MessageHeader(parsing: message)

        // RFC 6376 §3.7 steps 1-2: the body hash over the canonical body.
        let bh = Canonicalization.bodyHash(header.body, canonicalization.body)

        let headerList = try self.headerList(for: header)

        // RFC 6376 §3.7 step 3 / §5.4.2: the selected header fields in h= order, each instance taken from the
        // bottom up; a name with no instance left (over-signing) adds nothing.
        var headerData: [UInt8] = []
        var used = Set<Int>()
        for name in headerList {
            let lowered = Array(name.utf8)
            guard let index = header.fields.indices.last(where: { !used.contains($0) && header.fields[$0].hasName(lowered) })
            else { continue }
            used.insert(index)
            headerData += Canonicalization.header(header.fields[index], canonicalization.header)
        }

        // The DKIM-Signature field itself with an empty b=, canonicalized, without its final CRLF (§3.7 step 4).
        var folder = FieldFolder(name: "DKIM-Signature")
        appendTags(tags, headerList: headerList, bodyHash: bh, to: &folder)
        // "b=" stays on a line with room for the start of its value, which is appended after signing.
        folder.append("b=", reserving: 16)
        headerData += Self.canonicalSignatureField(folder.text, canonicalization.header)
        return Prepared(folder: folder, bodyHash: bh, headerData: headerData)
    }

    // MARK: - Pieces

    struct Tags {
        var algorithm: String
        var canonicalization: String
        var domain: String
        var identity: String?
        var selector: String
        var timestamp: Int?
    }

    private func validatedTags(timestamp: Date?) throws -> Tags {
        guard Self.isDomainLike(domain) else {
            throw DKIMError(.invalidParameter, "d= must be an ASCII domain name, got '\(domain)'")
        }
        guard Self.isDomainLike(selector) else {
            throw DKIMError(.invalidParameter, "s= must be an ASCII selector (letters, digits, '-', '.'), got '\(selector)'")
        }
        var encodedIdentity: String?
        if let identity {
            encodedIdentity = try Self.encodedIdentity(identity, domain: domain)
        }
        var seconds: Int?
        if let timestamp {
            let value = timestamp.timeIntervalSince1970.rounded(.down)
            guard value >= 0, value < 1e15 else {
                throw DKIMError(.invalidParameter, "t= must be a non-negative Unix time, got \(value)")
            }
            seconds = Int(value)
        }
        return Tags(
            algorithm: key.algorithm.rawValue, canonicalization: canonicalization.description,
            domain: domain, identity: encodedIdentity, selector: selector, timestamp: seconds
        )
    }

    /// Tag order: v a c d [i] [q] s [t] h bh b — `v=` first as RFC 6376 §3.5 recommends, `b=` last so that
    /// the signed text is exactly the field up to "b=".
    private func appendTags(_ tags: Tags, headerList: [String], bodyHash: String, to folder: inout FieldFolder) {
        folder.append("v=1;")
        folder.append("a=\(tags.algorithm);")
        folder.append("c=\(tags.canonicalization);")
        folder.append("d=\(tags.domain);")
        if let identity = tags.identity { folder.append("i=\(identity);") }
        if style.includeQueryMethod { folder.append("q=dns/txt;") }
        folder.append("s=\(tags.selector);")
        if let timestamp = tags.timestamp { folder.append("t=\(timestamp);") }
        // h=: a fold (FWS) is allowed around each ":" (RFC 6376 §3.5).
        for (position, name) in headerList.enumerated() {
            let isFirst = position == 0
            let isLast = position == headerList.count - 1
            let word = (isFirst ? "h=" : "") + name + (isLast ? ";" : (style.spacedHeaderList ? " :" : ":"))
            folder.append(word, space: isFirst || style.spacedHeaderList)
        }
        folder.append("bh=\(bodyHash);")
    }

    /// The field text (ending in "b=") as it enters the header hash: canonicalized like any other field, without
    /// the final CRLF (RFC 6376 §3.7).
    static func canonicalSignatureField(_ text: String, _ algorithm: DKIMCanonicalization.Algorithm) -> [UInt8] {
        let parsed = MessageHeader(parsing: Array(text.utf8) + ASCII.crlf)
        guard let field = parsed.fields.first else { return [] }
        return Array(Canonicalization.header(field, algorithm).dropLast(2))
    }
}

extension Canonicalization {
    /// The `bh=` value: base64 of SHA-256 over the canonical body, streamed (RFC 6376 §3.7 steps 1-2).
    static func bodyHash(_ body: ArraySlice<UInt8>, _ algorithm: DKIMCanonicalization.Algorithm) -> String {
        var sink = HashSink()
        canonicalizeBody(body, algorithm, into: &sink)
        return Data(sink.hasher.finalize()).base64EncodedString()
    }
}

/// Streams canonical bytes into SHA-256.
struct HashSink: CanonicalSink {
    var hasher = SHA256()
    mutating func write(_ bytes: ArraySlice<UInt8>) { hasher.update(data: bytes) }
}

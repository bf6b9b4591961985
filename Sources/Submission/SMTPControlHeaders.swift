import MIMEParser
import MailCore
import PostmarkWire

/// What a message submitted over SMTP asks for through its `X-PM-*` header fields (reference
/// section 7). Postmark reads these and strips them; so does Postage, before anything is stored
/// or signed.
public struct SMTPControlHeaders: Sendable, Equatable {
    /// `X-PM-Message-Stream`; absent means the default transactional stream.
    public var stream: String = "outbound"
    /// `X-PM-Tag`
    public var tag: String?
    /// `X-PM-Metadata-<key>`, in order. A repeated key gets an incrementing numeric suffix
    /// (`key`, `key1`, `key2`) instead of an error, as Postmark's SMTP endpoint does.
    public var metadata: [(key: String, value: String)] = []
    /// `X-PM-TrackOpens` (also `X-PM-Track-Opens`); nil keeps the server's default.
    public var trackOpens: Bool?
    /// `X-PM-TrackLinks` (also `X-PM-Track-Links`), normalised to Postmark's spelling.
    public var trackLinks: String?
    /// `X-PM-KeepID: true` keeps the client's `Message-ID`; otherwise it is replaced.
    public var keepID = false

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.stream == rhs.stream && lhs.tag == rhs.tag && lhs.trackOpens == rhs.trackOpens
            && lhs.trackLinks == rhs.trackLinks && lhs.keepID == rhs.keepID
            && lhs.metadata.map(\.key) == rhs.metadata.map(\.key)
            && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
    }

    static let prefix = "x-pm-"
    static let metadataPrefix = "x-pm-metadata-"

    /// True for every field this reader consumes and strips: all of `X-PM-*`. A client-supplied
    /// `X-PM-Message-Id` must not survive next to the one Postage adds.
    public static func isControlField(_ field: HeaderField) -> Bool {
        field.name.lowercased().hasPrefix(prefix)
    }

    /// Reads the control fields. Invalid values are the client's error (`PostmarkError`), which
    /// the SMTP path records as an SMTPApiError rather than refusing the SMTP transaction.
    public static func read(_ header: HeaderSection) throws(PostmarkError) -> SMTPControlHeaders {
        var controls = SMTPControlHeaders()
        var metadataCounts: [String: Int] = [:]
        for field in header.fields {
            let name = field.name.lowercased()
            guard name.hasPrefix(prefix) else { continue }
            let value = field.decodedValue.trimmingSpaces
            switch name {
            case "x-pm-message-stream":
                if !value.isEmpty { controls.stream = value }
            case "x-pm-tag":
                if value.count > SubmissionLimits.maxTagLength {
                    throw .invalidEmailRequest(
                        "Tag may not be longer than \(SubmissionLimits.maxTagLength) characters.")
                }
                controls.tag = value.isEmpty ? nil : value
            case "x-pm-trackopens", "x-pm-track-opens":
                switch value.lowercased() {
                case "true": controls.trackOpens = true
                case "false": controls.trackOpens = false
                default: throw .invalidEmailRequest("Invalid 'X-PM-TrackOpens' value '\(value)'. Use true or false.")
                }
            case "x-pm-tracklinks", "x-pm-track-links":
                guard let known = SubmissionLimits.trackLinksValues.first(where: { $0.lowercased() == value.lowercased() })
                else {
                    throw .invalidEmailRequest(
                        "Invalid 'X-PM-TrackLinks' value '\(value)'. Use one of: None, HtmlAndText, HtmlOnly, TextOnly.")
                }
                controls.trackLinks = known
            case "x-pm-keepid":
                controls.keepID = value.lowercased() == "true"
            default:
                guard name.hasPrefix(metadataPrefix) else { continue }
                // The key keeps the client's spelling (header names are case-insensitive on the
                // wire, but Postmark shows the key as written).
                let key = String(field.name.dropFirst(metadataPrefix.count))
                let count = metadataCounts[key.lowercased(), default: 0]
                metadataCounts[key.lowercased()] = count + 1
                controls.metadata.append((key: count == 0 ? key : "\(key)\(count)", value: value))
            }
        }
        controls.metadata = try EmailValidator.metadata(controls.metadata)
        return controls
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}

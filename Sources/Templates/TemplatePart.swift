/// The parts of a Postmark template (`mustachio.md` §1).
public enum TemplatePart: String, Sendable, Hashable, CaseIterable {
    case subject = "Subject"
    case htmlBody = "HtmlBody"
    case textBody = "TextBody"

    /// How `{{ }}` is encoded in this part. Recommended in `mustachio.md` §7 and §14.1: encode in `HtmlBody`, do not
    /// encode in `Subject` and `TextBody`. This is the one place to flip if hosted Postmark proves otherwise.
    public var escaping: Escaping {
        switch self {
        case .htmlBody: return .html
        case .subject, .textBody: return .none
        }
    }

    /// Whether a layout can wrap this part: a Layout has `HtmlBody` and `TextBody` but no `Subject` (§9).
    public var takesLayout: Bool { self != .subject }
}

/// The template error codes (reference 2.3 "Templates", 3.3, 4.4). Texts quoted by the reference are exact; the
/// others are Postage's own wording.
extension PostmarkError {
    /// 1100: bad paging or filter on `GET /templates`.
    public static func templateQuery(_ message: String) -> PostmarkError { PostmarkError(1100, message) }

    /// 1101, the wire text for an unknown `TemplateId`.
    public static let templateNotFound = PostmarkError(
        1101, "The 'TemplateId' associated with this request is not valid or was not found.")

    /// 1101, the wire text for an unknown `TemplateAlias`.
    public static let templateAliasNotFound = PostmarkError(
        1101, "The Template's 'Alias' associated with this request is not valid or was not found.")

    /// 1101: neither `TemplateId` nor `TemplateAlias` on a templated send.
    public static let templateReferenceMissing = PostmarkError(
        1101, "Either a 'TemplateId' or a 'TemplateAlias' is required to send with a template.")

    /// 1101: `LayoutTemplate` names no Layout of this server.
    public static func layoutNotFound(_ alias: String) -> PostmarkError {
        PostmarkError(
            1101, "The 'LayoutTemplate' associated with this request is not valid or was not found: no layout "
                + "with the alias '\(alias)' exists on this server.")
    }

    /// 1105: the server already has its maximum number of templates.
    public static func templateLimit(_ limit: Int) -> PostmarkError {
        PostmarkError(1105, "This server already has \(limit) templates, the most it may have.")
    }

    /// 1109: empty or non-object request body on a template endpoint.
    public static let noTemplateData = PostmarkError(1109, "No template data received.")

    /// 1120: a required template field is missing.
    public static func templateFieldRequired(_ message: String) -> PostmarkError { PostmarkError(1120, message) }

    /// 1120, the text Postmark's SDKs surface for a templated send without a model.
    public static let templateModelRequired = PostmarkError(
        1120, "A 'TemplateModel' is required when using a template to send an email.")

    /// 1121: a template field is longer than allowed.
    public static func templateFieldTooLarge(_ message: String) -> PostmarkError { PostmarkError(1121, message) }

    /// 1122: a field has an invalid value (type, alias syntax or use, content that does not parse or render).
    public static func invalidTemplateField(_ message: String) -> PostmarkError { PostmarkError(1122, message) }

    /// 1123: fields that may not be combined (Subject on a Layout, HtmlBody next to a TemplateId, ...).
    public static func templateFieldCombination(_ message: String) -> PostmarkError { PostmarkError(1123, message) }

    /// 1124: a push with nothing to push, or too much.
    public static func templatePushInvalid(_ message: String) -> PostmarkError { PostmarkError(1124, message) }

    /// 1125: a pushed alias is a Standard template on one server and a Layout on the other.
    public static func templatePushTypesDiffer(_ alias: String) -> PostmarkError {
        PostmarkError(
            1125, "The template with the alias '\(alias)' has a different TemplateType on the source and on the "
                + "destination server.")
    }

    /// 1130: a Layout still used by templates.
    public static func layoutInUse(_ alias: String) -> PostmarkError {
        PostmarkError(
            1130, "The layout '\(alias)' is used by other templates: detach them from it first "
                + "(a layout in use cannot be deleted or lose its alias).")
    }

    /// 1131: a Layout body without the content placeholder exactly once.
    public static func layoutPlaceholder(_ part: String, detail: String) -> PostmarkError {
        PostmarkError(
            1131, "The layout's '\(part)' must contain the content placeholder {{{ @content }}} exactly once. \(detail)")
    }

    /// 601: a push names a server that does not exist.
    public static func pushServerNotFound(_ role: String, _ id: String) -> PostmarkError {
        PostmarkError(601, "The \(role) server '\(id)' was not found.")
    }
}

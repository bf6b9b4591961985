/// The body of `POST /email/withTemplate` and one item of `POST /email/batchWithTemplates` (reference 3.1):
/// an `EmailRequest` without Subject and bodies, plus the template reference, its model and `InlineCss`.
public struct TemplatedEmailRequest: Sendable, Equatable {
    /// Which template: `TemplateId` wins when both are given.
    public enum Reference: Sendable, Equatable {
        case id(Int64)
        case alias(String)
    }

    public var template: Reference
    /// `TemplateModel`: a JSON object (`{}` is a valid, empty model).
    public var model: JSONObject
    /// `InlineCss`, default true: move `<style>` rules into `style` attributes of the rendered HtmlBody.
    public var inlineCss: Bool
    /// Every other field, read as `/email` reads it; Subject, HtmlBody and TextBody are nil (they come from the
    /// template).
    public var email: EmailRequest

    public init(template: Reference, model: JSONObject, inlineCss: Bool = true, email: EmailRequest) {
        self.template = template
        self.model = model
        self.inlineCss = inlineCss
        self.email = email
    }

    /// Reads one message object. Type errors are 402 (as for `/email`); Subject, HtmlBody or TextBody next to a
    /// template is 1123 (null or empty is fine: postmarker sends `"Subject": null`); no template reference is
    /// 1101; no `TemplateModel` is 1120, one that is not an object 1122.
    public static func read(_ json: JSONValue) throws(PostmarkError) -> TemplatedEmailRequest {
        guard case .object = json else { throw PostmarkError.invalidJSON }
        let email = try EmailRequest.read(json)
        for (field, value) in [("Subject", email.subject), ("HtmlBody", email.htmlBody), ("TextBody", email.textBody)]
        where value != nil {
            throw .templateFieldCombination(
                "The '\(field)' field may not be set when sending with a template: the template provides it.")
        }
        let template = try reference(json)
        guard let modelValue = json["TemplateModel"], modelValue != .null else { throw .templateModelRequired }
        guard case .object(let model) = modelValue else {
            throw .invalidTemplateField("The 'TemplateModel' must be a JSON object.")
        }
        let inlineCss = try EmailRequest.bool(json, "InlineCss") ?? true
        return TemplatedEmailRequest(template: template, model: model, inlineCss: inlineCss, email: email)
    }

    static func reference(_ json: JSONValue) throws(PostmarkError) -> Reference {
        switch json["TemplateId"] {
        case .integer(let id)?:
            return .id(id)
        case .string(let text)? where !text.isEmpty:
            guard let id = Int64(text) else { throw EmailRequest.typeError("TemplateId") }
            return .id(id)
        case .number(let value)? where value == value.rounded() && abs(value) < 9e15:
            return .id(Int64(value))
        case nil, .null?, .string?:
            break
        default:
            throw EmailRequest.typeError("TemplateId")
        }
        if let alias = try EmailRequest.string(json, "TemplateAlias") { return .alias(alias) }
        throw .templateReferenceMissing
    }
}

extension TemplatedEmailRequest.Reference: Hashable {}

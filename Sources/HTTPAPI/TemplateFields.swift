import Foundation
import PostmarkWire
import Storage
import Templates

/// Reading and checking the fields of `POST /templates` and `PUT /templates/{idOrAlias}` (reference 3.3, error
/// codes 1109–1131). What needs the database (alias in use, layout exists, limit, layout in use) is the store's
/// to check; everything else is checked here, before anything is written.
enum TemplateFields {
    static let limitPerServer = 100
    static let maxNameLength = 255
    static let maxAliasLength = 255
    static let maxSubjectLength = 2000
    static let maxBodyBytes = 5 * 1024 * 1024
    /// Request bodies of the template endpoints: two bodies of up to 5 MB each, JSON-escaped.
    static let maxRequestBytes = 12 * 1024 * 1024

    /// A string field as sent: missing, `null`, or a string. Other JSON types are 402.
    enum Field: Equatable {
        case absent
        case null
        case text(String)

        /// The value for a create, where `null` and `""` both mean "not provided".
        var value: String? {
            if case .text(let text) = self, !text.isEmpty { return text }
            return nil
        }
    }

    static func field(_ json: JSONValue, _ key: String) throws(PostmarkError) -> Field {
        switch json[key] {
        case nil: return .absent
        case .null?: return .null
        case .string(let text)?: return .text(text)
        default: throw PostmarkError(402, "Received invalid JSON input: field '\(key)' has the wrong type.")
        }
    }

    /// A boolean field; `"true"`/`"false"` strings are accepted as `/email` accepts them, null means absent.
    static func bool(_ json: JSONValue, _ key: String) throws(PostmarkError) -> Bool? {
        switch json[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .string(let text)? where text.lowercased() == "true": return true
        case .string(let text)? where text.lowercased() == "false": return false
        default: throw PostmarkError(402, "Received invalid JSON input: field '\(key)' has the wrong type.")
        }
    }

    static func requireObject(_ json: JSONValue) throws(PostmarkError) {
        guard case .object(let object) = json, !object.members.isEmpty else { throw .noTemplateData }
    }

    /// The draft of `POST /templates`.
    static func create(_ json: JSONValue) throws(PostmarkError) -> TemplateDraft {
        try requireObject(json)
        guard let name = try field(json, "Name").value?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw .templateFieldRequired("The template 'Name' is required.")
        }
        let draft = TemplateDraft(
            name: name, alias: try alias(field(json, "Alias").value),
            kind: try kind(field(json, "TemplateType").value) ?? .standard,
            subject: try field(json, "Subject").value, htmlBody: try field(json, "HtmlBody").value,
            textBody: try field(json, "TextBody").value, layoutAlias: try field(json, "LayoutTemplate").value)
        try check(draft)
        return draft
    }

    /// The draft of `PUT /templates/{idOrAlias}`: `null` or a missing field keeps the stored value (postmarker
    /// sends `null` for every field it was not given); `""` clears Alias, a body or `LayoutTemplate` (detach).
    /// `TemplateType` cannot change (1123).
    static func edit(_ json: JSONValue, current: TemplateRecord) throws(PostmarkError) -> TemplateDraft {
        try requireObject(json)
        var draft = current.draft
        switch try field(json, "Name") {
        case .text(let text):
            let name = text.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .templateFieldRequired("The template 'Name' may not be empty.") }
            draft.name = name
        case .absent, .null: break
        }
        if case .text(let text) = try field(json, "Alias") { draft.alias = try alias(text.isEmpty ? nil : text) }
        if case .text(let text) = try field(json, "Subject") { draft.subject = text.isEmpty ? nil : text }
        if case .text(let text) = try field(json, "HtmlBody") { draft.htmlBody = text.isEmpty ? nil : text }
        if case .text(let text) = try field(json, "TextBody") { draft.textBody = text.isEmpty ? nil : text }
        if case .text(let text) = try field(json, "LayoutTemplate") { draft.layoutAlias = text.isEmpty ? nil : text }
        if let kind = try kind(field(json, "TemplateType").value), kind != current.kind {
            throw .templateFieldCombination(
                "The 'TemplateType' of a template cannot be changed (template \(current.id) is a \(current.kind.rawValue)).")
        }
        try check(draft)
        return draft
    }

    /// `[A-Za-z][A-Za-z0-9._-]*` (reference 3.3).
    static func alias(_ text: String?) throws(PostmarkError) -> String? {
        guard let text else { return nil }
        if text.utf8.count > maxAliasLength {
            throw .templateFieldTooLarge("The template 'Alias' may not be longer than \(maxAliasLength) characters.")
        }
        guard isValidAlias(text) else {
            throw .invalidTemplateField(
                "The template 'Alias' '\(text)' is not valid: it must start with a letter and contain only letters, "
                    + "digits, '.', '-' and '_'.")
        }
        return text
    }

    static func isValidAlias(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar))
        }
    }

    static func kind(_ text: String?) throws(PostmarkError) -> TemplateRecord.Kind? {
        guard let text else { return nil }
        guard let kind = TemplateRecord.Kind.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
        else { throw .invalidTemplateField("Invalid 'TemplateType' value '\(text)'. Use Standard or Layout.") }
        return kind
    }

    /// The rules a template's content must follow (reference 3.3, `mustachio.md` §8–9).
    static func check(_ draft: TemplateDraft) throws(PostmarkError) {
        if draft.name.count > maxNameLength {
            throw .templateFieldTooLarge("The template 'Name' may not be longer than \(maxNameLength) characters.")
        }
        if let subject = draft.subject, subject.count > maxSubjectLength {
            throw .templateFieldTooLarge("The template 'Subject' may not be longer than \(maxSubjectLength) characters.")
        }
        for (part, body) in [("HtmlBody", draft.htmlBody), ("TextBody", draft.textBody)] {
            if let body, body.utf8.count > maxBodyBytes {
                throw .templateFieldTooLarge("The template '\(part)' may not be larger than 5 MB.")
            }
        }
        let fields = [draft.name, draft.alias, draft.subject, draft.htmlBody, draft.textBody, draft.layoutAlias]
        if fields.contains(where: { $0?.utf8.contains(0) ?? false }) {
            throw .invalidTemplateField("Template fields may not contain a NUL character.")
        }
        switch draft.kind {
        case .standard:
            guard draft.subject != nil else {
                throw .templateFieldRequired("A Standard template needs a 'Subject'.")
            }
        case .layout:
            if draft.subject != nil {
                throw .templateFieldCombination("A Layout template has no 'Subject'; the templates it wraps have one.")
            }
            if draft.layoutAlias != nil {
                throw .templateFieldCombination("A Layout template cannot itself use a 'LayoutTemplate'.")
            }
        }
        if draft.htmlBody == nil && draft.textBody == nil {
            throw .templateFieldRequired("Provide either 'HtmlBody' or 'TextBody' or both.")
        }
        let type: TemplateType = draft.kind == .layout ? .layout : .standard
        try parse(draft.subject, part: .subject, type: .standard)
        try parse(draft.htmlBody, part: .htmlBody, type: type)
        try parse(draft.textBody, part: .textBody, type: type)
    }

    /// Content that does not parse is 1122; a layout body without exactly one placeholder is 1131.
    static func parse(_ source: String?, part: TemplatePart, type: TemplateType) throws(PostmarkError) {
        guard let source else { return }
        do {
            _ = try Template.parse(source, type: type)
        } catch {
            if error.kind == .layout { throw .layoutPlaceholder(part.rawValue, detail: error.message) }
            var place = ""
            if let line = error.line, let column = error.column { place = " (line \(line), position \(column))" }
            throw .invalidTemplateField("The template's '\(part.rawValue)' is not valid: \(error.message)\(place)")
        }
    }

    /// The Postmark error for a store refusal on a template write.
    static func storeError(_ error: StoreError, draft: TemplateDraft?) -> PostmarkError {
        switch error.code {
        case .duplicateName:
            return .invalidTemplateField(
                "The template 'Alias' '\(draft?.alias ?? "")' is already used by another template on this server.")
        case .missingReference:
            return .layoutNotFound(draft?.layoutAlias ?? "")
        case .limitReached:
            return .templateLimit(limitPerServer)
        case .inUse:
            return .layoutInUse(error.detail.hasPrefix("layout ") ? String(error.detail.dropFirst(7)) : error.detail)
        case .notFound:
            return .templateNotFound
        default:
            return .internalError
        }
    }
}

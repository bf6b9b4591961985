import MIMEParser
import MailCore

/// Reads a message/delivery-status body (RFC 3464 §2): one per-message block, then one block
/// per recipient.
enum DeliveryStatusReader {
    struct Result {
        var recipients: [BouncedRecipient]
        var reportingMTA: String?
        var envelopeID: String?
    }

    static func read(_ part: ParsedPart) -> Result? {
        let blocks = part.fieldBlocks()
        guard !blocks.isEmpty else { return nil }
        var result = Result(recipients: [])
        var seen: Set<String> = []
        for block in blocks.prefix(1000) {
            // RFC 3464 §2.2 per-message fields; some MTAs put them in the recipient block.
            if result.reportingMTA == nil, let mta = block["reporting-mta"] { result.reportingMTA = typedValue(mta) }
            if result.envelopeID == nil, let id = block["original-envelope-id"] {
                let trimmed = Text.trim(id)
                if !trimmed.isEmpty { result.envelopeID = trimmed }
            }
            guard let recipient = recipient(in: block) else { continue }
            guard seen.insert(recipient.address.lowercased()).inserted else { continue }
            result.recipients.append(recipient)
        }
        return result
    }

    /// One RFC 3464 §2.3 per-recipient block, or nil when it names no usable address or reports
    /// a success (`delivered`, `relayed`, `expanded`).
    static func recipient(in block: HeaderSection) -> BouncedRecipient? {
        // §2.3.1 Original-Recipient is the address as the sender gave it (what Postage sent to);
        // §2.3.2 Final-Recipient may be rewritten (aliases, x400 forms, local names).
        let original = block["original-recipient"].flatMap(address)
        let final = block["final-recipient"].flatMap(address)
        guard let address = original ?? final else { return nil }

        let actionText = block["action"].map { Text.trim($0).lowercased() }
        let action = actionText.flatMap { $0.split(whereSeparator: { !$0.isLetter }).first.map(String.init) }
        let statusField = block["status"].map(Text.trim) ?? ""
        let diagnosticField = block["diagnostic-code"].map { Text.collapse(typedValue($0)) }
        let statusCode = Text.enhancedStatus(in: statusField).flatMap { statusField.hasPrefix($0) ? $0 : nil }
        let diagnosticStatus = diagnosticField.flatMap { Text.enhancedStatus(in: $0, failuresOnly: true) }
        var status = statusCode ?? diagnosticStatus
        // A generic `X.0.0` Status with a specific code of the same class in the diagnostic
        // (`5.0.0` + "550 5.7.1 ... unsolicited"): the specific one says more.
        if let statusCode, statusCode.hasSuffix(".0.0"), let diagnosticStatus,
            diagnosticStatus.first == statusCode.first, !diagnosticStatus.hasSuffix(".0.0")
        {
            status = diagnosticStatus
        }
        let smtpCode = Text.smtpCode(in: statusField) ?? diagnosticField.flatMap(Text.smtpCode(in:))

        let permanent: Bool
        switch action {
        case "delivered", "relayed", "expanded": return nil
        case "delayed": permanent = false
        case "failed", "failure", "error", "fail": permanent = true
        default:
            // No or unknown action: the status class decides (RFC 3463 §3.1), failure by default.
            if let status, status.hasPrefix("2") { return nil }
            permanent = !(status?.hasPrefix("4") ?? (smtpCode.map { $0 < 500 } ?? false))
        }

        // The diagnostic: Diagnostic-Code, else the comment or text of the Status field.
        var diagnostic = diagnosticField
        if diagnostic?.isEmpty ?? true {
            var rest = statusField
            if let statusCode, rest.hasPrefix(statusCode) { rest = String(rest.dropFirst(statusCode.count)) }
            let cleaned = Text.strip(rest, "()")
            diagnostic = cleaned.isEmpty ? nil : cleaned
        }
        let remoteMTA = block["remote-mta"].map(typedValue).flatMap { $0.isEmpty ? nil : $0 }
        let type = Classification.type(
            permanent: permanent, smtpCode: smtpCode, status: status, text: diagnostic ?? "")
        return BouncedRecipient(
            address: address, action: action ?? (permanent ? "failed" : "delayed"), status: status,
            diagnostic: diagnostic, remoteMTA: remoteMTA, permanent: permanent, bounceType: type)
    }

    /// `rfc822; <user@example.com>` → `user@example.com`; also `utf-8;` (RFC 6533) and a bare
    /// address. Nil for other address types (x400) unless the value still holds an address.
    static func address(_ value: String) -> String? {
        let text = Text.trim(value)
        var addressPart = Substring(text)
        if let semicolon = text.firstIndex(of: ";") {
            let type = Text.trim(text[..<semicolon]).lowercased()
            guard type == "rfc822" || type == "utf-8" || type.isEmpty else { return nil }
            addressPart = text[text.index(after: semicolon)...]
        }
        let candidate = Text.strip(addressPart, "<>\"'")
        guard !candidate.isEmpty, candidate.contains("@"), !candidate.contains(" ") else { return nil }
        return candidate
    }

    /// `dns; mx.example.com` → `mx.example.com` (RFC 3464 §2.1.2 `mta-name-type ; mta-name`).
    static func typedValue(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return Text.trim(value) }
        let type = value[..<semicolon]
        // Only strip a short type token (dns, smtp, x-postfix, x-unix, rfc822, x400).
        guard type.count <= 16, !type.contains(" ") || Text.trim(type).count <= 16 else { return Text.trim(value) }
        return Text.trim(value[value.index(after: semicolon)...])
    }
}

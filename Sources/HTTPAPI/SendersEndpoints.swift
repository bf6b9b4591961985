import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// The Sender Signatures API (reference 4.2, account token). A new signature gets a
    /// confirmation email with a link; until it is followed the address cannot be sent from when
    /// the operator requires verified senders. Its domain is added to the Domains API (with a
    /// pending DKIM key) when it is not there yet, as Postmark does.
    static func registerSenders(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/senders") { call in
            try await call.authenticateAccount()
            let (count, offset) = try call.paging(errorCode: 500, maxWindow: nil)
            let page = try await call.environment.store.listSenderSignatures(count: count, offset: offset)
            return try APIResponse.json(
                SenderSignatureListResponse(
                    totalCount: page.totalCount,
                    senderSignatures: page.items.map {
                        .init(
                            domain: $0.domain, emailAddress: $0.emailAddress,
                            replyToEmailAddress: $0.replyToEmailAddress ?? "", name: $0.name, confirmed: $0.confirmed,
                            id: $0.id)
                    }))
        }
        routes.add(.post, "/senders") { call in
            try await call.authenticateAccount()
            let input = try SenderSignatureInput.create(try await call.readJSON(limit: 64 * 1024))
            let environment = call.environment
            var fields = input.fields
            if let returnPath = fields.returnPathDomain {
                fields.returnPathVerified = try await environment.checkSignatureReturnPath(returnPath)
            }
            try await environment.ensureDomain(input.domainAsTyped)
            let (token, digest) = SenderConfirmation.newToken()
            let signature: SenderSignatureRecord
            do {
                signature = try await environment.store.createSenderSignature(
                    emailAddress: input.emailAddress, fields: fields, confirmationDigest: digest, at: Date())
            } catch let error as StoreError where error.code == .duplicateName {
                throw PostmarkError(504, "This signature already exists.")
            }
            // The signature exists now; if its email cannot be queued, `resend` sends it later.
            do {
                try await environment.sendConfirmation(for: signature, token: token)
            } catch {
                environment.logger.error(
                    "sender confirmation could not be queued; use resend",
                    metadata: ["postage.sender": .string(signature.emailAddress), "postage.error": "\(error)"])
            }
            return try APIResponse.json(try await environment.senderDetails(signature))
        }
        routes.add(.get, "/senders/{id}") { call in
            try await call.authenticateAccount()
            return try APIResponse.json(try await call.environment.senderDetails(try await call.existingSignature()))
        }
        routes.add(.put, "/senders/{id}") { call in
            try await call.authenticateAccount()
            let signature = try await call.existingSignature()
            let input = try SenderSignatureInput.update(try await call.readJSON(limit: 64 * 1024), of: signature)
            var fields = input.fields
            // A Return-Path the body does not name keeps its state (a re-check may have found it gone);
            // a named one must verify now, unless it is the one already verified.
            fields.returnPathVerified = signature.returnPathVerified
            if input.returnPathGiven {
                if let returnPath = fields.returnPathDomain {
                    if !(returnPath == signature.returnPathDomain && signature.returnPathVerified) {
                        fields.returnPathVerified = try await call.environment.checkSignatureReturnPath(returnPath)
                    }
                } else {
                    fields.returnPathVerified = false
                }
            }
            do {
                let updated = try await call.environment.store.updateSenderSignature(id: signature.id, fields: fields)
                return try APIResponse.json(try await call.environment.senderDetails(updated))
            } catch let error as StoreError where error.code == .notFound {
                throw PostmarkError.signatureNotFound
            }
        }
        routes.add(.delete, "/senders/{id}") { call in
            try await call.authenticateAccount()
            let signature = try await call.existingSignature()
            do {
                try await call.environment.store.deleteSenderSignature(id: signature.id)
            } catch let error as StoreError where error.code == .notFound {
                throw PostmarkError.signatureNotFound
            }
            return try APIResponse.json(ErrorBody(errorCode: 0, message: "Signature \(signature.emailAddress) removed."))
        }
        routes.add(.post, "/senders/{id}/resend") { call in
            try await call.authenticateAccount()
            let signature = try await call.existingSignature()
            let (token, digest) = SenderConfirmation.newToken()
            guard !signature.confirmed,
                let renewed = try await call.environment.store.renewSenderConfirmation(
                    id: signature.id, confirmationDigest: digest, at: Date())
            else {
                throw PostmarkError(506, "This signature has already been confirmed.")
            }
            try await call.environment.sendConfirmation(for: renewed, token: token)
            return try APIResponse.json(
                ErrorBody(
                    errorCode: 0,
                    message: "Confirmation email for Sender Signature \(signature.emailAddress) was re-sent."))
        }
        routes.add(.post, "/senders/{id}/verifyspf") { call in
            try await call.authenticateAccount()
            let signature = try await call.existingSignature()
            let include = call.environment.bounceDomain
            let result = await call.environment.check { checker in
                await checker.checkSPF(domain: signature.domain, expectedInclude: include)
            }
            var updated = signature
            if !result.temporaryFailure {
                updated = try await call.environment.store.recordSenderSPF(id: signature.id, verified: result.verified)
            }
            return try APIResponse.json(try await call.environment.senderDetails(updated))
        }
        routes.add(.post, "/senders/{id}/requestnewdkim") { call in
            try await call.authenticateAccount()
            let signature = try await call.existingSignature()
            guard let domain = try await call.environment.store.domain(named: signature.domain) else {
                throw PostmarkError(501, "The domain \(signature.domain) has no DKIM key; add it with POST /domains.")
            }
            if domain.pendingKey != nil { throw PostmarkError(505, "This DKIM is already being renewed.") }
            do {
                _ = try await call.environment.store.addPendingKey(
                    domainID: domain.id, key: try Self.newDomainKey(domain: domain.name))
            } catch let error as StoreError where error.code == .inUse {
                throw PostmarkError(505, "This DKIM is already being renewed.")
            }
            return try APIResponse.json(
                ErrorBody(errorCode: 0, message: "A new DKIM key was requested for \(domain.name)."))
        }

        // The link in the confirmation email: no token header, the token in the path is the secret.
        routes.add(.get, "/confirm-sender/{token}") { call in
            let token = call.parameter("token")
            guard SenderConfirmation.isWellFormed(token),
                let signature = try await call.environment.store.senderSignature(
                    confirmationDigest: SenderConfirmation.digest(token))
            else {
                return ConfirmationPage.invalidLink()
            }
            return ConfirmationPage.ask(signature)
        }
        routes.add(.post, "/confirm-sender/{token}") { call in
            let token = call.parameter("token")
            guard SenderConfirmation.isWellFormed(token),
                let signature = try await call.environment.store.confirmSenderSignature(
                    confirmationDigest: SenderConfirmation.digest(token), at: Date())
            else {
                return ConfirmationPage.invalidLink()
            }
            call.environment.logger.notice(
                "sender signature confirmed",
                metadata: ["postage.sender": .string(signature.emailAddress), "postage.sender_id": "\(signature.id)"])
            return ConfirmationPage.confirmed(signature)
        }
    }
}

extension PostmarkError {
    static let signatureNotFound = PostmarkError(501, "This sender signature was not found.")
}

extension APICall {
    func existingSignature() async throws -> SenderSignatureRecord {
        guard let id = Int64(parameter("id")), let signature = try await environment.store.senderSignature(id: id) else {
            throw PostmarkError.signatureNotFound
        }
        return signature
    }
}

extension APIEnvironment {
    /// A signature's Return-Path domain must already be a CNAME of the bounce domain (ErrorCode
    /// 523 otherwise, as Postmark answers).
    func checkSignatureReturnPath(_ returnPath: String) async throws -> Bool {
        let target = bounceDomain
        let result = await check { checker in await checker.checkReturnPath(returnPath, expectedTarget: target) }
        guard result.verified else {
            let reason = result.reason.map { " (\($0))" } ?? ""
            throw PostmarkError(
                523, "The 'ReturnPathDomain' \(returnPath) must be a CNAME record pointing to \(target)\(reason).")
        }
        return true
    }

    /// Adds the signature's domain to the Domains API with a pending key, unless it is there.
    func ensureDomain(_ name: String) async throws {
        if try await store.domain(named: name) != nil { return }
        do {
            _ = try await store.createDomain(
                name: name, returnPathDomain: nil, pendingKey: try PostmarkAPI.newDomainKey(domain: name), at: Date())
        } catch let error as StoreError where error.code == .duplicateName {
            // Made by another request in the meantime.
        }
    }

    /// Queues the confirmation email on the system server, like any other message: DKIM-signed,
    /// retried, and visible in that server's activity.
    func sendConfirmation(for signature: SenderSignatureRecord, token: String) async throws {
        let server = try await store.systemServer(at: Date())
        let streams = try await store.streams(serverID: server.id)
        let email = SenderConfirmation.email(
            for: signature, link: SenderConfirmation.link(publicURL: publicURL, token: token), from: systemFrom)
        let receipt = try await submitter.sendSystemMail(email, server: server, streams: streams)
        logger.info(
            "sender confirmation queued",
            metadata: ["postage.sender": .string(signature.emailAddress), "postage.message_id": .string(receipt.messageID)])
        if SenderConfirmation.isLocalOnly(publicURL) {
            logger.warning(
                "the confirmation link points to this machine only; set POSTAGE_PUBLIC_URL to the address people reach the API at",
                metadata: ["postage.public_url": .string(publicURL)])
        }
    }

    func senderDetails(_ signature: SenderSignatureRecord) async throws -> SenderSignatureDetailsResponse {
        var dns: DomainDetailsResponse
        if let domain = try await store.domain(named: signature.domain) {
            dns = domainDetails(domain)
        } else {
            dns = DomainDetailsResponse(
                name: signature.domain, spfVerified: false, spfHost: signature.domain,
                spfTextValue: "v=spf1 a mx include:\(bounceDomain) ~all", dkimVerified: false, weakDKIM: false,
                dkimHost: "", dkimTextValue: "", dkimPendingHost: "", dkimPendingTextValue: "", dkimRevokedHost: "",
                dkimRevokedTextValue: "", safeToRemoveRevokedKeyFromDNS: false, dkimUpdateStatus: "",
                returnPathDomain: "", returnPathDomainVerified: false, returnPathDomainCNAMEValue: bounceDomain, id: 0)
        }
        dns.spfVerified = dns.spfVerified || signature.spfVerified
        return SenderSignatureDetailsResponse(
            domain: signature.domain, emailAddress: signature.emailAddress,
            replyToEmailAddress: signature.replyToEmailAddress ?? "", name: signature.name, confirmed: signature.confirmed,
            confirmationPersonalNote: signature.confirmationPersonalNote ?? "", dns: dns,
            returnPathDomain: signature.returnPathDomain ?? "", returnPathDomainVerified: signature.returnPathVerified,
            id: signature.id)
    }
}

/// The pages behind the confirmation link. They carry the token in their URL, so they are never
/// cached, framed, or sent as a referrer.
enum ConfirmationPage {
    /// The form has no `action`: it posts to the page's own URL, wherever a proxy mounts it.
    static func ask(_ signature: SenderSignatureRecord) -> Response {
        page(
            title: "Confirm \(signature.emailAddress)",
            body: """
                <p>Allow this Postage installation to send email as <b>\(HTML.escape(signature.emailAddress))</b> \
                (“\(HTML.escape(signature.name))”)?</p>
                <form method="post"><button type="submit">Confirm</button></form>
                <p>If you did not ask for this, close this page: nothing is sent as you.</p>
                """)
    }

    static func confirmed(_ signature: SenderSignatureRecord) -> Response {
        page(
            title: "Confirmed",
            body: "<p><b>\(HTML.escape(signature.emailAddress))</b> is confirmed as a sender. You can close this page.</p>")
    }

    static func invalidLink() -> Response {
        page(
            title: "Link not valid",
            body: """
                <p>This confirmation link is not valid. It may have been used already, replaced by a newer \
                confirmation email, or its sender signature removed.</p>
                """,
            status: .notFound)
    }

    static func page(title: String, body: String, status: HTTPResponse.Status = .ok) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(HTML.escape(title)) · Postage</title></head>
            <body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; line-height: 1.5">
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </body></html>

            """
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        fields[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

import DKIM
import Foundation
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// The Domains API (reference 4.3, account token): DKIM keys made here, the records to publish,
    /// DNS verification through Postage's resolver, and rotation with a pending selector.
    static func registerDomains(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/domains") { call in
            try await call.authenticateAccount()
            let (count, offset) = try call.paging(errorCode: 500, maxWindow: nil)
            let page = try await call.environment.store.listDomains(count: count, offset: offset)
            return try APIResponse.json(
                DomainListResponse(
                    totalCount: page.totalCount,
                    domains: page.items.map {
                        .init(
                            name: $0.name, spfVerified: $0.spfVerified, dkimVerified: $0.dkimVerified, weakDKIM: false,
                            returnPathDomainVerified: $0.returnPathVerified, id: $0.id)
                    }))
        }
        routes.add(.post, "/domains") { call in
            try await call.authenticateAccount()
            let json = try await call.readJSON(limit: 64 * 1024)
            guard case .string(let rawName)? = json["Name"], !rawName.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw PostmarkError(514, "A 'Name' is required to create a domain.")
            }
            let name = try Self.validDomainName(rawName.trimmingCharacters(in: .whitespaces))
            let returnPath = try Self.returnPathDomain(json, domain: name)
            let key = try Self.newDomainKey(domain: name)
            let ed25519 = try Self.ed25519Signing(json)
            do {
                var domain = try await call.environment.store.createDomain(
                    name: name, returnPathDomain: returnPath, pendingKey: key, at: Date())
                if ed25519 == true {
                    domain = try await call.environment.store.setEd25519Key(
                        domainID: domain.id, key: Self.newEd25519Key(domain: name))
                }
                return try APIResponse.json(call.environment.domainDetails(domain))
            } catch let error as StoreError where error.code == .duplicateName {
                throw PostmarkError(512, "This domain already exists.")
            }
        }
        routes.add(.get, "/domains/{id}") { call in
            try await call.authenticateAccount()
            return try APIResponse.json(call.environment.domainDetails(try await call.existingDomain()))
        }
        routes.add(.put, "/domains/{id}") { call in
            try await call.authenticateAccount()
            let domain = try await call.existingDomain()
            let json = try await call.readJSON(limit: 64 * 1024)
            let ed25519 = try Self.ed25519Signing(json)
            var updated = domain
            // Absent or null: not provided (reference section 1), so the Return-Path stays; "" removes it.
            if case .string? = json["ReturnPathDomain"] {
                let returnPath = try Self.returnPathDomain(json, domain: domain.name)
                updated = try await call.environment.store.updateDomain(id: domain.id, returnPathDomain: returnPath)
            }
            if let ed25519, ed25519 != (domain.ed25519Key != nil) {
                updated = try await call.environment.store.setEd25519Key(
                    domainID: domain.id, key: ed25519 ? Self.newEd25519Key(domain: domain.name) : nil)
            }
            return try APIResponse.json(call.environment.domainDetails(updated))
        }
        routes.add(.delete, "/domains/{id}") { call in
            try await call.authenticateAccount()
            let domain = try await call.existingDomain()
            try await call.environment.store.deleteDomain(id: domain.id)
            return try APIResponse.json(ErrorBody(errorCode: 0, message: "Domain \(domain.name) removed."))
        }
        routes.add(.put, "/domains/{id}/verifyDkim") { call in
            try await call.authenticateAccount()
            let domain = try await call.existingDomain()
            guard let key = domain.pendingKey ?? domain.activeKey else {
                throw PostmarkError(501, "This domain has no DKIM key.")
            }
            let result = await call.environment.check { checker in
                await checker.checkDKIM(domain: domain.name, selector: key.selector, expectedValue: key.publicDNSValue)
            }
            var updated = try await call.environment.record(result, .dkim, for: domain)
            if let ed25519 = domain.ed25519Key {
                let result = await call.environment.check { checker in
                    await checker.checkDKIM(
                        domain: domain.name, selector: ed25519.selector, expectedValue: ed25519.publicDNSValue)
                }
                updated = try await call.environment.record(result, .dkimEd25519, for: updated)
            }
            return try APIResponse.json(call.environment.domainDetails(updated))
        }
        routes.add(.put, "/domains/{id}/verifyReturnPath") { call in
            try await call.authenticateAccount()
            let domain = try await call.existingDomain()
            guard let returnPath = domain.returnPathDomain else {
                throw PostmarkError(511, "This domain has no 'ReturnPathDomain' to verify.")
            }
            let target = call.environment.bounceDomain
            let result = await call.environment.check { checker in
                await checker.checkReturnPath(returnPath, expectedTarget: target)
            }
            let updated = try await call.environment.record(result, .returnPath, for: domain)
            return try APIResponse.json(call.environment.domainDetails(updated))
        }
        routes.add(.post, "/domains/{id}/verifyspf") { call in
            try await call.authenticateAccount()
            let domain = try await call.existingDomain()
            let include = call.environment.bounceDomain
            let result = await call.environment.check { checker in
                await checker.checkSPF(domain: domain.name, expectedInclude: include)
            }
            let updated = try await call.environment.record(result, .spf, for: domain)
            let details = call.environment.domainDetails(updated)
            return try APIResponse.json(
                SPFVerificationResponse(
                    spfVerified: details.spfVerified, spfHost: details.spfHost, spfTextValue: details.spfTextValue))
        }
        routes.add(.post, "/domains/{id}/rotatedkim") { call in
            try await call.authenticateAccount()
            let domain = try await call.existingDomain()
            if domain.pendingKey != nil { throw PostmarkError(505, "This DKIM is already being renewed.") }
            do {
                let updated = try await call.environment.store.addPendingKey(
                    domainID: domain.id, key: try Self.newDomainKey(domain: domain.name))
                return try APIResponse.json(call.environment.domainDetails(updated))
            } catch let error as StoreError where error.code == .inUse {
                throw PostmarkError(505, "This DKIM is already being renewed.")
            }
        }
    }

    /// RFC 1035 section 2.3.1 host names, at least two labels, at most 255 octets (ErrorCodes 515, 516).
    static func validDomainName(_ name: String) throws -> String {
        if name.utf8.count > 255 { throw PostmarkError(515, "The domain 'Name' may be at most 255 characters.") }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
        guard valid else { throw PostmarkError(516, "The domain 'Name' is not a valid domain name.") }
        return name
    }

    /// `ReturnPathDomain`: a subdomain of the domain (Postmark's rule, so its CNAME can be checked).
    static func returnPathDomain(_ json: JSONValue, domain: String) throws -> String? {
        guard case .string(let text)? = json["ReturnPathDomain"] else { return nil }
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value.isEmpty { return nil }
        guard value.hasSuffix("." + domain.lowercased()), (try? validDomainName(value)) != nil else {
            throw PostmarkError(522, "The 'ReturnPathDomain' must be a subdomain of \(domain).")
        }
        return value
    }

    /// `Ed25519Signing` (Postage's extension): true adds an Ed25519 key, false removes it; nil when absent.
    static func ed25519Signing(_ json: JSONValue) throws -> Bool? {
        switch json["Ed25519Signing"] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw PostmarkError(511, "The 'Ed25519Signing' field must be true or false.")
        }
    }

    /// A new Ed25519 key (RFC 8463) with its own selector (`…pme`), beside the RSA one.
    static func newEd25519Key(domain: String) -> DKIMKeyRecord {
        let key = DKIMKey.generateEd25519()
        let now = Date()
        return DKIMKeyRecord(
            id: 0, domain: domain.lowercased(), selector: DKIMSelector.timestamped(now, suffix: "pme"),
            algorithm: key.algorithm.rawValue, privateKeyPEM: key.privateKeyPEM, publicDNSValue: key.publicKeyDNSValue,
            createdAt: now)
    }

    /// A new RSA 2048 key with a timestamped selector (`20261129071500pm`, as Postmark names them).
    static func newDomainKey(domain: String) throws -> DKIMKeyRecord {
        let key = try DKIMKey.generateRSA(bits: 2048)
        let now = Date()
        return DKIMKeyRecord(
            id: 0, domain: domain.lowercased(), selector: DKIMSelector.timestamped(now, suffix: "pm"),
            algorithm: key.algorithm.rawValue, privateKeyPEM: key.privateKeyPEM, publicDNSValue: key.publicKeyDNSValue,
            createdAt: now)
    }
}

extension APICall {
    func existingDomain() async throws -> DomainRecord {
        guard let id = Int64(parameter("id")), let domain = try await environment.store.domain(id: id) else {
            throw PostmarkError(510, "This domain was not found.")
        }
        return domain
    }
}

extension APIEnvironment {
    func check(_ body: (any DomainChecking) async -> DomainCheckResult) async -> DomainCheckResult {
        guard let domainChecker else {
            return DomainCheckResult(verified: false, reason: "DNS checks are not available on this node", temporaryFailure: true)
        }
        return await body(domainChecker)
    }

    /// A temporary DNS failure changes nothing (a verified domain stays verified).
    func record(_ result: DomainCheckResult, _ check: DomainCheck, for domain: DomainRecord) async throws -> DomainRecord {
        if result.temporaryFailure {
            logger.notice(
                "domain check failed temporarily; state kept",
                metadata: ["postage.domain": .string(domain.name), "postage.reason": .string(result.reason ?? "")])
            return domain
        }
        return try await store.recordDomainCheck(
            id: domain.id, check, verified: result.verified, reason: result.reason, at: Date())
    }

    func domainDetails(_ domain: DomainRecord) -> DomainDetailsResponse {
        func host(_ key: DKIMKeyRecord?) -> String { key.map { "\($0.selector)._domainkey.\(domain.name)" } ?? "" }
        var details = DomainDetailsResponse(
            name: domain.name, spfVerified: domain.spfVerified, spfHost: domain.name,
            spfTextValue: "v=spf1 a mx include:\(bounceDomain) ~all", dkimVerified: domain.dkimVerified, weakDKIM: false,
            dkimHost: host(domain.activeKey), dkimTextValue: domain.activeKey?.publicDNSValue ?? "",
            dkimPendingHost: host(domain.pendingKey), dkimPendingTextValue: domain.pendingKey?.publicDNSValue ?? "",
            dkimRevokedHost: host(domain.revokedKey), dkimRevokedTextValue: domain.revokedKey?.publicDNSValue ?? "",
            safeToRemoveRevokedKeyFromDNS: domain.revokedKey != nil,
            dkimUpdateStatus: domain.pendingKey != nil || domain.activeKey == nil ? "Pending" : "Verified",
            returnPathDomain: domain.returnPathDomain ?? "", returnPathDomainVerified: domain.returnPathVerified,
            returnPathDomainCNAMEValue: bounceDomain, id: domain.id)
        if let ed25519 = domain.ed25519Key {
            details.ed25519Signing = true
            details.dkimEd25519Host = host(ed25519)
            details.dkimEd25519TextValue = ed25519.publicDNSValue
            details.dkimEd25519Verified = domain.ed25519Verified
        }
        return details
    }
}

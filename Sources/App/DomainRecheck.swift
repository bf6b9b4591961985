import Foundation
import HTTPAPI
import Logging
import ServiceLifecycle
import Storage

/// Re-checks the DNS records of verified domains, and sender signatures' Return-Path domains, on a
/// schedule (issue: domains and DKIM): a record removed or changed later turns the domain (or the
/// signature's Return-Path) unverified, with the reason, and a warning in the log.
/// Temporary DNS failures change nothing. Runs in the api role; every node may run it (the checks
/// are idempotent).
struct DomainRecheck: Service {
    let store: any Store
    let checker: any DomainChecking
    let bounceDomain: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                // The wait ends early on graceful shutdown, so SIGTERM never waits for the interval.
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully { return }
            do {
                try await recheckAll()
            } catch {
                logger.warning("domain re-check failed", metadata: ["postage.error": "\(error)"])
            }
        }
    }

    func recheckAll() async throws {
        var offset = 0
        while true {
            let page = try await store.listDomains(count: 100, offset: offset)
            for domain in page.items { try await recheck(domain) }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.totalCount { break }
        }
        offset = 0
        while true {
            let page = try await store.listSenderSignatures(count: 100, offset: offset)
            for signature in page.items { try await recheck(signature) }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.totalCount { return }
        }
    }

    /// A sender signature's Return-Path CNAME, verified when it was set, may be gone since.
    func recheck(_ signature: SenderSignatureRecord) async throws {
        guard signature.returnPathVerified, let returnPath = signature.returnPathDomain else { return }
        let result = await checker.checkReturnPath(returnPath, expectedTarget: bounceDomain)
        guard !result.temporaryFailure, !result.verified else { return }
        logger.warning(
            "sender signature Return-Path no longer verifies",
            metadata: [
                "postage.sender": .string(signature.emailAddress), "postage.reason": .string(result.reason ?? ""),
            ])
        try await store.markSenderReturnPathUnverified(id: signature.id, returnPathDomain: returnPath)
    }

    func recheck(_ domain: DomainRecord) async throws {
        if domain.dkimVerified, let key = domain.activeKey {
            let result = await checker.checkDKIM(domain: domain.name, selector: key.selector, expectedValue: key.publicDNSValue)
            try await apply(result, .dkim, domain)
        }
        if domain.ed25519Verified, let key = domain.ed25519Key {
            let result = await checker.checkDKIM(domain: domain.name, selector: key.selector, expectedValue: key.publicDNSValue)
            try await apply(result, .dkimEd25519, domain)
        }
        if domain.returnPathVerified, let returnPath = domain.returnPathDomain {
            try await apply(await checker.checkReturnPath(returnPath, expectedTarget: bounceDomain), .returnPath, domain)
        }
    }

    func apply(_ result: DomainCheckResult, _ check: DomainCheck, _ domain: DomainRecord) async throws {
        guard !result.temporaryFailure, !result.verified else { return }
        logger.warning(
            "domain no longer verifies",
            metadata: [
                "postage.domain": .string(domain.name), "postage.check": "\(check)",
                "postage.reason": .string(result.reason ?? ""),
            ])
        _ = try await store.recordDomainCheck(id: domain.id, check, verified: false, reason: result.reason, at: Date())
    }
}

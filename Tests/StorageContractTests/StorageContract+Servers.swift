import Foundation
import Storage
import Testing

extension StorageContract {
    // MARK: - Bootstrap and tokens

    @Test(arguments: Backend.all)
    func bootstrapOnceThenNil(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let first = try #require(try await store.bootstrap(accountToken: nil, at: Fixture.epoch))
            #expect(first.accountToken.count == 36)
            #expect(first.server.name == "Default")
            #expect(first.server.deliveryType == .live)
            #expect(first.server.settings.inboundHash.count == 32)
            #expect(first.server.settings.inboundHash.allSatisfy { $0.isHexDigit })
            var defaults = ServerSettings()
            defaults.inboundHash = first.server.settings.inboundHash
            #expect(first.server.settings == defaults)
            #expect(first.server.apiTokens.count == 1)
            #expect(StorageCoding.micros(first.server.createdAt) == StorageCoding.micros(Fixture.epoch))
            #expect(try await store.server(id: first.server.id) == first.server)
            #expect(
                try await store.streams(serverID: first.server.id).map(\.id).sorted() == [
                    "broadcast", "inbound", "outbound",
                ])

            #expect(try await store.bootstrap(accountToken: nil, at: Fixture.time(1)) == nil)
            #expect(try await store.bootstrap(accountToken: "other", at: Fixture.time(2)) == nil)
            #expect(try await store.isAccountToken(first.accountToken))
            #expect(try await store.listServers(nameFilter: nil, count: 50, offset: 0).totalCount == 1)
        }
    }

    @Test(arguments: Backend.all)
    func bootstrapUsesGivenAccountToken(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.isAccountToken("acct-0123456789") == false)
            let given = "acct-0123456789"
            let result = try #require(try await store.bootstrap(accountToken: given, at: Fixture.epoch))
            #expect(result.accountToken == given)
            #expect(try await store.isAccountToken(given))
            for wrong in ["", "acct-012345678", "acct-01234567890", "acct-0123456788", " acct-0123456789"] {
                #expect(try await store.isAccountToken(wrong) == false, "\(wrong)")
            }
            // The account token compares case-insensitively (server tokens do not, see serverForToken).
            #expect(try await store.isAccountToken("ACCT-0123456789"))
            // The account token is not a server token, and a server token is not the account token.
            #expect(try await store.server(forToken: given) == nil)
            #expect(try await store.isAccountToken(result.server.apiTokens[0]) == false)
        }
    }

    @Test(arguments: Backend.all)
    func bootstrapFromManyNodesAtOnceCreatesOneAccount(_ backend: Backend) async throws {
        try await withDatabase(backend) { database in
            // On PostgreSQL the stores also open (and migrate) at the same time. SQLite's migrator is not
            // safe against another connection migrating the same fresh file at once (GRDB reads the
            // applied migrations outside the migration transaction), so there the schema comes first.
            if backend == .sqlite { _ = try await database.migrate() }
            let stores = try await withThrowingTaskGroup(of: (any Store).self) { group in
                for _ in 0..<6 { group.addTask { try await database.open(maximumConnections: 2) } }
                return try await group.reduce(into: [any Store]()) { $0.append($1) }
            }
            let results = try await withThrowingTaskGroup(of: Bootstrap?.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask { try await store.bootstrap(accountToken: "token-\(index)", at: Fixture.epoch) }
                }
                return try await group.reduce(into: [Bootstrap?]()) { $0.append($1) }
            }
            let created = results.compactMap { $0 }
            #expect(created.count == 1)
            let page = try await stores[0].listServers(nameFilter: nil, count: 50, offset: 0)
            #expect(page.totalCount == 1)
            if let winner = created.first {
                for store in stores { #expect(try await store.isAccountToken(winner.accountToken)) }
            }
            for store in stores { try await store.close() }
        }
    }

    @Test(arguments: Backend.all)
    func serverForToken(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let a = try await store.defaultServer()
            let b = try await store.createServer(
                name: "B", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
            let tokenA = try #require(a.apiTokens.first)
            let tokenB = try #require(b.apiTokens.first)
            #expect(tokenA != tokenB)
            #expect(try await store.server(forToken: tokenA)?.id == a.id)
            #expect(try await store.server(forToken: tokenB)?.id == b.id)
            #expect(try await store.server(forToken: tokenB) == b)
            for wrong in ["", tokenA.uppercased(), String(tokenA.dropLast()), tokenA + "0", Tokens.generate()] {
                #expect(try await store.server(forToken: wrong) == nil, "\(wrong)")
            }
        }
    }

    // MARK: - Create, list, update, delete

    @Test(arguments: Backend.all)
    func createServerWithDefaults(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            var settings = ServerSettings()
            settings.color = "Blue"
            settings.trackOpens = true
            settings.trackLinks = "HtmlAndText"
            settings.inboundHookUrl = "https://hooks.example.test/in?a=1&b=/x"
            settings.inboundSpamThreshold = 5
            let created = try await store.createServer(
                name: "Ünïcode ✉️ server", deliveryType: .sandbox, settings: settings, at: Fixture.time(7))
            #expect(created.name == "Ünïcode ✉️ server")
            #expect(created.deliveryType == .sandbox)
            #expect(created.settings.inboundHash.count == 32, "a new server gets an inbound hash")
            var expectedSettings = settings
            expectedSettings.inboundHash = created.settings.inboundHash
            #expect(created.settings == expectedSettings)
            var withHash = settings
            withHash.inboundHash = "0123456789abcdef0123456789abcdef"
            let hashed = try await store.createServer(
                name: "Given hash", deliveryType: .live, settings: withHash, at: Fixture.time(8))
            #expect(hashed.settings == withHash, "a given inbound hash is kept")
            #expect(hashed.settings.inboundHash != created.settings.inboundHash)
            #expect(StorageCoding.micros(created.createdAt) == StorageCoding.micros(Fixture.time(7)))
            #expect(created.apiTokens.count == 1)
            #expect(created.apiTokens[0].count == 36)
            #expect(try await store.server(id: created.id) == created)
            #expect(try await store.server(id: created.id + 1000) == nil)

            let streams = try await store.streams(serverID: created.id)
            let expected = StreamRecord.defaults(serverID: created.id, at: Fixture.time(7))
            #expect(streams.count == 3)
            for stream in expected {
                let stored = try #require(try await store.stream(serverID: created.id, id: stream.id))
                #expect(stored.name == stream.name)
                #expect(stored.type == stream.type)
                #expect(stored.serverID == created.id)
                #expect(stored.description == nil)
                #expect(stored.updatedAt == nil)
                #expect(stored.archivedAt == nil)
                #expect(StorageCoding.micros(stored.createdAt) == StorageCoding.micros(Fixture.time(7)))
                #expect(streams.contains(stored))
            }
            #expect(try await store.stream(serverID: created.id, id: "outbound")?.type == .transactional)
            #expect(try await store.stream(serverID: created.id, id: "broadcast")?.type == .broadcasts)
            #expect(try await store.stream(serverID: created.id, id: "inbound")?.type == .inbound)
            #expect(try await store.stream(serverID: created.id, id: "nope") == nil)
            #expect(try await store.stream(serverID: created.id + 1000, id: "outbound") == nil)
            #expect(try await store.streams(serverID: created.id + 1000).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func duplicateServerNamesAreCaseInsensitive(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let alpha = try await store.createServer(
                name: "Alpha", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
            for clash in ["Alpha", "alpha", "ALPHA"] {
                let error = await #expect(throws: StoreError.self) {
                    try await store.createServer(
                        name: clash, deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
                }
                #expect(error?.code == .duplicateName)
            }
            let beta = try await store.createServer(
                name: "Beta", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
            let error = await #expect(throws: StoreError.self) {
                try await store.updateServer(id: beta.id, name: "aLPHA", settings: ServerSettings())
            }
            #expect(error?.code == .duplicateName)
            #expect(try await store.server(id: beta.id)?.name == "Beta")
            // Renaming a server to another case of its own name is not a clash.
            #expect(
                try await store.updateServer(id: alpha.id, name: "ALPHA", settings: ServerSettings()).name == "ALPHA")
            // The old name is free again after a rename.
            _ = try await store.updateServer(id: alpha.id, name: "Gamma", settings: ServerSettings())
            _ = try await store.createServer(
                name: "alpha", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
            #expect(try await store.listServers(nameFilter: nil, count: 10, offset: 0).totalCount == 3)
        }
    }

    @Test(arguments: Backend.all)
    func concurrentCreatesOfOneNameYieldOneServer(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let outcomes = await withTaskGroup(of: Result<Int64, StoreError>.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        do {
                            let name = index.isMultiple(of: 2) ? "Race" : "RACE"
                            return .success(
                                try await store.createServer(
                                    name: name, deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch
                                ).id)
                        } catch let error as StoreError {
                            return .failure(error)
                        } catch {
                            return .failure(StoreError(.invalidConfiguration, "unexpected \(error)"))
                        }
                    }
                }
                return await group.reduce(into: [Result<Int64, StoreError>]()) { $0.append($1) }
            }
            let successes = outcomes.filter { if case .success = $0 { true } else { false } }
            #expect(successes.count == 1)
            for outcome in outcomes {
                if case .failure(let error) = outcome { #expect(error.code == .duplicateName, "\(error)") }
            }
            let stored = try await store.listServers(nameFilter: "race", count: 50, offset: 0)
            #expect(stored.totalCount == 1)
        }
    }

    @Test(arguments: Backend.all)
    func listServersFiltersAndPages(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let names = ["Alpha One", "Beta", "alpha two", "Gamma", "Delta Alpha", "Epsilon"]
            var ids: [Int64] = []
            for name in names {
                ids.append(
                    try await store.createServer(
                        name: name, deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch
                    ).id)
            }
            #expect(ids == ids.sorted())

            let all = try await store.listServers(nameFilter: nil, count: 50, offset: 0)
            #expect(all.totalCount == 6)
            #expect(all.items.map(\.name) == names)
            #expect(all.items.allSatisfy { $0.apiTokens.count == 1 })
            #expect(try await store.listServers(nameFilter: "", count: 50, offset: 0).totalCount == 6)

            let alpha = try await store.listServers(nameFilter: "ALPHA", count: 50, offset: 0)
            #expect(alpha.totalCount == 3)
            #expect(alpha.items.map(\.name) == ["Alpha One", "alpha two", "Delta Alpha"])
            let alphaPage = try await store.listServers(nameFilter: "alpha", count: 1, offset: 1)
            #expect(alphaPage.totalCount == 3)
            #expect(alphaPage.items.map(\.name) == ["alpha two"])
            #expect(
                try await store.listServers(nameFilter: "ta a", count: 50, offset: 0).items.map(\.name) == [
                    "Delta Alpha"
                ])
            #expect(try await store.listServers(nameFilter: "%", count: 50, offset: 0).totalCount == 0)
            #expect(try await store.listServers(nameFilter: "_", count: 50, offset: 0).totalCount == 0)

            let page = try await store.listServers(nameFilter: nil, count: 2, offset: 2)
            #expect(page.totalCount == 6)
            #expect(page.items.map(\.name) == ["alpha two", "Gamma"])
            let beyond = try await store.listServers(nameFilter: nil, count: 10, offset: 10)
            #expect(beyond.totalCount == 6)
            #expect(beyond.items.isEmpty)
            let none = try await store.listServers(nameFilter: "zeta", count: 10, offset: 0)
            #expect(none.totalCount == 0)
            #expect(none.items.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func updateServerReplacesNameAndSettings(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let created = try await store.createServer(
                name: "Before", deliveryType: .sandbox, settings: ServerSettings(), at: Fixture.time(3))
            var settings = ServerSettings()
            settings.color = "Red"
            settings.bounceHookUrl = "https://hooks.example.test/bounce"
            settings.postFirstOpenOnly = true
            let updated = try await store.updateServer(id: created.id, name: "After", settings: settings)
            #expect(updated.id == created.id)
            #expect(updated.name == "After")
            #expect(updated.settings == settings)
            #expect(updated.deliveryType == .sandbox)
            #expect(updated.apiTokens == created.apiTokens)
            #expect(updated.createdAt == created.createdAt)
            #expect(try await store.server(id: created.id) == updated)
            #expect(try await store.server(forToken: created.apiTokens[0]) == updated)

            let error = await #expect(throws: StoreError.self) {
                try await store.updateServer(id: created.id + 1000, name: "Nobody", settings: settings)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func deleteServerRemovesEverythingItOwns(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let keep = try await store.defaultServer()
            let doomed = try await store.createServer(
                name: "Doomed", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch)
            let kept = Fixture.message(server: keep.id, subject: "kept")
            let gone = (0..<3).map {
                Fixture.message(server: doomed.id, subject: "gone \($0)", to: ["x\($0)@example.test"])
            }
            try await store.accept([kept] + gone)

            try await store.deleteServer(id: doomed.id)
            #expect(try await store.server(id: doomed.id) == nil)
            #expect(try await store.server(forToken: doomed.apiTokens[0]) == nil)
            #expect(try await store.streams(serverID: doomed.id).isEmpty)
            #expect(try await store.total(doomed.id) == 0)
            for message in gone {
                #expect(try await store.outboundDetails(serverID: doomed.id, messageID: message.messageID) == nil)
                #expect(try await store.outboundDump(serverID: doomed.id, messageID: message.messageID) == nil)
                #expect(try await store.deliveries(messageID: message.messageID).isEmpty)
            }
            // The MessageIDs are free again.
            try await store.accept([Fixture.message(server: keep.id, id: gone[0].messageID)])

            let error = await #expect(throws: StoreError.self) { try await store.deleteServer(id: doomed.id) }
            #expect(error?.code == .notFound)

            #expect(try await store.server(id: keep.id) == keep)
            #expect(try await store.outboundDetails(serverID: keep.id, messageID: kept.messageID) != nil)
            #expect(try await store.deliveries(messageID: kept.messageID).count == 1)
            #expect(try await store.total(keep.id) == 2)
        }
    }
}

extension StorageContract {
    @Test(arguments: Backend.all)
    func dkimKeysOneActivePerDomainAndAlgorithmTheFirstWins(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            func key(_ selector: String, _ algorithm: String, domain: String = "Bounces.Example.test") -> DKIMKeyRecord {
                DKIMKeyRecord(
                    id: 0, domain: domain, selector: selector, algorithm: algorithm, privateKeyPEM: "pem-\(selector)",
                    publicDNSValue: "v=DKIM1; p=\(selector)", createdAt: Fixture.time(0))
            }
            #expect(try await store.activeDKIMKeys(domain: "bounces.example.test").isEmpty)
            let first = try await store.addDKIMKeyIfNone(key("s1", "rsa-sha256"))
            #expect(first.selector == "s1" && first.domain == "bounces.example.test" && first.id > 0)
            // A second node racing to create the same key gets the first one back.
            let second = try await store.addDKIMKeyIfNone(key("s2", "rsa-sha256"))
            #expect(second == first)
            let ed = try await store.addDKIMKeyIfNone(key("s3", "ed25519-sha256"))
            #expect(ed.selector == "s3")
            _ = try await store.addDKIMKeyIfNone(key("s4", "rsa-sha256", domain: "other.test"))
            let active = try await store.activeDKIMKeys(domain: "BOUNCES.example.test")
            #expect(active.map(\.selector) == ["s1", "s3"])
            #expect(active[0].privateKeyPEM == "pem-s1" && active[0].publicDNSValue == "v=DKIM1; p=s1")
            #expect(active[0].createdAt == Fixture.time(0))
        }
    }
}

extension StorageContract {
    @Test(arguments: Backend.all)
    func domainsKeepPendingActiveAndRevokedKeysThroughARotation(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            func key(_ selector: String) -> DKIMKeyRecord {
                DKIMKeyRecord(
                    id: 0, domain: "", selector: selector, algorithm: "rsa-sha256", privateKeyPEM: "pem-\(selector)",
                    publicDNSValue: "v=DKIM1; k=rsa; p=\(selector)", createdAt: Fixture.time(0))
            }
            let created = try await store.createDomain(
                name: "Example.test", returnPathDomain: "pm-bounces.example.test", pendingKey: key("k1"), at: Fixture.time(0))
            #expect(created.name == "Example.test" && !created.dkimVerified && created.activeKey == nil)
            #expect(created.pendingKey?.selector == "k1" && created.pendingKey?.domain == "example.test")
            await #expect(throws: StoreError.self) {
                _ = try await store.createDomain(name: "EXAMPLE.test", returnPathDomain: nil, pendingKey: key("x"), at: Fixture.time(0))
            }
            // A failed check leaves the key pending.
            var domain = try await store.recordDomainCheck(id: created.id, .dkim, verified: false, reason: "no TXT", at: Fixture.time(1))
            #expect(!domain.dkimVerified && domain.pendingKey?.selector == "k1" && domain.lastReason == "no TXT")
            domain = try await store.recordDomainCheck(id: created.id, .dkim, verified: true, reason: nil, at: Fixture.time(2))
            #expect(domain.dkimVerified && domain.activeKey?.selector == "k1" && domain.pendingKey == nil && domain.lastReason == nil)
            #expect(try await store.activeDKIMKeys(domain: "example.test").map(\.selector) == ["k1"])

            // Rotation: a second pending key is refused while one is pending; the old key signs until the new one verifies.
            domain = try await store.addPendingKey(domainID: created.id, key: key("k2"))
            #expect(domain.pendingKey?.selector == "k2" && domain.activeKey?.selector == "k1")
            await #expect(throws: StoreError.self) { _ = try await store.addPendingKey(domainID: created.id, key: key("k3")) }
            domain = try await store.recordDomainCheck(id: created.id, .dkim, verified: true, reason: nil, at: Fixture.time(3))
            #expect(domain.activeKey?.selector == "k2" && domain.revokedKey?.selector == "k1" && domain.pendingKey == nil)
            #expect(try await store.activeDKIMKeys(domain: "example.test").map(\.selector) == ["k2"])

            domain = try await store.recordDomainCheck(id: created.id, .returnPath, verified: true, reason: nil, at: Fixture.time(4))
            #expect(domain.returnPathVerified)
            domain = try await store.updateDomain(id: created.id, returnPathDomain: "other.example.test")
            #expect(!domain.returnPathVerified && domain.returnPathDomain == "other.example.test")
            #expect(try await store.domain(named: "EXAMPLE.TEST")?.id == created.id)
            #expect(try await store.listDomains(count: 10, offset: 0).items.map(\.name) == ["Example.test"])
            try await store.deleteDomain(id: created.id)
            #expect(try await store.domain(id: created.id) == nil)
            #expect(try await store.activeDKIMKeys(domain: "example.test").isEmpty)
            await #expect(throws: StoreError.self) { try await store.deleteDomain(id: created.id) }
        }
    }
}

extension StorageContract {
    @Test(arguments: Backend.all)
    func aDomainsEd25519KeySignsOnceVerifiedAndLivesBesideRSARotations(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            func key(_ selector: String, _ algorithm: String = "rsa-sha256") -> DKIMKeyRecord {
                DKIMKeyRecord(
                    id: 0, domain: "", selector: selector, algorithm: algorithm, privateKeyPEM: "pem-\(selector)",
                    publicDNSValue: "v=DKIM1; p=\(selector)", createdAt: Fixture.time(0))
            }
            let created = try await store.createDomain(name: "ed.test", returnPathDomain: nil, pendingKey: key("r1"), at: Fixture.time(0))
            var domain = try await store.setEd25519Key(domainID: created.id, key: key("e1", "ed25519-sha256"))
            #expect(domain.ed25519Key?.selector == "e1" && !domain.ed25519Verified && domain.pendingKey?.selector == "r1")
            #expect(try await store.activeDKIMKeys(domain: "ed.test").isEmpty)
            // Its record alone does not make it sign: the RSA key must be active first.
            domain = try await store.recordDomainCheck(id: created.id, .dkimEd25519, verified: true, reason: nil, at: Fixture.time(1))
            #expect(!domain.ed25519Verified && domain.ed25519Key?.selector == "e1")
            #expect(try await store.activeDKIMKeys(domain: "ed.test").isEmpty)

            domain = try await store.recordDomainCheck(id: created.id, .dkim, verified: true, reason: nil, at: Fixture.time(1))
            domain = try await store.recordDomainCheck(id: created.id, .dkimEd25519, verified: true, reason: nil, at: Fixture.time(1))
            #expect(domain.activeKey?.selector == "r1" && domain.ed25519Verified)
            #expect(try await store.activeDKIMKeys(domain: "ed.test").map(\.selector).sorted() == ["e1", "r1"])

            // An RSA rotation leaves the Ed25519 key signing.
            _ = try await store.addPendingKey(domainID: created.id, key: key("r2"))
            domain = try await store.recordDomainCheck(id: created.id, .dkim, verified: true, reason: nil, at: Fixture.time(2))
            #expect(domain.activeKey?.selector == "r2" && domain.revokedKey?.selector == "r1")
            #expect(domain.ed25519Key?.selector == "e1" && domain.ed25519Verified)
            #expect(try await store.activeDKIMKeys(domain: "ed.test").map(\.selector).sorted() == ["e1", "r2"])

            // A failing record stops it signing until it verifies again.
            domain = try await store.recordDomainCheck(id: created.id, .dkimEd25519, verified: false, reason: "gone", at: Fixture.time(3))
            #expect(!domain.ed25519Verified && domain.ed25519Key?.selector == "e1")
            #expect(try await store.activeDKIMKeys(domain: "ed.test").map(\.selector) == ["r2"])

            // Replaced, then removed.
            domain = try await store.setEd25519Key(domainID: created.id, key: key("e2", "ed25519-sha256"))
            #expect(domain.ed25519Key?.selector == "e2" && !domain.ed25519Verified)
            domain = try await store.recordDomainCheck(id: created.id, .dkimEd25519, verified: true, reason: nil, at: Fixture.time(4))
            #expect(try await store.activeDKIMKeys(domain: "ed.test").map(\.selector).sorted() == ["e2", "r2"])
            domain = try await store.setEd25519Key(domainID: created.id, key: nil)
            #expect(domain.ed25519Key == nil && !domain.ed25519Verified && domain.activeKey?.selector == "r2")
            #expect(try await store.activeDKIMKeys(domain: "ed.test").map(\.selector) == ["r2"])
            // Off and on again within one second: the same selector is free again.
            domain = try await store.setEd25519Key(domainID: created.id, key: key("e2", "ed25519-sha256"))
            #expect(domain.ed25519Key?.selector == "e2")
            await #expect(throws: StoreError.self) { _ = try await store.setEd25519Key(domainID: 999_999, key: nil) }
        }
    }
}

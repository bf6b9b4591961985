import Foundation
import SMTPClient
import SMTPProtocol
import Testing

extension PeerTests {
    /// aiosmtpd via shared/tools/smtp_sink.py: STARTTLS on a self-signed certificate, AUTH,
    /// SMTPUTF8, per-recipient refusals, and the exact bytes received (testing-peers.md §6.3).
    @Suite("aiosmtpd")
    struct AiosmtpdTests {
        func trustSink(_ peers: SMTPPeers) throws -> SMTPClientTLS.Verification {
            try SMTPClientTLS.trusting(pemFile: peers.certificatePath)
        }

        /// Required TLS, trusting only the sink's self-signed certificate, for its name.
        func verifiedTLS(_ peers: SMTPPeers) throws -> SMTPClientTLS {
            .required(verification: try trustSink(peers), serverHostname: "mx1.example.test")
        }

        @Test("STARTTLS verified against the sink's certificate; the message arrives byte for byte")
        func tlsAndExactBytes() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: try verifiedTLS(peers))
            #expect(session.info.tlsActive)
            #expect(session.info.capabilities.smtpUTF8 && !session.info.capabilities.startTLS, "EHLO after TLS")
            let (marker, message) = testMessage(subject: "caf\u{E9} \u{2713}", extraBody: "8-bit body: \u{E9}\u{E8}\r\n")
            let outcomes = await session.send(envelope: (from: "bounces@postage.test", recipients: ["rcpt@example.test", "second@example.test"]),
                                              message: message)
            await session.quit()
            #expect(outcomes.map(\.status) == [.delivered, .delivered])
            #expect(outcomes.first?.text.hasPrefix("2.0.0 Ok: queued as") == true)
            let stored = try peers.aiosmtpdMessages(containing: marker)
            try #require(stored.count == 1)
            #expect(stored[0].eml == message, "the .eml is exactly the message sent")
            let meta = stored[0].meta
            #expect(meta["tls"] as? Bool == true)
            #expect(meta["helo"] as? String == "client.postage.test")
            #expect(meta["mail_from"] as? String == "bounces@postage.test")
            #expect(meta["rcpt_tos"] as? [String] == ["rcpt@example.test", "second@example.test"])
            let options = meta["mail_options"] as? [String] ?? []
            #expect(options.contains("BODY=8BITMIME"))
            #expect(options.contains("SIZE=\(message.count)"))
        }

        @Test("opportunistic without verification, as MTAs do (RFC 7435)")
        func opportunisticUnverified() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: .opportunistic(verification: .none))
            #expect(session.info.tlsActive)
            let (marker, message) = testMessage()
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["r@example.test"]), message: message)
            await session.quit()
            #expect(outcomes.first?.status == .delivered)
            #expect(try peers.aiosmtpdMessages(containing: marker).first?.meta["tls"] as? Bool == true)
        }

        @Test("TLS disabled: plaintext, and the sink records no TLS")
        func plaintext() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: .disabled)
            #expect(!session.info.tlsActive && session.info.capabilities.startTLS)
            let (marker, message) = testMessage()
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["r@example.test"]), message: message)
            await session.quit()
            #expect(outcomes.first?.status == .delivered)
            #expect(try peers.aiosmtpdMessages(containing: marker).first?.meta["tls"] as? Bool == false)
        }

        @Test("a certificate the client does not trust fails the handshake, transiently")
        func untrustedCertificate() async throws {
            let peers = try SMTPPeers.require()
            let error = await #expect(throws: SMTPClientError.self) {
                _ = try await connect(peers.address(.aiosmtpd), tls: .required)  // system trust: self-signed fails
            }
            #expect(error?.code == .tlsHandshakeFailed)
            #expect(error?.isTransient == true)
            #expect(error?.outcome(for: "r@example.test").status == .transient)
        }

        @Test("a trusted certificate for another name fails verification", arguments: ["mx9.other.test", nil])
        func wrongName(name: String?) async throws {
            let peers = try SMTPPeers.require()
            // nil: no name, so the certificate would have to list the IP address; it does not.
            let tls = SMTPClientTLS.required(verification: try trustSink(peers), serverHostname: name)
            let error = await #expect(throws: SMTPClientError.self) {
                _ = try await connect(peers.address(.aiosmtpd), tls: tls)
            }
            #expect(error?.code == .tlsHandshakeFailed)
        }

        @Test("per-recipient outcomes: 550 5.1.1 permanent, 450 4.2.1 transient, the rest delivered")
        func mixedRecipients() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: .opportunistic(verification: .none))
            let (marker, message) = testMessage()
            let outcomes = await session.send(
                envelope: (from: "s@postage.test", recipients: ["unknown@example.test", "busy@example.test", "ok@example.test"]),
                message: message
            )
            await session.quit()
            #expect(outcomes.map(\.status) == [.permanent, .transient, .delivered])
            #expect(outcomes[0].code == 550 && outcomes[0].enhancedCode == EnhancedStatusCode("5.1.1") && outcomes[0].stage == .rcpt)
            #expect(outcomes[1].code == 450 && outcomes[1].enhancedCode == EnhancedStatusCode("4.2.1") && outcomes[1].stage == .rcpt)
            #expect(try peers.aiosmtpdMessages(containing: marker).first?.meta["rcpt_tos"] as? [String] == ["ok@example.test"])
        }

        @Test("every recipient refused: RSET, no message, session still usable")
        func allRefused() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: .opportunistic(verification: .none))
            let (marker, message) = testMessage()
            let refused = await session.send(envelope: (from: "s@postage.test", recipients: ["unknown@example.test"]), message: message)
            #expect(refused.first?.status == .permanent)
            let next = testMessage()
            let delivered = await session.send(envelope: (from: "s@postage.test", recipients: ["ok@example.test"]), message: next.bytes)
            await session.quit()
            #expect(delivered.first?.status == .delivered)
            #expect(try peers.aiosmtpdMessages(containing: marker).isEmpty)
            #expect(try peers.aiosmtpdMessages(containing: next.marker).count == 1)
        }

        @Test("AUTH PLAIN after STARTTLS; the sink records the user")
        func auth() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: try verifiedTLS(peers),
                                            credentials: SMTPCredentials(username: "api-token", password: "secret"))
            #expect(session.info.authenticated)
            let (marker, message) = testMessage()
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["r@example.test"]), message: message)
            await session.quit()
            #expect(outcomes.first?.status == .delivered)
            #expect(try peers.aiosmtpdMessages(containing: marker).first?.meta["auth_user"] as? String == "api-token")
        }

        @Test("wrong credentials: 535 5.7.8, permanent")
        func authRejected() async throws {
            let peers = try SMTPPeers.require()
            let error = await #expect(throws: SMTPClientError.self) {
                _ = try await connect(peers.address(.aiosmtpd), tls: try verifiedTLS(peers),
                                      credentials: SMTPCredentials(username: "api-token", password: "wrong"))
            }
            #expect(error?.code == .authRejected)
            #expect(error?.reply?.code == 535)
            #expect(error?.reply?.enhancedCode == EnhancedStatusCode("5.7.8"))
            #expect(error?.isTransient == false)
        }

        @Test("SMTPUTF8 address to a server that offers it")
        func smtputf8() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpd), tls: .opportunistic(verification: .none))
            let (marker, message) = testMessage()
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["j\u{F6}rg@b\u{FC}cher.test"]), message: message)
            await session.quit()
            #expect(outcomes.first?.status == .delivered)
            let meta = try #require(try peers.aiosmtpdMessages(containing: marker).first?.meta)
            #expect(meta["rcpt_tos"] as? [String] == ["j\u{F6}rg@b\u{FC}cher.test"])
            #expect((meta["mail_options"] as? [String] ?? []).contains("SMTPUTF8"))
        }

        @Test("a message over the server's SIZE is refused before sending (552 5.3.4)")
        func sizeLimit() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.aiosmtpdSmall))
            #expect(session.info.capabilities.sizeLimit == 2048)
            let big = testMessage(extraBody: String(repeating: "x", count: 2100) + "\r\n")
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["r@example.test"]), message: big.bytes)
            #expect(outcomes.first?.status == .permanent)
            #expect(outcomes.first?.localError == .messageTooLarge)
            #expect(outcomes.first?.enhancedCode == EnhancedStatusCode("5.3.4"))
            let small = testMessage()
            let ok = await session.send(envelope: (from: "s@postage.test", recipients: ["r@example.test"]), message: small.bytes)
            await session.quit()
            #expect(ok.first?.status == .delivered)
            #expect(try peers.aiosmtpdMessages(.aiosmtpdSmall, containing: big.marker).isEmpty)
            #expect(try peers.aiosmtpdMessages(.aiosmtpdSmall, containing: small.marker).count == 1)
        }
    }
}

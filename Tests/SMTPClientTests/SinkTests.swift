import Foundation
import SMTPClient
import SMTPProtocol
import Testing

extension PeerTests {
    /// Postfix smtp-sink: fast, pipelining, and scriptable failures (testing-peers.md §6.1).
    @Suite("smtp-sink")
    struct SinkTests {
        @Test("several recipients in one pipelined transaction, delivered as sent")
        func delivers() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.sink))
            #expect(session.info.esmtp && session.info.capabilities.pipelining && !session.info.tlsActive)
            let (marker, message) = testMessage()
            let recipients = ["one@example.test", "two@example.test", "three@example.test"]
            let outcomes = await session.send(envelope: (from: "bounces+\(marker)@postage.test", recipients: recipients), message: message)
            await session.quit()
            #expect(outcomes.map(\.recipient) == recipients)
            for outcome in outcomes {
                #expect(outcome.status == .delivered)
                #expect(outcome.code == 250 && outcome.enhancedCode == EnhancedStatusCode("2.0.0"))
                #expect(outcome.stage == .dataTermination)
            }
            let dumps = try peers.sinkDumps(containing: marker)
            try #require(dumps.count == 1, "one transaction, one dump")
            let dump = dumps[0]
            #expect(dump.contains("X-Mail-Args: <bounces+\(marker)@postage.test>"))
            #expect(dump.contains("X-Helo-Args: client.postage.test"))
            for recipient in recipients { #expect(dump.contains("X-Rcpt-Args: <\(recipient)>")) }
            // smtp-sink stores LF line ends, unstuffed, plus one LF; it prepends its own lines.
            let sent = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            #expect(dump.hasSuffix(sent + "\n"))
        }

        @Test("the connection is reused for the next message (RSET between)")
        func reuse() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.sink))
            let first = testMessage(), second = testMessage()
            let a = await session.send(envelope: (from: "s@postage.test", recipients: ["a@example.test"]), message: first.bytes)
            let b = await session.send(envelope: (from: "s@postage.test", recipients: ["b@example.test"]), message: second.bytes)
            #expect(session.isOpen)
            await session.quit()
            #expect(!session.isOpen)
            #expect(a.first?.status == .delivered && b.first?.status == .delivered)
            #expect(try peers.sinkDumps(containing: first.marker).count == 1)
            #expect(try peers.sinkDumps(containing: second.marker).first?.contains("X-Rcpt-Args: <b@example.test>") == true)
        }

        @Test("sends that overlap run one after another on one connection")
        func concurrentSends() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.sink))
            let messages = (0..<5).map { _ in testMessage() }
            let results = await withTaskGroup(of: [RecipientOutcome].self) { group in
                for message in messages {
                    group.addTask {
                        await session.send(envelope: (from: "s@postage.test", recipients: ["r@example.test"]), message: message.bytes)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            await session.quit()
            #expect(results.count == 5)
            #expect(results.allSatisfy { $0.first?.status == .delivered })
            for message in messages { #expect(try peers.sinkDumps(containing: message.marker).count == 1) }
        }

        @Test("550 5.1.1 on RCPT is permanent, with the enhanced code")
        func rcpt550() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.rcpt550))
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["nobody@example.test", "other@example.test"]),
                                              message: testMessage().bytes)
            #expect(session.isOpen, "after RSET the session is still usable")
            await session.quit()
            for outcome in outcomes {
                #expect(outcome.status == .permanent)
                #expect(outcome.stage == .rcpt)
                #expect(outcome.code == 550)
                #expect(outcome.enhancedCode == EnhancedStatusCode("5.1.1"))
                #expect(outcome.text.contains("User unknown"))
                #expect(outcome.localError == nil)
            }
        }

        @Test("451 on RCPT is transient")
        func rcpt451() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.rcpt451))
            // smtp-sink -r turns PIPELINING off: this also runs the one-command-at-a-time path.
            #expect(!session.info.capabilities.pipelining)
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["busy@example.test"]), message: testMessage().bytes)
            await session.quit()
            let outcome = try #require(outcomes.first)
            #expect(outcome.status == .transient && outcome.stage == .rcpt)
            #expect(outcome.code == 451 && outcome.enhancedCode == EnhancedStatusCode("4.3.0"))
        }

        @Test("554 5.7.1 to DATA is permanent for every accepted recipient, at the DATA stage")
        func data554() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.data554))
            // smtp-sink -f (like -r) turns PIPELINING off.
            #expect(!session.info.capabilities.pipelining)
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["a@example.test", "b@example.test"]),
                                              message: testMessage().bytes)
            #expect(session.isOpen)
            await session.quit()
            for outcome in outcomes {
                #expect(outcome.status == .permanent && outcome.stage == .data)
                #expect(outcome.code == 554 && outcome.enhancedCode == EnhancedStatusCode("5.7.1"))
                #expect(outcome.reply.textWithoutEnhancedCode == "Message rejected as spam")
            }
        }

        @Test("451 after the end of data is transient, at the final-reply stage")
        func dot451() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.dot451))
            let first = await session.send(envelope: (from: "s@postage.test", recipients: ["a@example.test"]), message: testMessage().bytes)
            // RSET after the failure, and the connection takes the next transaction.
            let second = await session.send(envelope: (from: "s@postage.test", recipients: ["b@example.test"]), message: testMessage().bytes)
            await session.quit()
            for outcome in first + second {
                #expect(outcome.status == .transient && outcome.stage == .dataTermination)
                #expect(outcome.code == 451 && outcome.enhancedCode == EnhancedStatusCode("4.3.0"))
            }
        }

        @Test("the server vanishing after the end of DATA is transient, never delivered")
        func vanishesMidDATA() async throws {
            let peers = try SMTPPeers.require()
            let session = try await connect(peers.address(.vanish))
            let outcomes = await session.send(envelope: (from: "s@postage.test", recipients: ["a@example.test", "b@example.test"]),
                                              message: testMessage().bytes)
            #expect(outcomes.count == 2)
            for outcome in outcomes {
                #expect(outcome.status == .transient)
                #expect(outcome.stage == .dataTermination)
                #expect(outcome.localError == .connectionLost)
                #expect(outcome.enhancedCode == EnhancedStatusCode("4.4.2"))
            }
            // Then the session is closed, and says so.
            let later = await session.send(envelope: (from: "s@postage.test", recipients: ["c@example.test"]), message: testMessage().bytes)
            #expect(later.first?.status == .transient && later.first?.localError == .sessionClosed)
            await session.quit()
        }

        @Test("one-shot deliver: connect, send, quit")
        func deliverHelper() async throws {
            let peers = try SMTPPeers.require()
            let address = peers.address(.sink)
            let (marker, message) = testMessage()
            let outcomes = await SMTPClientSession.deliver(
                to: address.host, port: address.port,
                configuration: SMTPClientConfiguration(heloName: "client.postage.test", timeouts: testTimeouts),
                tls: .opportunistic, envelope: SMTPEnvelope(from: "s@postage.test", recipients: ["r@example.test"]), message: message
            )
            #expect(outcomes.first?.status == .delivered)
            #expect(try peers.sinkDumps(containing: marker).count == 1)
        }
    }
}

import NIOCore
import SMTPProtocol
import Testing

/// MAIL / RCPT / DATA against scripted replies, with and without PIPELINING.
@Suite struct TransactionTests {
    static let message = "Subject: t\r\n\r\nhello\r\n.dot line\r\n"
    static let wire = "Subject: t\r\n\r\nhello\r\n..dot line\r\n.\r\n"

    @Test func deliversOneMessage() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.reply("SIZE 1000", "8BITMIME", "ENHANCEDSTATUSCODES"))
        server.send(to: ["r@b.test"], message: Self.message)
        #expect(server.batches.last == ["MAIL FROM:<sender@a.test> SIZE=32"])
        server.answer("MAIL FROM:<sender@a.test> SIZE=32", 250, "2.1.0 Ok")
        server.answer("RCPT TO:<r@b.test>", 250, "2.1.5 Ok")
        server.answer("DATA", 354, "End data with <CR><LF>.<CR><LF>")
        #expect(server.messages == [Self.wire])
        server.answer("<message>", SMTPReply(code: 250, lines: ["2.0.0 Ok: queued as ABC", "2.0.0 and more"]))
        let outcome = try #require(server.completed.first?.first)
        #expect(outcome.status == .delivered)
        #expect(outcome.recipient == "r@b.test")
        #expect(outcome.stage == .dataTermination)
        #expect(outcome.text == "2.0.0 Ok: queued as ABC\n2.0.0 and more")
        #expect(outcome.enhancedCode == EnhancedStatusCode("2.0.0"))
        #expect(outcome.localError == nil)
        // Timers per stage, RFC 5321 §4.5.3.2 defaults.
        let stages = server.timers.map(\.0)
        #expect(stages == [.greeting, .ehlo, .mail, .rcpt, .data, .dataBlock, .dataTermination])
        #expect(server.timers.map(\.1) == [.minutes(5), .minutes(5), .minutes(5), .minutes(5), .minutes(2), .minutes(3), .minutes(10)])
        #expect(server.armed == nil)
        server.quit()
        server.answer("QUIT", 221, "Bye")
        #expect(server.closed)
    }

    /// RFC 2920: MAIL, every RCPT and DATA go out together; the replies come back in order.
    @Test func pipelinesTheEnvelope() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["a@b.test", "c@b.test", "d@b.test"])
        #expect(server.batches.last == [
            "MAIL FROM:<sender@a.test>", "RCPT TO:<a@b.test>", "RCPT TO:<c@b.test>", "RCPT TO:<d@b.test>", "DATA",
        ])
        server.answer("MAIL FROM:<sender@a.test>", 250, "2.1.0 Ok")
        server.answer("RCPT TO:<a@b.test>", 250, "2.1.5 Ok")
        server.answer("RCPT TO:<c@b.test>", 550, "5.1.1 <c@b.test>: Recipient address rejected: User unknown")
        server.answer("RCPT TO:<d@b.test>", 250, "2.1.5 Ok")
        server.answer("DATA", 354, "go")
        server.answer("<message>", 250, "2.0.0 Ok: queued")
        let outcomes = try #require(server.completed.first)
        #expect(outcomes.map(\.status) == [.delivered, .permanent, .delivered])
        #expect(outcomes[1].code == 550 && outcomes[1].stage == .rcpt)
        #expect(outcomes[1].enhancedCode == EnhancedStatusCode("5.1.1"))
        #expect(outcomes[1].text.contains("User unknown"))
        #expect(server.batches.count == 2, "EHLO, then one group")
    }

    @Test func partialRejectionWithoutPipelining() throws {
        let server = ScriptedServer.ready()
        server.send(to: ["a@b.test", "busy@b.test", "c@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 250, "ok")
        server.answer("RCPT TO:<busy@b.test>", 450, "4.2.1 Mailbox busy")
        server.answer("RCPT TO:<c@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        server.answer("<message>", 250, "2.0.0 queued")
        let outcomes = try #require(server.completed.first)
        #expect(outcomes.map(\.status) == [.delivered, .transient, .delivered])
        #expect(outcomes[1].stage == .rcpt && outcomes[1].code == 450)
        #expect(server.batches.allSatisfy { $0.count == 1 }, "one command at a time")
    }

    @Test func allRecipientsRefusedMeansRSETNotDATA() throws {
        let server = ScriptedServer.ready()
        server.send(to: ["a@b.test", "c@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 550, "5.1.1 unknown")
        server.answer("RCPT TO:<c@b.test>", 451, "4.3.0 later")
        let outcomes = try #require(server.completed.first)
        #expect(outcomes.map(\.status) == [.permanent, .transient])
        #expect(server.unanswered == ["RSET"])
        #expect(!server.sent.contains("DATA"))
        server.answer("RSET", 250, "2.0.0 Ok")
        // Reset already: the next transaction starts with MAIL.
        server.send(to: ["e@b.test"])
        #expect(server.unanswered == ["MAIL FROM:<sender@a.test>"])
    }

    @Test func allRefusedPipelinedAndDATARefused() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["a@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 550, "5.1.1 unknown")
        server.answer("DATA", 554, "5.5.1 Error: no valid recipients")
        #expect(server.completed.first?.map(\.status) == [.permanent])
        #expect(server.completed.first?.first?.stage == .rcpt)
        #expect(server.unanswered == ["RSET"])
        #expect(server.messages.isEmpty)
    }

    /// RFC 2920 §3.1: a 354 with no accepted recipient gets a lone dot, never the message.
    @Test func allRefusedPipelinedButDATAAccepted() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["a@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 550, "5.1.1 unknown")
        server.answer("DATA", 354, "go ahead anyway")
        #expect(server.messages == [".\r\n"])
        server.answer("<message>", 554, "5.5.1 no valid recipients")
        #expect(server.completed.first?.map(\.status) == [.permanent])
        // The dot ended the transaction; the next one starts with RSET (pipelined with it).
        server.send(to: ["b@b.test"])
        #expect(server.batches.last == ["RSET", "MAIL FROM:<sender@a.test>", "RCPT TO:<b@b.test>", "DATA"])
    }

    @Test func mailRefusedPipelined() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["a@b.test", "c@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 553, "5.7.1 Sender address rejected")
        server.answer("RCPT TO:<a@b.test>", 503, "5.5.1 Error: need MAIL command")
        server.answer("RCPT TO:<c@b.test>", 503, "5.5.1 Error: need MAIL command")
        server.answer("DATA", 503, "5.5.1 Error: need RCPT command")
        let outcomes = try #require(server.completed.first)
        #expect(outcomes.allSatisfy { $0.status == .permanent && $0.stage == .mail && $0.code == 553 })
        #expect(server.unanswered == ["RSET"])
    }

    enum FailingStage: String, CaseIterable, Sendable { case mail, rcpt, data, dataTermination }

    /// 4xx and 5xx at each stage of a transaction: the outcome carries stage, code, enhanced code
    /// and text; RSET follows; the session stays usable.
    @Test(arguments: FailingStage.allCases, [451, 554])
    func refusalAtEachStage(stage: FailingStage, code: Int) throws {
        let server = ScriptedServer.ready()
        server.send(to: ["r@b.test"])
        let enhanced = code == 451 ? "4.3.0" : "5.7.1"
        let refusal = SMTPReply(code: code, "\(enhanced) refused at \(stage.rawValue)")
        server.answer("MAIL FROM:<sender@a.test>", stage == .mail ? refusal : SMTPReply(code: 250, "ok"))
        if stage != .mail {
            server.answer("RCPT TO:<r@b.test>", stage == .rcpt ? refusal : SMTPReply(code: 250, "ok"))
        }
        if stage == .data || stage == .dataTermination {
            server.answer("DATA", stage == .data ? refusal : SMTPReply(code: 354, "go"))
        }
        if stage == .dataTermination {
            server.answer("<message>", refusal)
        }
        let outcome = try #require(server.completed.first?.first)
        #expect(outcome.status == (code == 451 ? .transient : .permanent))
        #expect(outcome.stage.rawValue == stage.rawValue)
        #expect(outcome.code == code)
        #expect(outcome.enhancedCode == EnhancedStatusCode(enhanced))
        #expect(outcome.text == "\(enhanced) refused at \(stage.rawValue)")
        #expect(outcome.localError == nil)
        #expect(server.unanswered == ["RSET"])
        server.answer("RSET", 250, "ok")
        #expect(!server.closed && server.armed == nil)
    }

    @Test func sizeLimitIsCheckedBeforeSending() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.reply("SIZE 100", "ENHANCEDSTATUSCODES"))
        server.send(to: ["r@b.test"], message: String(repeating: "x", count: 99) + "\r\n")
        let outcome = try #require(server.completed.first?.first)
        #expect(outcome.status == .permanent)
        #expect(outcome.code == 552 && outcome.enhancedCode == EnhancedStatusCode("5.3.4"))
        #expect(outcome.localError == .messageTooLarge)
        #expect(server.sent == ["EHLO client.test"], "nothing sent for an oversized message")
        // 100 bytes exactly is fine, and SIZE= says so.
        server.send(to: ["r@b.test"], message: String(repeating: "x", count: 98) + "\r\n")
        #expect(server.unanswered == ["MAIL FROM:<sender@a.test> SIZE=100"])
    }

    @Test func eightBitAndSMTPUTF8Parameters() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.reply("8BITMIME", "SMTPUTF8", "PIPELINING"))
        server.send(from: "s\u{E9}nder@a.test", to: ["r@b.test"], message: "Subject: caf\u{E9}\r\n\r\n")
        #expect(server.batches.last?.first == "MAIL FROM:<s\u{E9}nder@a.test> BODY=8BITMIME SMTPUTF8")

        let plain = ScriptedServer.ready(ehlo: EHLO.reply("8BITMIME"))
        plain.send(to: ["\u{FC}ser@b.test", "ok@b.test"])
        let outcomes = try #require(plain.completed.first)
        #expect(outcomes.allSatisfy { $0.status == .permanent && $0.enhancedCode == EnhancedStatusCode("5.6.7") })
        #expect(plain.sent == ["EHLO client.test"])
    }

    @Test func invalidRecipientIsRefusedLocallyOthersGoOn() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["good@b.test", "evil@b.test>\r\nRCPT TO:<x@y.test"])
        #expect(server.batches.last == ["MAIL FROM:<sender@a.test>", "RCPT TO:<good@b.test>", "DATA"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<good@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        server.answer("<message>", 250, "queued")
        let outcomes = try #require(server.completed.first)
        #expect(outcomes[0].status == .delivered)
        #expect(outcomes[1].status == .permanent && outcomes[1].localError == .invalidAddress)
        #expect(outcomes[1].enhancedCode == EnhancedStatusCode("5.1.3"))
    }

    /// Connection reuse: the second message on a connection starts with RSET.
    @Test(arguments: [false, true])
    func reuseStartsWithRSET(pipelining: Bool) throws {
        let server = ScriptedServer.ready(ehlo: pipelining ? EHLO.pipelining : EHLO.plain)
        for round in 1...2 {
            server.send(to: ["r\(round)@b.test"])
            if round == 2 {
                if pipelining {
                    #expect(server.batches.last == ["RSET", "MAIL FROM:<sender@a.test>", "RCPT TO:<r2@b.test>", "DATA"])
                } else {
                    #expect(server.batches.last == ["RSET"])
                }
                server.answer("RSET", 250, "2.0.0 Ok")
            }
            server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
            server.answer("RCPT TO:<r\(round)@b.test>", 250, "ok")
            server.answer("DATA", 354, "go")
            server.answer("<message>", 250, "queued \(round)")
        }
        #expect(server.completed.map { $0.first?.text } == ["queued 1", "queued 2"])
        #expect(server.completed.allSatisfy { $0.first?.status == .delivered })
    }

    @Test func transactionsStartedWhileBusyRunInOrder() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["a@b.test"])
        server.send(to: ["c@b.test"])
        #expect(server.batches.count == 2, "the second waits")
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        server.answer("<message>", 250, "first")
        #expect(server.batches.last == ["RSET", "MAIL FROM:<sender@a.test>", "RCPT TO:<c@b.test>", "DATA"])
        server.answer("RSET", 250, "ok")
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<c@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        server.answer("<message>", 250, "second")
        #expect(server.completed.map { $0.first?.text } == ["first", "second"])
    }

    @Test func quitWaitsForTheRunningTransaction() throws {
        let server = ScriptedServer.ready()
        server.send(to: ["a@b.test"])
        server.quit()
        server.send(to: ["late@b.test"])
        #expect(server.completed.first?.first?.localError == .sessionClosed, "nothing new after quit")
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        server.answer("<message>", 250, "done")
        #expect(server.completed.last?.first?.status == .delivered)
        server.answer("QUIT", 221, "bye")
        #expect(server.closed)
    }

    @Test func emptyRecipientListCompletesAtOnce() {
        let server = ScriptedServer.ready()
        server.send(to: [])
        #expect(server.completed == [[]])
        #expect(server.sent == ["EHLO client.test"])
    }
}

import NIOCore
import SMTPProtocol
import Testing

/// Timeouts, lost connections and 421 in the middle of things: everything undecided becomes
/// transient, with the stage where it happened.
@Suite struct FailureTests {
    @Test func timeoutWaitingForRCPT() throws {
        var timeouts = SMTPTimeouts()
        timeouts.rcpt = .seconds(7)
        let server = ScriptedServer.ready(configuration: .init(heloName: "client.test", timeouts: timeouts))
        server.send(to: ["a@b.test", "c@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 550, "5.1.1 unknown")
        #expect(server.timers.last! .0 == .rcpt && server.timers.last!.1 == .seconds(7))
        server.timeout()
        let outcomes = try #require(server.completed.first)
        #expect(outcomes[0].status == .permanent, "decided before the timeout")
        #expect(outcomes[1].status == .transient && outcomes[1].stage == .rcpt && outcomes[1].localError == .timeout)
        #expect(outcomes[1].code == 451 && outcomes[1].enhancedCode == EnhancedStatusCode("4.4.2"))
        #expect(server.closed)
    }

    @Test(arguments: [SMTPStage.greeting, .ehlo])
    func timeoutDuringSetup(stage: SMTPStage) throws {
        let server = ScriptedServer()
        server.perform(server.machine.connected())
        if stage == .ehlo { server.reply(SMTPReply(code: 220, "hi")) }
        server.timeout()
        let failure = try #require(server.failure)
        #expect(failure.code == .timeout && failure.stage == stage && failure.isTransient)
        #expect(server.closed)
    }

    @Test func connectionLostMidDATA() throws {
        let server = ScriptedServer.ready()
        server.completeWrites = false
        server.send(to: ["a@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        #expect(server.armed == .dataBlock)
        server.perform(server.machine.messageWritten(complete: false))
        #expect(server.armed == .dataBlock)
        server.drop()
        let outcome = try #require(server.completed.first?.first)
        #expect(outcome.status == .transient && outcome.stage == .dataBlock && outcome.localError == .connectionLost)
    }

    @Test func connectionLostWaitingForTheFinalReply() throws {
        let server = ScriptedServer.ready()
        server.send(to: ["a@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 250, "ok")
        server.answer("DATA", 354, "go")
        #expect(server.armed == .dataTermination)
        server.drop()
        let outcome = try #require(server.completed.first?.first)
        #expect(outcome.status == .transient && outcome.stage == .dataTermination)
        // Later sends say the session is closed.
        server.send(to: ["b@b.test"])
        #expect(server.completed.last?.first?.localError == .sessionClosed)
        #expect(server.completed.last?.first?.status == .transient)
    }

    @Test func serviceClosing421MidTransactionFailsItAndTheQueue() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        server.send(to: ["a@b.test", "c@b.test"])
        server.send(to: ["queued@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 250, "ok")
        server.answer("RCPT TO:<a@b.test>", 421, "4.4.2 mx.test Error: timeout exceeded")
        #expect(server.completed.count == 2)
        #expect(server.completed[0].allSatisfy { $0.status == .transient && $0.code == 421 && $0.stage == .rcpt })
        #expect(server.completed[1].first?.status == .transient)
        #expect(server.closed)
        #expect(server.machine.closeReason?.code == .serviceClosing)
    }

    @Test func rsetRefusedClosesTheSession() throws {
        let server = ScriptedServer.ready()
        server.send(to: ["a@b.test"])
        server.answer("MAIL FROM:<sender@a.test>", 451, "4.3.0 later")
        server.send(to: ["next@b.test"])
        server.answer("RSET", 500, "what")
        #expect(server.closed)
        #expect(server.completed.count == 2)
        #expect(server.completed[1].first?.localError == .resetFailed)
    }

    @Test func unsolicitedReplyWhileIdleCloses() throws {
        let server = ScriptedServer.ready()
        server.reply(SMTPReply(code: 250, "surprise"))
        #expect(server.closed)
        #expect(server.machine.closeReason?.code == .unexpectedReply)
    }

    @Test func closeDuringQuitIsClean() throws {
        let server = ScriptedServer.ready()
        server.quit()
        server.drop()
        #expect(server.machine.closeReason == nil)
        server.timeout()
        #expect(server.completed.isEmpty && server.failure == nil)
    }

    @Test func defaultTimeoutsFollowRFC5321() {
        let timeouts = SMTPTimeouts()
        #expect(timeouts[.greeting] == .minutes(5))
        #expect(timeouts[.mail] == .minutes(5))
        #expect(timeouts[.rcpt] == .minutes(5))
        #expect(timeouts[.data] == .minutes(2))
        #expect(timeouts[.dataBlock] == .minutes(3))
        #expect(timeouts[.dataTermination] == .minutes(10))
        let short = SMTPTimeouts.uniform(.milliseconds(50))
        #expect(SMTPStage.allCases.allSatisfy { short[$0] == .milliseconds(50) })
    }
}

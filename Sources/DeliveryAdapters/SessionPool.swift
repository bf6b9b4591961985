import SMTPClient
import Synchronization

/// Open SMTP sessions kept for the next message to the same destination (issue: delivery, "reuse
/// of an open connection for the next message to the same destination"). A session is used by one
/// transaction at a time: it is taken out while in use and put back afterwards.
final class SessionPool: Sendable {
    private struct Idle: Sendable {
        var session: SMTPClientSession
        var since: ContinuousClock.Instant
    }

    private let idle = Mutex<[String: [Idle]]>([:])
    /// Sessions kept per destination address.
    let perDestination: Int
    /// A session idle longer than this is closed rather than reused (servers drop idle clients;
    /// RFC 5321 §4.5.3.2.7 gives them 5 minutes, many use less).
    let maxIdle: Duration

    init(perDestination: Int = 4, maxIdle: Duration = .seconds(20)) {
        self.perDestination = perDestination
        self.maxIdle = maxIdle
    }

    /// An open session to `key`, if one is idle and fresh.
    func take(_ key: String) async -> SMTPClientSession? {
        let now = ContinuousClock.now
        var stale: [SMTPClientSession] = []
        let found = idle.withLock { idle -> SMTPClientSession? in
            var list = idle[key] ?? []
            defer { idle[key] = list.isEmpty ? nil : list }
            while let candidate = list.popLast() {
                if candidate.session.isOpen && now - candidate.since < maxIdle { return candidate.session }
                stale.append(candidate.session)
            }
            return nil
        }
        for session in stale { await session.quit() }
        return found
    }

    /// Keeps `session` for later, or closes it when the destination already has enough.
    func put(_ key: String, _ session: SMTPClientSession) async {
        guard session.isOpen else { return }
        let kept = idle.withLock { idle -> Bool in
            var list = idle[key] ?? []
            guard list.count < perDestination else { return false }
            list.append(Idle(session: session, since: .now))
            idle[key] = list
            return true
        }
        if !kept { await session.quit() }
    }

    /// QUIT every idle session (graceful shutdown).
    func drain() async {
        let all = idle.withLock { idle -> [SMTPClientSession] in
            defer { idle = [:] }
            return idle.values.flatMap { $0.map(\.session) }
        }
        for session in all { await session.quit() }
    }
}

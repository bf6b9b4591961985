/// The order in which one query tries the servers (pure logic): `attempts` rounds over the
/// list, each round in list order starting at `start` (which `rotate` advances per query, as
/// resolv.conf's `options rotate` does). Per round every server gets one try, so a dead server
/// costs one time-out per round, not the whole query.
struct QueryPlan: Sequence {
    let serverCount: Int
    let attempts: Int
    let start: Int

    init(serverCount: Int, attempts: Int, start: Int = 0) {
        self.serverCount = Swift.max(serverCount, 0)
        self.attempts = Swift.max(attempts, 0)
        self.start = serverCount > 0 ? ((start % serverCount) + serverCount) % serverCount : 0
    }

    /// Total tries.
    var count: Int { serverCount * attempts }

    struct Try: Equatable {
        /// Index into the server list.
        var server: Int
        /// 0-based round.
        var round: Int
    }

    func makeIterator() -> AnyIterator<Try> {
        var index = 0
        return AnyIterator {
            guard index < count else { return nil }
            defer { index += 1 }
            return Try(server: (start + index % serverCount) % serverCount, round: index / serverCount)
        }
    }
}

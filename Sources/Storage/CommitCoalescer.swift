import Synchronization

/// Group commit for backends whose commit is one call over many items (PostgreSQL's `accept` is a
/// single multi-row statement in one transaction). Concurrent callers' items are combined into one
/// commit while the previous commit is in flight, so throughput is bounded by items per commit
/// rather than commits per second. If a combined commit fails, each caller's items are committed
/// again on their own, so one caller's bad input (a duplicate id) never fails the others.
public final class CommitCoalescer<Item: Sendable>: Sendable {
    public typealias Commit = @Sendable ([Item]) async throws -> Void

    private struct Waiter: Sendable {
        let items: [Item]
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var inFlight = 0
    }

    private let commit: Commit
    private let state = Mutex(State())
    private let maxItemsPerCommit: Int
    private let maxConcurrentCommits: Int

    /// `maxConcurrentCommits` commits may run at once (PostgreSQL overlaps them across connections).
    public init(maxItemsPerCommit: Int = 2000, maxConcurrentCommits: Int = 4, commit: @escaping Commit) {
        self.commit = commit
        self.maxItemsPerCommit = maxItemsPerCommit
        self.maxConcurrentCommits = maxConcurrentCommits
    }

    public func submit(_ items: [Item]) async throws {
        if items.isEmpty { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { state -> Bool in
                state.pending.append(Waiter(items: items, continuation: continuation))
                guard state.inFlight < maxConcurrentCommits else { return false }
                state.inFlight += 1
                return true
            }
            if start { Task { await self.run() } }
        }
    }

    private func run() async {
        while true {
            let group = state.withLock { state -> [Waiter] in
                var taken: [Waiter] = []
                var count = 0
                while let next = state.pending.first, taken.isEmpty || count + next.items.count <= maxItemsPerCommit {
                    taken.append(next)
                    count += next.items.count
                    state.pending.removeFirst()
                }
                if taken.isEmpty { state.inFlight -= 1 }
                return taken
            }
            if group.isEmpty { return }
            do {
                try await commit(group.flatMap(\.items))
                for waiter in group { waiter.continuation.resume() }
            } catch {
                if group.count == 1 {
                    group[0].continuation.resume(throwing: error)
                    continue
                }
                for waiter in group {
                    do {
                        try await commit(waiter.items)
                        waiter.continuation.resume()
                    } catch {
                        waiter.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}

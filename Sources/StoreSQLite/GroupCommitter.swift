import GRDB
import Synchronization

/// Folds concurrent write requests into one transaction, so that many submissions share one fsync
/// (architecture section 3: "throughput is bounded by rows per fsync, not fsyncs per message").
///
/// Each request runs inside its own savepoint: a request that throws is rolled back alone and gets
/// its error, while the others still commit. Callers resume only after the shared COMMIT returned,
/// which with `synchronous=FULL` means the WAL frame is on disk.
final class GroupCommitter: Sendable {
    typealias Work = @Sendable (Database) throws -> Void

    private struct Request: Sendable {
        let work: Work
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var pending: [Request] = []
        var draining = false
    }

    private let writer: DatabasePool
    private let state = Mutex(State())
    /// Upper bound on requests folded into one transaction, to bound a commit's latency.
    private let maxRequestsPerCommit: Int

    init(writer: DatabasePool, maxRequestsPerCommit: Int = 2048) {
        self.writer = writer
        self.maxRequestsPerCommit = maxRequestsPerCommit
    }

    func write(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startDrain = state.withLock { state -> Bool in
                state.pending.append(Request(work: work, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Request] in
                if state.pending.isEmpty {
                    state.draining = false
                    return []
                }
                let take = min(state.pending.count, maxRequestsPerCommit)
                let batch = Array(state.pending.prefix(take))
                state.pending.removeFirst(take)
                return batch
            }
            if batch.isEmpty { return }
            let works = batch.map(\.work)
            do {
                let results = try await writer.write { db -> [Result<Void, any Error>] in
                    var results: [Result<Void, any Error>] = []
                    results.reserveCapacity(works.count)
                    for work in works {
                        do {
                            try db.inSavepoint {
                                try work(db)
                                return .commit
                            }
                            results.append(.success(()))
                        } catch {
                            results.append(.failure(error))
                        }
                    }
                    return results
                }
                for (request, result) in zip(batch, results) {
                    request.continuation.resume(with: result)
                }
            } catch {
                // The shared COMMIT failed: nobody's write is durable.
                for request in batch { request.continuation.resume(throwing: error) }
            }
        }
    }
}

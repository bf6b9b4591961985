import Storage
import Synchronization

/// Token → server (and its streams) for a short time, so the accept path does not read the
/// database twice per request. Local changes invalidate at once; changes made by another node are
/// seen within `lifetime` (architecture: several nodes share one PostgreSQL).
final class ServerCache: Sendable {
    struct Entry: Sendable {
        var server: ServerRecord
        var streams: [StreamRecord]
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(2), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached server for `token`, or loads it through `load` (nil: unknown token, not cached).
    func server(
        forToken token: String, load: () async throws -> (ServerRecord, [StreamRecord])?
    ) async throws -> (ServerRecord, [StreamRecord])? {
        let now = ContinuousClock.now
        if let hit = entries.withLock({ $0[token] }), hit.expires > now {
            return (hit.server, hit.streams)
        }
        guard let loaded = try await load() else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(server: loaded.0, streams: loaded.1, expires: now + lifetime)
        }
        return loaded
    }

    func invalidate(serverID: Int64) {
        entries.withLock { entries in entries = entries.filter { $0.value.server.id != serverID } }
    }
}

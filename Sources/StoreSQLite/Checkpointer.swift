import Foundation
import GRDB
import Synchronization

/// Copies the WAL back into the database file from its own connection, so the writer's commits
/// never pay for checkpoints (SQLite's automatic checkpoint runs inside the committing
/// transaction). A PASSIVE checkpoint never blocks the writer or readers
/// (https://www.sqlite.org/wal.html, "Checkpointing").
///
/// The writer keeps a large automatic-checkpoint threshold as a safety net, so the WAL stays
/// bounded even if this task stops.
final class Checkpointer: Sendable {
    /// Frames in the WAL before a checkpoint is worth running.
    static let threshold = 1000
    /// The writer's own fallback threshold (pages).
    static let writerFallback = 20_000

    private let connection: DatabaseQueue
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "postage.checkpointer"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    func start(interval: Duration = .milliseconds(100)) {
        let connection = self.connection
        let newTask = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                _ = try? await connection.writeWithoutTransaction { db -> Int in
                    // wal_checkpoint returns (busy, frames in WAL, frames checkpointed).
                    guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") else { return 0 }
                    return row[1] as Int? ?? 0
                }
            }
        }
        task.withLock { $0 = newTask }
    }

    func stop() async {
        let running = task.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        try? connection.close()
    }
}

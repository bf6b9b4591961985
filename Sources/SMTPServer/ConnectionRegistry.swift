import NIOCore
import Synchronization

/// Counts open connections per client address and in total, and remembers each open session so
/// that shutdown can reach it. A connection over either limit is answered `421` and closed
/// (RFC 5321 section 3.8: a server may refuse service with 421 and close).
final class ConnectionRegistry: Sendable {
    struct Limits: Sendable {
        var perAddress: Int
        var total: Int
    }

    private struct State {
        var perAddress: [String: Int] = [:]
        var total = 0
        var nextID: UInt64 = 0
        var handlers: [UInt64: SMTPServerHandler.Handle] = [:]
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits) {
        self.limits = limits
    }

    /// Registers a new connection; nil when a limit is reached.
    func open(address: String, handle: SMTPServerHandler.Handle) -> UInt64? {
        state.withLock { state -> UInt64? in
            let current = state.perAddress[address, default: 0]
            guard current < limits.perAddress, state.total < limits.total else { return nil }
            state.perAddress[address] = current + 1
            state.total += 1
            state.nextID += 1
            state.handlers[state.nextID] = handle
            return state.nextID
        }
    }

    func close(id: UInt64, address: String) {
        state.withLock { state in
            guard state.handlers.removeValue(forKey: id) != nil else { return }
            let remaining = state.perAddress[address, default: 1] - 1
            state.perAddress[address] = remaining > 0 ? remaining : nil
            state.total -= 1
        }
    }

    var openCount: Int { state.withLock { $0.total } }

    /// Asks every open session to finish (sessions in DATA complete their message first).
    func shutdownAll() {
        let handles = state.withLock { Array($0.handlers.values) }
        for handle in handles { handle.shutdown() }
    }

    /// Returns when no connection is open, or when the task is cancelled.
    func waitUntilDrained() async {
        while openCount > 0, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

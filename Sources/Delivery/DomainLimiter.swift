/// Caps concurrent transactions per destination domain, so one slow or throttling receiver cannot
/// take every worker (Postfix's per-destination concurrency).
actor DomainLimiter {
    private let limit: Int
    private var active: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire(_ domain: String) async {
        if active[domain, default: 0] < limit {
            active[domain, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[domain, default: []].append($0) }
    }

    func release(_ domain: String) {
        if var queue = waiting[domain], !queue.isEmpty {
            // Hand the slot straight to the next waiter.
            let next = queue.removeFirst()
            waiting[domain] = queue.isEmpty ? nil : queue
            next.resume()
            return
        }
        let count = active[domain, default: 1] - 1
        active[domain] = count > 0 ? count : nil
    }
}

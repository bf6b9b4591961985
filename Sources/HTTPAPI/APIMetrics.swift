import Metrics

/// The API's Prometheus series (architecture section 9). Created from an explicit factory so that
/// tests and several in-process instances never share global state.
public struct APIMetrics: Sendable {
    let factory: any MetricsFactory
    let accepted: Counter
    let acceptLatency: Timer

    public init(factory: any MetricsFactory) {
        self.factory = factory
        self.accepted = Counter(label: "postage_messages_accepted_total", factory: factory)
        self.acceptLatency = Timer(
            label: "postage_accept_duration_seconds", preferredDisplayUnit: .seconds, factory: factory)
    }

    func rejected(errorCode: Int) {
        Counter(
            label: "postage_requests_rejected_total", dimensions: [("error_code", String(errorCode))],
            factory: factory
        ).increment()
    }
}

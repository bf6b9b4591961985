import Testing

@testable import Delivery

@Suite struct MXPlanTests {
    var rng = SystemRandomNumberGenerator()

    @Test mutating func noRecordsMeansTheImplicitMX() {
        #expect(MXPlan.plan(domain: "Example.TEST.", records: [], using: &rng) == .hosts(["example.test"]))
    }

    @Test mutating func nullMXIsRecognised() {
        #expect(MXPlan.plan(domain: "x.test", records: [.init(preference: 0, exchange: ".")], using: &rng) == .nullMX)
        // A "." among real exchanges is ignored (RFC 7505 §3).
        #expect(
            MXPlan.plan(domain: "x.test", records: [.init(preference: 0, exchange: "."), .init(preference: 10, exchange: "mx.x.test")], using: &rng)
                == .hosts(["mx.x.test"]))
    }

    @Test mutating func ordersByPreferenceAndDeduplicates() {
        let records: [MXPlan.Record] = [
            .init(preference: 20, exchange: "backup.x.test."), .init(preference: 10, exchange: "MX1.x.test"),
            .init(preference: 30, exchange: "mx1.x.test"),
        ]
        #expect(MXPlan.plan(domain: "x.test", records: records, using: &rng) == .hosts(["mx1.x.test", "backup.x.test"]))
    }

    @Test mutating func equalPreferencesAreShuffled() {
        let records = (0..<4).map { MXPlan.Record(preference: 10, exchange: "mx\($0).x.test") }
            + [MXPlan.Record(preference: 5, exchange: "first.x.test")]
        var orders = Set<[String]>()
        for _ in 0..<200 {
            guard case .hosts(let hosts) = MXPlan.plan(domain: "x.test", records: records, using: &rng) else {
                Issue.record("expected hosts")
                return
            }
            #expect(hosts.first == "first.x.test")
            #expect(Set(hosts.dropFirst()) == Set((0..<4).map { "mx\($0).x.test" }))
            orders.insert(hosts)
        }
        // 24 possible orders; 200 draws that always gave the same order would mean no shuffling.
        #expect(orders.count > 5)
    }
}

@testable import DNSResolver
import Testing

@Suite("QueryPlan")
struct QueryPlanTests {
    @Test("rounds over the servers from the start index")
    func order() {
        let plan = QueryPlan(serverCount: 3, attempts: 2, start: 1)
        #expect(plan.map(\.server) == [1, 2, 0, 1, 2, 0])
        #expect(plan.map(\.round) == [0, 0, 0, 1, 1, 1])
        #expect(plan.count == 6)
    }

    @Test("the start index wraps, and an empty plan makes no tries")
    func edges() {
        #expect(QueryPlan(serverCount: 2, attempts: 1, start: 5).map(\.server) == [1, 0])
        #expect(QueryPlan(serverCount: 2, attempts: 1, start: -1).map(\.server) == [1, 0])
        #expect(Array(QueryPlan(serverCount: 0, attempts: 3)).isEmpty)
        #expect(Array(QueryPlan(serverCount: 2, attempts: 0)).isEmpty)
    }
}

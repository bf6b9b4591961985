import Foundation
import GRDB
import Storage
import Testing

@testable import StoreSQLite

/// Every Messages API filter is answered through an index or the FTS5 table: the plan never scans
/// the `messages` table (issue: "Searches use indexes or full-text search, not table scans").
@Suite struct SQLiteQueryPlanTests {
    static let queries: [(String, OutboundQuery)] = [
        ("no filter", OutboundQuery(count: 50, offset: 0)),
        ("recipient", OutboundQuery(count: 50, offset: 0, recipient: "a@x.test")),
        ("fromemail", OutboundQuery(count: 50, offset: 0, fromEmail: "s@x.test")),
        ("tag", OutboundQuery(count: 50, offset: 0, tag: "welcome")),
        ("status", OutboundQuery(count: 50, offset: 0, statuses: [.sent, .processed])),
        ("subject", OutboundQuery(count: 50, offset: 0, subject: "order shipped")),
        ("dates", OutboundQuery(count: 50, offset: 0, fromDate: Date(timeIntervalSince1970: 0), toDate: Date())),
        ("metadata", OutboundQuery(count: 50, offset: 0, metadata: MetadataEntry(key: "user", value: "42"))),
        ("stream", OutboundQuery(count: 50, offset: 0, stream: "broadcast")),
    ]

    @Test(arguments: queries.map(\.0))
    func searchNeverScansMessages(_ name: String) async throws {
        let query = try #require(Self.queries.first { $0.0 == name }?.1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStore.open(path: path)
        let filter = SQLiteStore.searchFilter(serverID: 1, query: query)
        for sql in [filter.countSQL, filter.pageSQL] {
            let arguments = sql == filter.pageSQL ? filter.arguments + [50, 0] : filter.arguments
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.contains("VIRTUAL TABLE") }
            #expect(scans.isEmpty, "\(name): \(plan)")
            #expect(plan.contains { $0.contains("USING") }, "\(name): \(plan)")
        }
        try await store.close()
    }
}

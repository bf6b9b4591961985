import Foundation
import Storage
import Testing

@testable import StorePostgres

extension StorageContract {
    /// The PostgreSQL twin of `SQLiteQueryPlanTests`: every Messages API filter is answered through
    /// the index made for it (or the GIN full-text index), never by scanning `messages`. The table
    /// holds a few thousand analysed rows, and the plan is taken with `enable_seqscan = off`, so a
    /// `Seq Scan on messages` that survives means no index fits.
    @Test(
        "PostgreSQL searches use their indexes", .enabled(if: Backend.postgresURL != nil),
        arguments: [
            ("no filter", "messages_by_stream"), ("recipient", "message_recipients_by_email"),
            ("fromemail", "messages_by_from"), ("tag", "messages_by_tag"), ("status", "messages_by_status"),
            ("subject", "messages_subject_search"), ("dates", "messages_by_stream"),
            ("metadata", "message_metadata_by_pair"), ("stream", "messages_by_stream"),
        ])
    func postgresSearchUsesIndexes(_ name: String, index: String) async throws {
        let query = try #require(SQLiteQueryPlanTests.queries.first { $0.0 == name }?.1)
        try await withStore(.postgres) { store in
            let postgres = try #require(store as? PostgresStore)
            let server = try await store.defaultServer().id
            let other = try await store.createServer(
                name: "Other", deliveryType: .live, settings: ServerSettings(), at: Fixture.epoch
            ).id
            for batch in 0..<3 {
                try await store.accept(
                    (0..<500).map { index in
                        let n = batch * 500 + index
                        return Fixture.message(
                            server: batch < 2 ? server : other, stream: n.isMultiple(of: 10) ? "broadcast" : "outbound",
                            from: "sender\(n % 50)@x.test", subject: "Message \(n) about topic \(n % 97)",
                            tag: "tag\(n % 40)", to: ["user\(n)@x.test"],
                            metadata: [MetadataEntry(key: "user", value: "\(n)")], at: Fixture.time(n))
                    })
            }
            let plan = try await postgres.searchPlan(serverID: server, query: query)
            let text = plan.joined(separator: "\n")
            #expect(!text.contains("Seq Scan on messages"), "\(name):\n\(text)")
            #expect(text.contains(index), "\(name) should use \(index):\n\(text)")
        }
    }
}

import Foundation
import MailCore
import PostmarkWire
import Storage

extension PostmarkAPI {
    /// Suppressions per message stream (reference 3.6): dump, add (ManualSuppression by the
    /// Customer), delete (not SpamComplaint rows).
    static func registerSuppressions(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.get, "/message-streams/{stream}/suppressions/dump") { call in
            let server = try await call.authenticateServer()
            let stream = try await call.existingStream(server)
            let query = try call.suppressionQuery()
            let rows = try await call.environment.store.suppressions(serverID: server.id, stream: stream, query: query)
            return try APIResponse.json(
                SuppressionDumpResponse(
                    suppressions: rows.map {
                        .init(
                            emailAddress: $0.emailAddress, suppressionReason: $0.reason.rawValue,
                            origin: $0.origin.rawValue, createdAt: PostmarkDate.format($0.createdAt))
                    }))
        }
        routes.add(.post, "/message-streams/{stream}/suppressions") { call in
            let server = try await call.authenticateServer()
            let stream = try await call.existingStream(server)
            let addresses = try await call.suppressionAddresses()
            var entries: [SuppressionChangeResponse.Entry] = []
            var records: [SuppressionRecord] = []
            let now = Date()
            for address in addresses {
                guard let valid = Self.validAddress(address) else {
                    entries.append(.init(emailAddress: address, status: "Failed", message: "An invalid email address was provided."))
                    continue
                }
                records.append(SuppressionRecord(emailAddress: valid, reason: .manualSuppression, origin: .customer, createdAt: now))
                entries.append(.init(emailAddress: address, status: "Suppressed", message: nil))
            }
            try await call.environment.store.addSuppressions(serverID: server.id, stream: stream, records)
            return try APIResponse.json(SuppressionChangeResponse(suppressions: entries))
        }
        routes.add(.post, "/message-streams/{stream}/suppressions/delete") { call in
            let server = try await call.authenticateServer()
            let stream = try await call.existingStream(server)
            let addresses = try await call.suppressionAddresses()
            let valid = addresses.compactMap(Self.validAddress)
            let refused = try await call.environment.store.deleteSuppressions(serverID: server.id, stream: stream, emails: valid)
            let entries = addresses.map { address -> SuppressionChangeResponse.Entry in
                guard let email = Self.validAddress(address) else {
                    return .init(emailAddress: address, status: "Failed", message: "An invalid email address was provided.")
                }
                if refused.contains(StorageCoding.key(email)) {
                    return .init(
                        emailAddress: address, status: "Failed",
                        message: "You do not have the required authority to change this suppression.")
                }
                // Deleting an address that is not suppressed is still `Deleted` (reference 3.6).
                return .init(emailAddress: address, status: "Deleted", message: nil)
            }
            return try APIResponse.json(SuppressionChangeResponse(suppressions: entries))
        }
    }

    static func validAddress(_ text: String) -> String? {
        guard let address = try? EmailAddress(parsing: text.trimmingCharacters(in: .whitespaces)),
            address.displayName == nil
        else { return nil }
        return address.address
    }
}

extension APICall {
    /// The `{stream}` path parameter of a stream that exists on the server (ErrorCode 1235).
    func existingStream(_ server: ServerRecord) async throws -> String {
        let id = parameter("stream")
        guard let stream = try await environment.store.stream(serverID: server.id, id: id) else {
            throw PostmarkError.unknownStream(id)
        }
        return stream.id
    }

    /// `{"Suppressions":[{"EmailAddress":"…"}]}`, at most 50 entries.
    mutating func suppressionAddresses() async throws -> [String] {
        let json = try await readJSON(limit: 1024 * 1024)
        guard case .array(let items)? = json["Suppressions"] else {
            throw PostmarkError.invalidEmailRequest("The 'Suppressions' array is required.")
        }
        if items.count > 50 {
            throw PostmarkError.invalidEmailRequest("You may change at most 50 suppressions in one request.")
        }
        return try items.map { item -> String in
            guard case .string(let address)? = item["EmailAddress"] else {
                throw PostmarkError.invalidEmailRequest("Each suppression needs an 'EmailAddress'.")
            }
            return address
        }
    }

    func suppressionQuery() throws -> SuppressionQuery {
        var result = SuppressionQuery()
        if let text = query["suppressionreason"] {
            guard let reason = SuppressionReason.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
            else { throw PostmarkError.invalidEmailRequest("Invalid 'SuppressionReason' value '\(text)'.") }
            result.reason = reason
        }
        if let text = query["origin"] {
            guard let origin = SuppressionOrigin.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
            else { throw PostmarkError.invalidEmailRequest("Invalid 'Origin' value '\(text)'.") }
            result.origin = origin
        }
        result.emailAddress = query["emailaddress"]
        (result.fromDate, result.toDate) = try dateWindow(errorCode: 300)
        return result
    }
}

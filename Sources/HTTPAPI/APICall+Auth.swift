import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PostmarkWire
import Storage
import Submission

extension HTTPField.Name {
    static let serverToken = HTTPField.Name("X-Postmark-Server-Token")!
    static let accountToken = HTTPField.Name("X-Postmark-Account-Token")!
}

/// The literal test token (reference 1): validates a send without storing or delivering it.
let testToken = "POSTMARK_API_TEST"

extension APICall {
    /// The server whose token is in `X-Postmark-Server-Token` (ErrorCode 10, HTTP 401 otherwise).
    /// Token values compare case-insensitively, as Postmark's docs say of the header.
    func authenticateServer() async throws -> ServerRecord {
        try await authenticatedServerAndStreams().0
    }

    /// Who may send: a server, or the test token.
    func authenticateSender() async throws -> SenderContext {
        if let token = request.headers[.serverToken], token.trimmingCharacters(in: .whitespaces).uppercased() == testToken {
            return .testToken
        }
        let (server, streams) = try await authenticatedServerAndStreams()
        return .server(server, streams: streams)
    }

    private func authenticatedServerAndStreams() async throws -> (ServerRecord, [StreamRecord]) {
        guard let token = request.headers[.serverToken]?.trimmingCharacters(in: .whitespaces).lowercased(),
            !token.isEmpty
        else { throw PostmarkError.badToken }
        let store = environment.store
        let found = try await environment.serverCache.server(forToken: token) {
            guard let server = try await store.server(forToken: token) else { return nil }
            return (server, try await store.streams(serverID: server.id))
        }
        guard let found else { throw PostmarkError.badToken }
        return found
    }

    func authenticateAccount() async throws {
        guard let token = request.headers[.accountToken]?.trimmingCharacters(in: .whitespaces), !token.isEmpty,
            try await environment.store.isAccountToken(token)
        else { throw PostmarkError.badAccountToken }
    }

    /// Reads the whole body, refusing more than `limit` bytes without buffering them: a declared
    /// Content-Length over the limit is refused before reading, a streamed body as soon as it passes.
    mutating func readBody(limit: Int) async throws -> [UInt8] {
        let limitMB = max(1, limit / (1024 * 1024))
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw PostmarkError.payloadTooLarge(limitMB: limitMB)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw PostmarkError.payloadTooLarge(limitMB: limitMB)
        }
    }

    mutating func readJSON(limit: Int) async throws -> JSONValue {
        let bytes = try await readBody(limit: limit)
        return try JSONValue.parse(bytes)
    }

    /// `count` and `offset`, required, with Postmark's bounds (reference 1: count 1...500,
    /// count + offset ≤ 10 000). Violations are the endpoint's query error code.
    func paging(errorCode: Int, maxWindow: Int? = 10_000) throws -> (count: Int, offset: Int) {
        guard let countText = query["count"], let count = Int(countText) else {
            throw PostmarkError(errorCode, "The 'count' query parameter is required and must be a number.")
        }
        guard let offsetText = query["offset"], let offset = Int(offsetText) else {
            throw PostmarkError(errorCode, "The 'offset' query parameter is required and must be a number.")
        }
        guard (1...500).contains(count) else {
            throw PostmarkError(errorCode, "The 'count' query parameter must be between 1 and 500.")
        }
        guard offset >= 0 else { throw PostmarkError(errorCode, "The 'offset' query parameter must not be negative.") }
        if let maxWindow, count + offset > maxWindow {
            throw PostmarkError(errorCode, "The sum of 'count' and 'offset' may not exceed \(maxWindow).")
        }
        return (count, offset)
    }
}

extension APICall {
    /// The `fromdate` / `todate` query window shared by the search endpoints: a date means its
    /// whole day (start of `fromdate`, end of `todate`). A bad value is `errorCode`.
    func dateWindow(errorCode: Int) throws -> (from: Date?, to: Date?) {
        func parse(_ key: String) throws -> (start: Date, end: Date)? {
            guard let text = query[key] else { return nil }
            guard let range = PostmarkDate.parseQueryRange(text) else {
                throw PostmarkError(errorCode, "Invalid '\(key)' value '\(text)'. Use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS.")
            }
            return range
        }
        return (try parse("fromdate")?.start, try parse("todate")?.end)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import PostmarkWire
import Submission

extension PostmarkAPI {
    /// `POST /email` and `POST /email/batch` (reference 3.1).
    static func registerSending(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.post, "/email") { call in
            let sender = try await call.authenticateSender()
            let json = try await call.readJSON(limit: SubmissionLimits.maxSingleRequestBytes)
            let request = try EmailRequest.read(json)
            let started = ContinuousClock.now
            let receipt = try await call.environment.submitter.send(request, as: sender)
            call.environment.recordAccepted(count: receipt.testMode ? 0 : 1, since: started)
            return try APIResponse.json(sendResponse(receipt))
        }
        routes.add(.post, "/email/batch") { call in
            let sender = try await call.authenticateSender()
            let json = try await call.readJSON(limit: SubmissionLimits.maxBatchRequestBytes)
            guard case .array(let items) = json else { throw PostmarkError.invalidJSON }
            if items.count > SubmissionLimits.maxBatchMessages { throw PostmarkError.tooManyBatchMessages }
            let requests = items.map { item in Result { () throws(PostmarkError) in try EmailRequest.read(item) } }
            let started = ContinuousClock.now
            let results = try await call.environment.submitter.sendBatch(requests, as: sender)
            return try batchResponse(results, environment: call.environment, since: started)
        }
    }

    /// A batch answer: HTTP 200 with one item per message in request order, failures carrying only
    /// ErrorCode and Message (reference 3.1).
    static func batchResponse(
        _ results: [Result<SendReceipt, PostmarkError>], environment: APIEnvironment, since started: ContinuousClock.Instant
    ) throws -> Response {
        var body: [BatchItemResponse] = []
        var acceptedCount = 0
        for result in results {
            switch result {
            case .success(let receipt):
                if !receipt.testMode { acceptedCount += 1 }
                body.append(.sent(sendResponse(receipt)))
            case .failure(let error):
                environment.metrics.rejected(errorCode: error.errorCode)
                body.append(.failed(ErrorBody(error)))
            }
        }
        environment.recordAccepted(count: acceptedCount, since: started)
        return try APIResponse.json(body)
    }

    static func sendResponse(_ receipt: SendReceipt) -> SendResponse {
        SendResponse(
            to: receipt.to, submittedAt: PostmarkDate.format(receipt.submittedAt), messageID: receipt.messageID,
            message: receipt.testMode
                ? "Test job accepted"
                : receipt.inactiveRecipients.isEmpty
                    ? "OK"
                    // Reference section 2: the partially-inactive text, parsed by the SDKs.
                    : "Message OK, but will not deliver to these inactive addresses: \(receipt.inactiveRecipients.joined(separator: ", ")).")
    }
}

extension APIEnvironment {
    func recordAccepted(count: Int, since started: ContinuousClock.Instant) {
        guard count > 0 else { return }
        metrics.accepted.increment(by: count)
        let elapsed = ContinuousClock.now - started
        let parts = elapsed.components
        metrics.acceptLatency.recordNanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}

import Foundation
import Hummingbird
import PostmarkWire
import Submission

extension PostmarkAPI {
    /// `POST /email/withTemplate` and `POST /email/batchWithTemplates` (reference 3.1): read here, rendered and
    /// committed by the `Submitter`, like every other message.
    static func registerTemplateSending(_ routes: inout RouteTable<APIHandler>) {
        routes.add(.post, "/email/withTemplate") { call in
            let sender = try await call.authenticateSender()
            let json = try await call.readJSON(limit: SubmissionLimits.maxSingleRequestBytes)
            let request = try TemplatedEmailRequest.read(json)
            let started = ContinuousClock.now
            let receipt = try await call.environment.submitter.sendWithTemplate(request, as: sender)
            call.environment.recordAccepted(count: receipt.testMode ? 0 : 1, since: started)
            return try APIResponse.json(sendResponse(receipt))
        }
        routes.add(.post, "/email/batchWithTemplates") { call in
            let sender = try await call.authenticateSender()
            let json = try await call.readJSON(limit: SubmissionLimits.maxBatchRequestBytes)
            // The documented body is {"Messages": [...]}; a bare array (the /email/batch shape) is accepted too.
            let items: [JSONValue]
            switch json {
            case .array(let array):
                items = array
            case .object:
                guard case .array(let array)? = json["Messages"] else {
                    throw PostmarkError(402, "Received invalid JSON input: expected {\"Messages\": [...]}.")
                }
                items = array
            default:
                throw PostmarkError.invalidJSON
            }
            if items.count > SubmissionLimits.maxBatchMessages { throw PostmarkError.tooManyBatchMessages }
            let requests = items.map { item in
                Result { () throws(PostmarkError) in try TemplatedEmailRequest.read(item) }
            }
            let started = ContinuousClock.now
            let results = try await call.environment.submitter.sendBatchWithTemplates(requests, as: sender)
            return try batchResponse(results, environment: call.environment, since: started)
        }
    }
}

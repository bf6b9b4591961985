import HTTPTypes
import Foundation
import Hummingbird
import Logging
import NIOCore
import PostmarkWire
import Storage
import Submission
import Synchronization

/// Everything an endpoint handler needs.
public struct APIEnvironment: Sendable {
    public var store: any Store
    public var submitter: Submitter
    public var metrics: APIMetrics
    /// Renders `/metrics` in Prometheus text format.
    public var renderMetrics: @Sendable () -> String
    /// Answers `/health`: nil when healthy, otherwise the problem.
    public var healthCheck: @Sendable () async -> String?
    /// Domain of generated inbound addresses (`<hash>@<domain>`).
    public var inboundDomain: String
    /// Base URL of this node, for `ServerLink` and the links in confirmation emails.
    public var publicURL: String { publicBase.url }
    /// Holds the base URL; one configured with port 0 gets the bound port once the listener is up.
    public let publicBase: PublicBaseURL
    /// Enables `POST /internal/noop`, the benchmark's baseline endpoint.
    public var benchEndpoints: Bool
    public var logger: Logger
    /// DNS checks of the Domains API; nil leaves every check failing with a reason.
    public var domainChecker: (any DomainChecking)?
    /// The platform's bounce domain: the Return-Path CNAME target and the SPF include.
    public var bounceDomain: String = "localhost"
    /// From address of the sender confirmation emails.
    public var systemFrom: String = "postage@localhost"
    let serverCache = ServerCache()

    public init(
        store: any Store, submitter: Submitter, metrics: APIMetrics, renderMetrics: @escaping @Sendable () -> String,
        healthCheck: @escaping @Sendable () async -> String?, inboundDomain: String, publicURL: String,
        benchEndpoints: Bool, logger: Logger
    ) {
        self.store = store
        self.submitter = submitter
        self.metrics = metrics
        self.renderMetrics = renderMetrics
        self.healthCheck = healthCheck
        self.inboundDomain = inboundDomain
        self.publicBase = PublicBaseURL(publicURL)
        self.benchEndpoints = benchEndpoints
        self.logger = logger
    }
}

/// The base URL of this node's links. A default taken from a listen address with port 0 (tests,
/// benchmarks) is completed with the port the listener bound.
public final class PublicBaseURL: Sendable {
    private let value: Mutex<String>

    public init(_ url: String) { value = Mutex(url) }

    public var url: String { value.withLock { $0 } }

    /// Only a URL ending in `:0` changes.
    public func listenerBound(port: Int) {
        value.withLock { url in
            if url.hasSuffix(":0") { url = String(url.dropLast()) + String(port) }
        }
    }
}

/// One request as handlers see it: its path parameters, query and the authenticated caller.
struct APICall: Sendable {
    var request: Request
    var parameters: [String: String]
    var query: QueryParameters
    var environment: APIEnvironment

    func parameter(_ name: String) -> String { parameters[name] ?? "" }
}

typealias APIHandler = @Sendable (inout APICall) async throws -> Response

/// The Postmark server and account API as one Hummingbird responder.
public struct PostmarkAPI: HTTPResponder {
    public typealias Context = BasicRequestContext

    let environment: APIEnvironment
    let routes: RouteTable<APIHandler>

    public init(environment: APIEnvironment) {
        self.environment = environment
        var routes = RouteTable<APIHandler>()
        Self.registerOperations(&routes, environment: environment)
        Self.registerSending(&routes)
        Self.registerTemplateSending(&routes)
        Self.registerTemplates(&routes)
        Self.registerServers(&routes)
        Self.registerMessages(&routes)
        Self.registerSuppressions(&routes)
        Self.registerBounces(&routes)
        Self.registerUnmatchedBounces(&routes)
        Self.registerDomains(&routes)
        Self.registerSenders(&routes)
        self.routes = routes
    }

    public func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let path = request.uri.path
        switch routes.match(request.method, path: path) {
        case .notFound:
            return APIResponse.error(.notFound)
        case .methodNotAllowed:
            return APIResponse.error(PostmarkError(405, "This endpoint does not accept \(request.method).", httpStatus: 405))
        case .found(let handler, let parameters):
            var call = APICall(
                request: request, parameters: parameters, query: QueryParameters(query: request.uri.query),
                environment: environment)
            do {
                return try await handler(&call)
            } catch let error as PostmarkError {
                environment.metrics.rejected(errorCode: error.errorCode)
                return APIResponse.error(error)
            } catch {
                let requestID = UUID().uuidString.lowercased()
                environment.logger.error(
                    "request failed",
                    metadata: [
                        LogKey.requestID: .string(requestID), "postage.path": .string(path),
                        "postage.error": .string(String(reflecting: error)),
                    ])
                environment.metrics.rejected(errorCode: 101)
                return APIResponse.error(
                    PostmarkError(101, "An unexpected internal error occurred (request id \(requestID)).", httpStatus: 500))
            }
        }
    }

    static func registerOperations(_ routes: inout RouteTable<APIHandler>, environment: APIEnvironment) {
        routes.add(.get, "/health") { call in
            if let problem = await call.environment.healthCheck() {
                return APIResponse.text("unhealthy: \(problem)\n", contentType: "text/plain", status: .serviceUnavailable)
            }
            return APIResponse.text("ok\n", contentType: "text/plain")
        }
        routes.add(.get, "/metrics") { call in
            APIResponse.text(call.environment.renderMetrics(), contentType: "text/plain; version=0.0.4")
        }
        if environment.benchEndpoints {
            routes.add(.post, "/internal/noop") { call in
                _ = try await call.readBody(limit: 10 * 1024 * 1024)
                return try APIResponse.json(ErrorBody(errorCode: 0, message: "OK"))
            }
        }
    }
}

import Foundation
import HTTPTypes

/// Postmark's paths match case-insensitively and with an optional trailing slash (reference 1 and
/// 12.1: SDKs call `/deliveryStats`, `/email/withTemplate/`, `/bounces/?count=`). Literal segments
/// compare lower-cased; parameter segments keep the client's case (template aliases are
/// case-sensitive).
struct RouteTable<Handler: Sendable>: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    struct Route: Sendable {
        var method: HTTPRequest.Method
        var segments: [Segment]
        var handler: Handler
    }

    enum Match {
        case found(Handler, parameters: [String: String])
        /// The path exists but not for this method.
        case methodNotAllowed
        case notFound
    }

    private(set) var routes: [Route] = []

    /// `pattern` like `/servers/{id}`.
    mutating func add(_ method: HTTPRequest.Method, _ pattern: String, _ handler: Handler) {
        let segments = Self.split(pattern).map { part -> Segment in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(part.lowercased())
        }
        routes.append(Route(method: method, segments: segments, handler: handler))
    }

    func match(_ method: HTTPRequest.Method, path: String) -> Match {
        let parts = Self.split(path)
        var pathExists = false
        for route in routes where route.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let literal):
                    if literal != part.lowercased() { matched = false }
                case .parameter(let name):
                    parameters[name] = part.removingPercentEncoding ?? part
                }
                if !matched { break }
            }
            guard matched else { continue }
            // A literal route wins over a parameter route only by declaration order; routes are
            // declared literal-first where they overlap.
            if route.method == method { return .found(route.handler, parameters: parameters) }
            pathExists = true
        }
        return pathExists ? .methodNotAllowed : .notFound
    }

    static func split(_ path: String) -> [String] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return withoutQuery.split(separator: "/").map(String.init)
    }
}

import Foundation

/// When to try a deferred delivery again, and when to stop (issue: "retried on a configurable
/// exponential schedule, first retry within minutes; give up after a maximum age").
///
/// Postfix's defaults are the model: a first retry after minutes, doubling up to a cap, and a
/// maximum queue lifetime after which the message bounces.
public struct RetrySchedule: Sendable, Equatable {
    /// Delay before the first retry.
    public var initialDelay: TimeInterval
    /// Each further delay is the previous one times this factor...
    public var multiplier: Double
    /// ...but never more than this.
    public var maximumDelay: TimeInterval
    /// Age of the message after which no retry is scheduled: the delivery fails.
    public var maximumAge: TimeInterval
    /// Random spread (0...1) so that retries of one destination do not all land at once.
    public var jitter: Double

    public static let standard = RetrySchedule(
        initialDelay: 60, multiplier: 2, maximumDelay: 3600, maximumAge: 3 * 86_400, jitter: 0.1)

    public init(initialDelay: TimeInterval, multiplier: Double, maximumDelay: TimeInterval, maximumAge: TimeInterval, jitter: Double) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.maximumAge = maximumAge
        self.jitter = jitter
    }

    /// The delay after `attempts` failed attempts (1 = the first failure), before jitter.
    public func delay(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = Double(max(0, attempts - 1))
        return min(maximumDelay, initialDelay * pow(multiplier, exponent))
    }

    /// The next attempt time, or nil when the message is too old to be retried.
    public func nextAttempt(
        afterAttempts attempts: Int, now: Date, queuedAt: Date, using generator: inout some RandomNumberGenerator
    ) -> Date? {
        let base = delay(afterAttempts: attempts)
        let spread = jitter > 0 ? base * Double.random(in: -jitter...jitter, using: &generator) : 0
        let next = now.addingTimeInterval(max(1, base + spread))
        return next.timeIntervalSince(queuedAt) > maximumAge ? nil : next
    }
}

import Foundation
import Testing

@testable import Delivery

@Suite struct RetryScheduleTests {
    @Test func delaysGrowExponentiallyUpToTheCap() {
        let schedule = RetrySchedule.standard
        #expect(schedule.delay(afterAttempts: 1) == 60)
        #expect(schedule.delay(afterAttempts: 2) == 120)
        #expect(schedule.delay(afterAttempts: 3) == 240)
        #expect(schedule.delay(afterAttempts: 20) == 3600)
    }

    @Test func givesUpAfterTheMaximumAge() {
        var rng = SystemRandomNumberGenerator()
        let schedule = RetrySchedule(initialDelay: 60, multiplier: 2, maximumDelay: 3600, maximumAge: 3 * 86_400, jitter: 0)
        let queued = Date(timeIntervalSince1970: 0)
        let early = schedule.nextAttempt(afterAttempts: 1, now: queued.addingTimeInterval(1), queuedAt: queued, using: &rng)
        #expect(early == queued.addingTimeInterval(61))
        let late = schedule.nextAttempt(
            afterAttempts: 40, now: queued.addingTimeInterval(3 * 86_400 - 100), queuedAt: queued, using: &rng)
        #expect(late == nil)
    }

    @Test func jitterStaysWithinItsSpread() {
        var rng = SystemRandomNumberGenerator()
        let schedule = RetrySchedule(initialDelay: 100, multiplier: 2, maximumDelay: 3600, maximumAge: 86_400, jitter: 0.1)
        let now = Date(timeIntervalSince1970: 1000)
        for _ in 0..<500 {
            let next = schedule.nextAttempt(afterAttempts: 1, now: now, queuedAt: now, using: &rng)!
            #expect((90...110).contains(next.timeIntervalSince(now)))
        }
    }
}

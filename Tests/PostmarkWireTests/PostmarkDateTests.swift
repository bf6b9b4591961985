import Foundation
import Testing

@testable import PostmarkWire

@Suite struct PostmarkDateTests {
    @Test func formatsEasternTimeWithSevenFractionDigits() {
        // 2016-10-06T08:24:31.2196962Z is 04:24:31 in New York (EDT, UTC-4).
        let date = Date(timeIntervalSince1970: 1_475_742_271.2196962)
        let text = PostmarkDate.format(date)
        #expect(text.hasPrefix("2016-10-06T04:24:31.21969"))
        #expect(text.hasSuffix("-04:00"))
        #expect(text.count == "2016-10-06T04:24:31.2196962-04:00".count)
    }

    @Test func formatsWinterOffset() {
        // 2017-02-25T18:59:44Z is 13:59:44 EST (UTC-5).
        #expect(PostmarkDate.format(Date(timeIntervalSince1970: 1_488_049_184)) == "2017-02-25T13:59:44.0000000-05:00")
    }

    @Test func bareQueryDateCoversTheWholeEasternDay() throws {
        let range = try #require(PostmarkDate.parseQueryRange("2014-02-01"))
        // Midnight EST is 05:00 UTC.
        #expect(range.start == Date(timeIntervalSince1970: 1_391_230_800))
        #expect(range.end.timeIntervalSince(range.start) == 86_400)
    }

    @Test func dateTimeQueryCoversOneSecond() throws {
        let range = try #require(PostmarkDate.parseQueryRange("2014-02-01T12:00:00"))
        #expect(range.start == Date(timeIntervalSince1970: 1_391_230_800 + 12 * 3600))
        #expect(range.end.timeIntervalSince(range.start) == 1)
    }

    @Test func explicitOffsetsAreHonoured() throws {
        let utc = try #require(PostmarkDate.parseQueryRange("2014-02-01T12:00:00Z"))
        #expect(utc.start == Date(timeIntervalSince1970: 1_391_256_000))
        let plusTwo = try #require(PostmarkDate.parseQueryRange("2014-02-01T12:00:00+02:00"))
        #expect(plusTwo.start == Date(timeIntervalSince1970: 1_391_256_000 - 7200))
    }

    @Test(arguments: ["", "yesterday", "2014-13-01", "2014-02-01T25:00", "2014-02-01T12:00:00junk", "2014/02/01"])
    func rejectsNonDates(_ text: String) {
        #expect(PostmarkDate.parseQueryRange(text) == nil)
    }

    @Test func civilDateArithmeticRoundTrips() {
        for days in stride(from: Int64(-800_000), to: 800_000, by: 997) {
            let (y, m, d) = PostmarkDate.civil(fromDays: days)
            #expect(PostmarkDate.days(fromCivil: y, m, d) == days)
        }
    }
}

import Foundation
import MIME
import Testing

@Suite("RFC5322Date")
struct RFC5322DateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (1_795_921_445, "Sun, 29 Nov 2026 03:04:05 +0000"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 +0000"),
        (951_868_800, "Wed, 01 Mar 2000 00:00:00 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 +0000"),
    ] as [(Double, String)])
    func knownDates(seconds: Double, expected: String) {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func fractionalSecondsAreTruncated() {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 59.999)) == "Thu, 01 Jan 1970 00:00:59 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -0.5)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    /// Compares with Foundation's formatter (an independent calendar implementation).
    @Test func agreesWithDateFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -2_000_000_000...8_000_000_000, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC5322Date.format(date) == formatter.string(from: date))
        }
    }
}

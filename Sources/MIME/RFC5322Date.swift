import Foundation

/// Formats the `Date:` header value (RFC 5322 §3.3 date-time), always in UTC:
/// `Sun, 29 Nov 2026 03:04:05 +0000`.
///
/// Hand-rolled on the proleptic Gregorian calendar so the output does not depend on the
/// process locale, time zone or `Calendar` configuration.
public enum RFC5322Date {
    private static let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"] // 1970-01-01 was a Thursday
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `day-of-week "," day month year hour ":" minute ":" second zone` (RFC 5322 §3.3),
    /// with a two-digit day and the zone `+0000`. Fractional seconds are truncated.
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let weekday = Int(floorDivide(days, 7).remainder)
        let hour = secondOfDay / 3600
        let minute = secondOfDay % 3600 / 60
        let second = secondOfDay % 60
        return "\(dayNames[weekday]), \(pad(day)) \(monthNames[month - 1]) \(year) "
            + "\(pad(hour)):\(pad(minute)):\(pad(second)) +0000"
    }

    private static func pad(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Converts a day count since 1970-01-01 to (year, month 1...12, day 1...31) by counting
    /// in 400-year eras of 146,097 days whose years start on 1 March, so the leap day is
    /// the last day of each computed year.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int, Int64) {
        let shifted = daysSinceEpoch + 719_468 // days from 0000-03-01 to 1970-01-01
        let (era, dayOfEra) = floorDivide(shifted, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153 // 0 = March
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

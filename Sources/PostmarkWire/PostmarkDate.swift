import Foundation

/// Postmark's date conventions (reference section 1): responses carry ISO-8601 in US Eastern time
/// with seven fractional digits (`2016-10-06T04:24:31.2196962-04:00`); query dates (`fromdate`,
/// `todate`) are read in Eastern time and are inclusive.
public enum PostmarkDate {
    static let eastern = TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -5 * 3600)!

    /// `2016-10-06T04:24:31.2196962-04:00`.
    public static func format(_ date: Date) -> String {
        let offset = eastern.secondsFromGMT(for: date)
        let ticks = Int64((date.timeIntervalSince1970 * 10_000_000).rounded(.down)) + Int64(offset) * 10_000_000
        let seconds = floorDiv(ticks, 10_000_000)
        let fraction = ticks - seconds * 10_000_000
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let sign = offset < 0 ? "-" : "+"
        let absOffset = abs(offset)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 7))"
            + "\(sign)\(pad(Int64(absOffset / 3600), 2)):\(pad(Int64(absOffset % 3600 / 60), 2))"
    }

    /// A query date as an instant range `[start, end)`: a bare date (`2014-02-01`) covers that whole
    /// Eastern day; a date-time (`2014-02-01T12:00:00`, optionally with fraction) covers that second.
    /// An explicit offset or `Z` is honoured. Returns nil when the text is not a date.
    public static func parseQueryRange(_ text: String) -> (start: Date, end: Date)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let chars = Array(trimmed.utf8)
        guard chars.count >= 10, let year = number(chars, 0, 4), chars[4] == UInt8(ascii: "-"),
            let month = number(chars, 5, 2), chars[7] == UInt8(ascii: "-"), let day = number(chars, 8, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var span: Int64 = 86_400
        var index = 10
        var explicitOffset: Int64?
        if index < chars.count {
            guard chars[index] == UInt8(ascii: "T") || chars[index] == UInt8(ascii: " "),
                chars.count >= index + 6, let h = number(chars, index + 1, 2),
                chars[index + 3] == UInt8(ascii: ":"), let m = number(chars, index + 4, 2)
            else { return nil }
            hour = h
            minute = m
            span = 60
            index += 6
            if index < chars.count, chars[index] == UInt8(ascii: ":") {
                guard let s = number(chars, index + 1, 2) else { return nil }
                second = s
                span = 1
                index += 3
            }
            if index < chars.count, chars[index] == UInt8(ascii: ".") {
                index += 1
                while index < chars.count, (48...57).contains(chars[index]) { index += 1 }
            }
            if index < chars.count {
                if chars[index] == UInt8(ascii: "Z") {
                    explicitOffset = 0
                    index += 1
                } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
                    guard chars.count >= index + 6, let oh = number(chars, index + 1, 2),
                        chars[index + 3] == UInt8(ascii: ":"), let om = number(chars, index + 4, 2)
                    else { return nil }
                    let value = oh * 3600 + om * 60
                    explicitOffset = chars[index] == UInt8(ascii: "-") ? -value : value
                    index += 6
                }
            }
            guard index == chars.count, hour < 24, minute < 60, second < 61 else { return nil }
        }
        let localSeconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        let offset: Int64
        if let explicitOffset {
            offset = explicitOffset
        } else {
            // The Eastern offset in force at that local time (approximate at the DST switch hour).
            let guess = Date(timeIntervalSince1970: Double(localSeconds + 5 * 3600))
            offset = Int64(eastern.secondsFromGMT(for: guess))
        }
        let start = Date(timeIntervalSince1970: Double(localSeconds - offset))
        return (start, start.addingTimeInterval(Double(span)))
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func days(fromCivil y0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func number(_ chars: [UInt8], _ start: Int, _ length: Int) -> Int64? {
        guard start + length <= chars.count else { return nil }
        var value: Int64 = 0
        for index in start..<(start + length) {
            let c = chars[index]
            guard (48...57).contains(c) else { return nil }
            value = value * 10 + Int64(c - 48)
        }
        return value
    }
}

import Foundation

/// Parses RFC 5322 §3.3 date-time values, including the obsolete forms of §4.3 and common
/// deviations:
/// - optional day-of-week, comments (CFWS) anywhere, any amount of whitespace;
/// - 2-digit years (< 50 ⇒ 20xx, otherwise 19xx) and 3-digit years (+1900), §4.3;
/// - seconds optional; `hh:mm` or `hh:mm:ss`;
/// - zones `+hhmm`/`-hhmm`, `UT`, `GMT`, the US zones of §4.3, military letters and unknown
///   names as `-0000` (§4.3: "SHOULD be considered equivalent to -0000"); a missing zone is
///   UTC too;
/// - month before day (`Oct 3 2000`) and asctime order (`Tue Oct  3 18:06:58 2000`).
/// Returns nil when no valid day, month, year and time can be found.
public enum DateParser {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5 * 60, "edt": -4 * 60, "cst": -6 * 60, "cdt": -5 * 60,
        "mst": -7 * 60, "mdt": -6 * 60, "pst": -8 * 60, "pdt": -7 * 60,
    ]

    public static func parse(_ value: String) -> Date? {
        var text = String.UnicodeScalarView()
        var depth = 0
        for c in value.unicodeScalars {
            if c == "(" { depth += 1; text.append(" "); continue }
            if c == ")", depth > 0 { depth -= 1; continue }
            if depth == 0 { text.append(c == "," ? " " : c) }
        }
        let tokens = String(text).lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset: Int?
        var numbers: [Substring] = []
        for token in tokens {
            if let index = months.firstIndex(where: { token.hasPrefix($0) }), month == nil, token.count <= 9,
               token.allSatisfy(\.isLetter) {
                month = index + 1
            } else if token.contains(":"), time == nil {
                time = parseTime(token)
                if time == nil { return nil }
            } else if (token.first == "+" || token.first == "-"), token.count == 5, let number = Int(token.dropFirst()),
                      token.dropFirst().allSatisfy(\.isNumber) {
                offset = (number / 100 * 60 + number % 100) * (token.first == "-" ? -1 : 1)
            } else if token.allSatisfy({ $0.isASCII && $0.isNumber }) {
                numbers.append(token)
            } else if token.allSatisfy(\.isLetter), time != nil, offset == nil {
                offset = zones[String(token)] ?? 0
            } else if token.contains("-"), month == nil {
                // dd-Mon-yyyy
                let pieces = token.split(separator: "-")
                if pieces.count == 3, let index = months.firstIndex(where: { pieces[1].hasPrefix($0) }) {
                    month = index + 1
                    numbers.append(pieces[0])
                    numbers.append(pieces[2])
                }
            }
        }
        guard let month, let time, numbers.count >= 2 else { return nil }
        // The day is the first 1–2 digit number; the year is the other one.
        if let dayIndex = numbers.firstIndex(where: { $0.count <= 2 }) {
            day = Int(numbers[dayIndex])
            numbers.remove(at: dayIndex)
            year = numbers.first.flatMap { Int($0) }.map(expandYear)
            if numbers.first?.count ?? 0 > 4 { return nil }
        }
        guard let day, let year, (1...31).contains(day), day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + time.0 * 3600 + time.1 * 60 + time.2 - (offset ?? 0) * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
    private static func expandYear(_ year: Int) -> Int {
        switch year {
        case 0..<50: 2000 + year
        case 50..<1000: 1900 + year
        default: year
        }
    }

    private static func parseTime(_ token: Substring) -> (Int, Int, Int)? {
        let pieces = token.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(pieces.count),
              pieces.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(pieces[0]), let minute = Int(pieces[1]) else { return nil }
        let second = pieces.count == 3 ? Int(pieces[2]) ?? 0 : 0
        // RFC 5322 §3.3: second may be 60 (leap second).
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        return (hour, minute, second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (era-based civil algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

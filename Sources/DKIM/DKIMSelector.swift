import Foundation

/// Selector names (RFC 6376 §3.1) that keep keys apart across rotations: the UTC creation time,
/// `20261129071500`, then a suffix (`pm`, as Postmark names its selectors). Valid DNS labels.
public enum DKIMSelector {
    public static func timestamped(_ date: Date, suffix: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: date) + suffix
    }
}

extension String {
    /// Drops leading and trailing spaces and tabs (WSP, RFC 5234 Appendix B.1).
    func trimmingWhitespace() -> String {
        var scalars = unicodeScalars[...]
        while let c = scalars.first, c == " " || c == "\t" { scalars.removeFirst() }
        while let c = scalars.last, c == " " || c == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension [UInt8] {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}

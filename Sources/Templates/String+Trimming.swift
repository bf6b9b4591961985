/// The .NET string trimming the engine applies to tag text (`Trim()`, `TrimStart(c)`, `TrimEnd(c)`), so that tag
/// classification and error messages match it exactly (`mustachio.md` §2, §8). Works on Unicode scalars, as .NET
/// works on characters rather than grapheme clusters.
extension StringProtocol {
    /// Without leading and trailing Unicode white space (.NET `Trim()`).
    func trimmingWhitespace() -> String {
        trimming(where: { $0.properties.isWhitespace })
    }

    /// Without any leading scalars in `leading` and trailing scalars in `trailing`.
    func trimming(leading: Set<Unicode.Scalar>, trailing: Set<Unicode.Scalar>) -> String {
        let scalars = String(self).unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, leading.contains(scalars[start]) { start = scalars.index(after: start) }
        while start < end, trailing.contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }

    /// Without leading and trailing scalars for which `predicate` holds.
    func trimming(where predicate: (Unicode.Scalar) -> Bool) -> String {
        let scalars = String(self).unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, predicate(scalars[start]) { start = scalars.index(after: start) }
        while start < end, predicate(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }
}

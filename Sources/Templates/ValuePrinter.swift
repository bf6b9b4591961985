/// How a value prints in `{{ }}` (`mustachio.md` §7, "What prints").
///
/// Strings print as they are; booleans as .NET prints them, `True` / `False`; integers in full; other numbers as
/// .NET's `double.ToString()` does (shortest round-trip digits, scientific notation past 15 digits or below 1e-4);
/// null, arrays and objects print nothing.
enum ValuePrinter {
    /// The text of `value`, or nil when it prints nothing.
    static func text(of value: TemplateValue) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "True" : "False"
        case .integer(let number): return String(number)
        case .number(let number): return dotNetText(number)
        case .null, .array, .object: return nil
        }
    }

    /// .NET Core 3.0+ `double.ToString()` (format "G", shortest round-trippable digits). With the digits
    /// `d1 d2 … dn` and the value `0.d1…dn × 10^scale`, scientific notation is used when `scale > max(n, 15)` or
    /// `scale < -3`, written `d1.d2…dnE+XX` with at least two exponent digits; otherwise plain notation without
    /// trailing zeros. Non-integers are `unsure` on hosted Postmark (§7, §14.2): `1.5` is safe, `1.0` is kept as `1`.
    static func dotNetText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }

        let (digits, scale) = shortestDigits(of: value.magnitude)
        var result = value.sign == .minus ? "-" : ""
        if scale > max(digits.count, 15) || scale < -3 {
            result.append(digits[0])
            if digits.count > 1 {
                result.append(".")
                result.append(contentsOf: digits[1...])
            }
            let exponent = scale - 1
            result.append(exponent < 0 ? "E-" : "E+")
            let magnitude = String(abs(exponent))
            if magnitude.count < 2 { result.append("0") }
            result.append(magnitude)
        } else if scale <= 0 {
            result.append("0.")
            result.append(String(repeating: "0", count: -scale))
            result.append(contentsOf: digits)
        } else if scale >= digits.count {
            result.append(contentsOf: digits)
            result.append(String(repeating: "0", count: scale - digits.count))
        } else {
            result.append(contentsOf: digits[..<scale])
            result.append(".")
            result.append(contentsOf: digits[scale...])
        }
        return result
    }

    /// The shortest digits that round-trip (Swift's `description` finds them) and the decimal point position:
    /// `value = 0.digits × 10^scale`. `value` is finite and positive.
    private static func shortestDigits(of value: Double) -> (digits: [Character], scale: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [Character] = []
        var integerDigits = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." {
                seenPoint = true
            } else {
                digits.append(character)
                if !seenPoint { integerDigits += 1 }
            }
        }
        var scale = integerDigits + exponent
        while digits.first == "0" {
            digits.removeFirst()
            scale -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, scale)
    }
}

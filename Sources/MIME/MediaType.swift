/// The media type of an attachment part, checked against RFC 2045 §5.1.
struct MediaType: Equatable {
    var type: String
    var subtype: String
    var parameters: [(name: String, value: String)]

    static let octetStream = MediaType(type: "application", subtype: "octet-stream", parameters: [])

    var essence: String { type + "/" + subtype }

    /// Parses a client-supplied `type/subtype *(; attribute=value)`.
    ///
    /// - An unparsable type becomes `application/octet-stream` (RFC 2046 §4.5.1, the type
    ///   for "arbitrary binary data").
    /// - `multipart/*` and `message/*` cannot be sent base64-encoded (RFC 2045 §6.4,
    ///   RFC 2046 §5.2.1), so they also become `application/octet-stream`.
    /// - `name`, `filename` and `boundary` parameters, extended (`*`) parameters, and
    ///   everything after the first malformed parameter are dropped; Postage writes the
    ///   name itself.
    static func attachment(_ raw: String) -> MediaType {
        var scanner = Array(raw.unicodeScalars)[...]
        func skipSpace() { while let c = scanner.first, c == " " || c == "\t" { scanner.removeFirst() } }
        func token() -> String {
            var out = String.UnicodeScalarView()
            while let c = scanner.first, MIMEParameter.isToken(String(c)) {
                out.append(c)
                scanner.removeFirst()
            }
            return String(out)
        }
        skipSpace()
        let type = token().lowercased()
        guard scanner.first == "/" else { return .octetStream }
        scanner.removeFirst()
        let subtype = token().lowercased()
        skipSpace()
        guard !type.isEmpty, !subtype.isEmpty, scanner.isEmpty || scanner.first == ";" else { return .octetStream }
        if type == "multipart" || type == "message" { return .octetStream }

        var parameters: [(name: String, value: String)] = []
        while scanner.first == ";" {
            scanner.removeFirst()
            skipSpace()
            let name = token().lowercased()
            guard !name.isEmpty, scanner.first == "=" else { break }
            scanner.removeFirst()
            var value = ""
            if scanner.first == "\"" {
                scanner.removeFirst()
                var closed = false
                while let c = scanner.first {
                    scanner.removeFirst()
                    if c == "\"" { closed = true; break }
                    if c == "\\", let escaped = scanner.first {
                        scanner.removeFirst()
                        value.unicodeScalars.append(escaped)
                    } else {
                        value.unicodeScalars.append(c)
                    }
                }
                guard closed else { break }
            } else {
                value = token()
            }
            skipSpace()
            let dropped = ["name", "filename", "boundary"].contains(name) || name.contains("*") || name.utf8.count > 40
            if !dropped, !HeaderEncoder.hasUnsafeCharacters(value) {
                parameters.append((name, value))
            }
        }
        return MediaType(type: type, subtype: subtype, parameters: parameters)
    }

    static func == (lhs: MediaType, rhs: MediaType) -> Bool {
        lhs.type == rhs.type && lhs.subtype == rhs.subtype
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }
}

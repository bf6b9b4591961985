/// Where canonicalized bytes go: a hash (signing) or a buffer (tests).
protocol CanonicalSink {
    mutating func write(_ bytes: ArraySlice<UInt8>)
}

extension Array: CanonicalSink where Element == UInt8 {
    mutating func write(_ bytes: ArraySlice<UInt8>) { append(contentsOf: bytes) }
}

/// The canonicalization algorithms of RFC 6376 §3.4.
enum Canonicalization {
    // MARK: - Header fields

    /// One header field in canonical form, including its final CRLF.
    static func header(_ field: MessageHeader.Field, _ algorithm: DKIMCanonicalization.Algorithm) -> [UInt8] {
        switch algorithm {
        case .simple: simpleHeader(field)
        case .relaxed: relaxedHeader(field)
        }
    }

    /// RFC 6376 §3.4.1 "simple": the field exactly as it is, folding included.
    static func simpleHeader(_ field: MessageHeader.Field) -> [UInt8] {
        var out: [UInt8] = []
        for line in field.lines {
            out += line
            out += ASCII.crlf
        }
        return out
    }

    /// RFC 6376 §3.4.2 "relaxed":
    /// - the field name is lower-cased;
    /// - the value is unfolded (CRLF before WSP removed);
    /// - every run of WSP becomes a single SP;
    /// - WSP at the end of the value and around the colon is removed;
    /// - the field ends with CRLF.
    static func relaxedHeader(_ field: MessageHeader.Field) -> [UInt8] {
        var out: [UInt8] = []
        if let name = field.name {
            out.reserveCapacity(name.count + 1 + field.lines.reduce(0) { $0 + $1.count } + 2)
            out += name.map(ASCII.lowercased)
        }
        out.append(ASCII.colon)
        appendCollapsingWSP(field.unfoldedValue[...], to: &out)
        out += ASCII.crlf
        return out
    }

    /// Appends `bytes` with each WSP run as one SP, and no WSP at the start or the end.
    private static func appendCollapsingWSP(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        for byte in bytes {
            if ASCII.isWSP(byte) {
                pendingSpace = wroteAny
            } else {
                if pendingSpace { out.append(ASCII.space) }
                out.append(byte)
                pendingSpace = false
                wroteAny = true
            }
        }
    }

    // MARK: - Body

    /// The canonical body as bytes (for tests; signing streams it into the hash).
    static func body(_ body: ArraySlice<UInt8>, _ algorithm: DKIMCanonicalization.Algorithm) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 2)
        canonicalizeBody(body, algorithm, into: &out)
        return out
    }

    /// Canonicalizes `body` line by line into `sink`.
    ///
    /// - simple (RFC 6376 §3.4.3): lines unchanged; trailing empty lines removed; a missing final CRLF added;
    ///   an empty body becomes a single CRLF.
    /// - relaxed (RFC 6376 §3.4.4): WSP at line ends removed; other WSP runs become one SP; then trailing empty
    ///   lines removed; a missing final CRLF added to a non-empty body; an empty body (or one of only empty or
    ///   whitespace lines) stays empty, hashing as SHA-256 of nothing (what dkimpy does too).
    ///
    /// A bare LF ends a line like CRLF (see `MessageHeader`).
    static func canonicalizeBody<Sink: CanonicalSink>(
        _ body: ArraySlice<UInt8>, _ algorithm: DKIMCanonicalization.Algorithm, into sink: inout Sink
    ) {
        let crlf = ASCII.crlf[...]
        var pendingEmptyLines = 0
        var wroteLine = false
        var lineBuffer: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            let lineFeed = body[index...].firstIndex(of: ASCII.lf)
            var contentEnd = lineFeed ?? body.endIndex
            if lineFeed != nil, contentEnd > index, body[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            let content = body[index..<contentEnd]
            index = lineFeed.map { $0 + 1 } ?? body.endIndex

            let line: ArraySlice<UInt8>
            switch algorithm {
            case .simple:
                line = content
            case .relaxed:
                lineBuffer.removeAll(keepingCapacity: true)
                appendRelaxedBodyLine(content, to: &lineBuffer)
                line = lineBuffer[...]
            }
            if line.isEmpty {
                // Held back: only written if a non-empty line follows (trailing empty lines are ignored).
                pendingEmptyLines += 1
                continue
            }
            for _ in 0..<pendingEmptyLines { sink.write(crlf) }
            pendingEmptyLines = 0
            sink.write(line)
            sink.write(crlf)
            wroteLine = true
        }
        if algorithm == .simple, !wroteLine {
            sink.write(crlf)
        }
    }

    /// RFC 6376 §3.4.4 (a) and (b) for one line: WSP runs to one SP, no WSP at the end of the line.
    /// Leading WSP is kept (as one SP).
    private static func appendRelaxedBodyLine(_ content: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var pendingSpace = false
        for byte in content {
            if ASCII.isWSP(byte) {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(ASCII.space) }
                out.append(byte)
                pendingSpace = false
            }
        }
    }
}

import SMTPProtocol

/// RSET, QUIT and VRFY (RFC 5321 §4.1.1.5, §4.1.1.10, §4.1.1.6). NOOP and HELP are answered in
/// the dispatch itself.
extension SMTPServerSession {
    /// `rset = "RSET" CRLF`: drop the transaction, keep greeting and AUTH.
    mutating func handleReset(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        guard argument == nil else {
            self.error(.syntax("RSET"), &actions)
            return
        }
        self.resetTransaction()
        actions.append(.reply(.ok))
    }

    /// `quit = "QUIT" CRLF`: 221, then close.
    mutating func handleQuit(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        guard argument == nil else {
            self.error(.syntax("QUIT"), &actions)
            return
        }
        actions.append(.reply(.bye))
        self.close(&actions)
    }

    /// `vrfy = "VRFY" SP String CRLF`. RFC 5321 §3.5.3: 252 when the server will not verify but
    /// will accept mail for the address; Postage never reveals whether an address exists.
    mutating func handleVerify(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        guard argument != nil else {
            self.error(.syntax("VRFY address"), &actions)
            return
        }
        actions.append(.reply(.cannotVerify))
    }
}

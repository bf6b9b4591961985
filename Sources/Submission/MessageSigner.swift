import DKIM
import Foundation
import Logging

/// Signs every accepted message at submission (issue: domains and DKIM), with one
/// `DKIM-Signature` per key: rsa-sha256 always, ed25519-sha256 when configured (RFC 6376,
/// RFC 8463). The signatures are part of the queued bytes, so `/dump` shows exactly what is sent.
public struct MessageSigner: Sendable {
    public let signers: [DKIMSigner]
    let logger: Logger

    public init(signers: [DKIMSigner], logger: Logger) {
        self.signers = signers
        self.logger = logger
    }

    /// The message with its signature fields prepended. Each signer signs the unsigned message
    /// (a DKIM-Signature field is never in another's `h=`), so their order does not matter.
    public func sign(_ message: [UInt8], at date: Date) -> [UInt8] {
        var fields = ""
        for signer in signers {
            do {
                fields += try signer.signatureField(for: message, timestamp: date)
            } catch {
                // Only a message without From cannot be signed; the submission paths never build one.
                logger.warning(
                    "DKIM signing failed; the message is queued unsigned",
                    metadata: ["postage.dkim_domain": .string(signer.domain), "postage.error": "\(error)"])
            }
        }
        if fields.isEmpty { return message }
        var signed = Array(fields.utf8)
        signed.reserveCapacity(signed.count + message.count)
        signed += message
        return signed
    }
}

import Crypto
import Foundation
import Logging
import NIOSSL
import SwiftASN1
import X509

/// The certificate and key of the SMTP submission server's STARTTLS (issue: SMTP submission):
/// the operator's PEM files, or a self-signed pair made on first start and kept under the data
/// directory, so clients that pin it keep working across restarts.
enum TLSMaterial {
    static let directoryName = "tls"
    static let certificateFile = "submission-selfsigned.crt"
    static let keyFile = "submission-selfsigned.key"

    static func serverContext(_ configuration: Configuration, logger: Logger) throws -> NIOSSLContext {
        let certificatePath: String
        let keyPath: String
        if let cert = configuration.submission.tlsCertificate, let key = configuration.submission.tlsKey {
            certificatePath = cert
            keyPath = key
        } else {
            let directory = (configuration.dataDirectory as NSString).appendingPathComponent(directoryName)
            certificatePath = (directory as NSString).appendingPathComponent(certificateFile)
            keyPath = (directory as NSString).appendingPathComponent(keyFile)
            if !FileManager.default.fileExists(atPath: certificatePath) || !FileManager.default.fileExists(atPath: keyPath) {
                try makeSelfSigned(hostname: configuration.hostname, directory: directory, certificatePath: certificatePath, keyPath: keyPath)
                logger.notice(
                    "SMTP submission: no TLS certificate configured; generated a self-signed one",
                    metadata: ["postage.certificate": .string(certificatePath)])
            } else {
                logger.info(
                    "SMTP submission: using the self-signed certificate made earlier",
                    metadata: ["postage.certificate": .string(certificatePath)])
            }
        }
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: tls)
    }

    /// A P-256 key and a certificate for the host name (and localhost / 127.0.0.1), valid for
    /// ten years. The key file is written with mode 0600 before the certificate.
    static func makeSelfSigned(hostname: String, directory: String, certificatePath: String, keyPath: String) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName(hostname)
            OrganizationName("Postage self-signed")
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName(hostname), .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: .init(key))
        let keyPEM = key.pemRepresentation + "\n"
        guard FileManager.default.createFile(
            atPath: keyPath, contents: Data(keyPEM.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: keyPath]) }
        let certificatePEM = try certificate.serializeAsPEM().pemString + "\n"
        guard FileManager.default.createFile(
            atPath: certificatePath, contents: Data(certificatePEM.utf8), attributes: [.posixPermissions: 0o644])
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: certificatePath]) }
    }
}

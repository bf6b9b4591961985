import DNSResolver
import Delivery
import DeliveryAdapters
import Foundation
import Logging
import ServiceLifecycle
import SMTPClient
import SMTPProtocol
import Storage

/// The delivery role as a `Service`: on graceful shutdown it stops claiming, lets the SMTP
/// transactions in flight finish, and gives its leases back.
struct DeliveryRole: Service {
    let service: DeliveryService
    let resolver: DNSClient
    let transport: SMTPMailTransport

    static func make(configuration: Configuration, store: any Store, logger: Logger) throws -> DeliveryRole {
        let queue: any DeliveryStore = store
        let resolver = try DNSClient.fromEnvironment(ProcessInfo.processInfo.environment, logger: logger)
        var settings = DeliveryConfiguration(
            bounceDomain: configuration.bounceDomain,
            owner: "\(configuration.hostname)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        settings.lease = configuration.deliveryLease
        settings.schedule.initialDelay = configuration.retryInitialDelay
        settings.schedule.maximumAge = configuration.retryMaximumAge
        settings.schedule.maximumDelay = max(settings.schedule.initialDelay, settings.schedule.maximumDelay)
        let router: any MailRouter
        var transport = SMTPMailTransport(helo: configuration.hostname, logger: logger)
        if let relay = configuration.relay {
            router = RelayRouter(host: relay.host, port: relay.port, resolver: resolver)
            let tls: SMTPClientTLS =
                switch relay.tls {
                case "required": .required(verification: .none)
                case "none": .disabled
                default: .opportunistic(verification: .none)
                }
            let credentials = relay.username.map { SMTPCredentials(username: $0, password: relay.password ?? "") }
            transport = SMTPMailTransport(helo: configuration.hostname, tls: tls, credentials: credentials, logger: logger)
        } else {
            router = DNSMailRouter(resolver: resolver, port: configuration.smtpPort)
        }
        let service = DeliveryService(
            store: queue, router: router, transport: transport, configuration: settings, logger: logger)
        return DeliveryRole(service: service, resolver: resolver, transport: transport)
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await service.run()
        } onGracefulShutdown: {
            service.stop()
        }
        await transport.shutdown()
        await resolver.shutdown()
    }
}

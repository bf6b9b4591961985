import DNSResolver
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Storage
import Submission

/// The composition root: builds every part from a configuration. Production (`postage serve`)
/// and tests use the same function.
public enum Runtime {
    /// What `serve` prints once, when it created the database.
    public static func announce(_ bootstrap: Bootstrap) -> String {
        """
        Postage created a new database. Keep these tokens; they are shown only this once.
          Account token (X-Postmark-Account-Token): \(bootstrap.accountToken)
          Server "\(bootstrap.server.name)" (ID \(bootstrap.server.id)) token (X-Postmark-Server-Token): \(bootstrap.server.apiTokens.first ?? "")

        """
    }

    public static func makeLogger(_ configuration: Configuration, label: String = "postage") -> Logger {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        return Logger(label: label) { label in LogfmtLogHandler(label: label, level: level) }
    }

    /// Builds the HTTP application around an open store.
    public static func makeApplication(
        configuration: Configuration, store: any Store, logger: Logger, signer: MessageSigner? = nil,
        domainChecker: (any DomainChecking)? = nil,
        onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        let submitter = Submitter(
            store: store, templates: store, suppressions: store, hostname: configuration.hostname, signer: signer,
            allowUnverifiedSenders: configuration.dkim.allowUnverifiedSenders, senders: store, logger: logger)
        var environment = APIEnvironment(
            store: store, submitter: submitter, metrics: APIMetrics(factory: factory),
            renderMetrics: { registry.emitToString() },
            healthCheck: {
                do {
                    _ = try await store.isAccountToken("health-check")
                    return nil
                } catch {
                    return "database: \(error)"
                }
            },
            inboundDomain: configuration.inboundDomain, publicURL: configuration.publicURL,
            benchEndpoints: configuration.benchEndpoints, logger: logger)
        environment.bounceDomain = configuration.bounceDomain
        environment.systemFrom = configuration.systemFrom
        let publicBase = environment.publicBase
        environment.domainChecker = domainChecker
        return Application(
            responder: PostmarkAPI(environment: environment),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.httpAddress.host, port: configuration.httpAddress.port),
                serverName: "Postage"),
            onServerRunning: { channel in
                let address = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                if let port = channel.localAddress?.port { publicBase.listenerBound(port: port) }
                await onServerRunning(address)
            },
            logger: logger)
    }

    /// `postage serve`: open the store, create the first account and server if the database is new,
    /// then run every service until SIGTERM or SIGINT, shutting down gracefully.
    public static func serve(configuration: Configuration, output: @escaping @Sendable (String) -> Void) async throws {
        let logger = makeLogger(configuration)
        let store = try await StoreFactory.open(configuration.database, logger: logger)
        if let created = try await store.bootstrap(accountToken: configuration.accountToken, at: Date()) {
            output(announce(created))
        }
        let signer = try await PlatformDKIM.signer(configuration: configuration, store: store, logger: logger)
        // The Domains API verifies records through Postage's own resolver (POSTAGE_DNS_SERVERS applies).
        let resolver = try DNSClient.fromEnvironment(ProcessInfo.processInfo.environment, logger: logger)
        let application = makeApplication(
            configuration: configuration, store: store, logger: logger, signer: signer,
            domainChecker: DomainChecker(resolver: resolver)
        ) { address in
            logger.info("HTTP API listening", metadata: ["postage.address": .string(address)])
            output("Postage HTTP API listening on \(address)\n")
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: StoreService(store: store))]
        if configuration.roles.contains(.delivery) {
            services.append(.init(service: try DeliveryRole.make(configuration: configuration, store: store, logger: logger)))
        }
        // Both SMTP listeners share one TLS context, loaded (or made, on first start) once.
        let tls = configuration.roles.contains(.smtp) || configuration.roles.contains(.inbound)
            ? try TLSMaterial.serverContext(configuration, logger: logger) : nil
        if configuration.roles.contains(.smtp), let tls {
            let role = try await SubmissionRole.make(
                configuration: configuration, store: store, signer: signer, tls: tls, logger: logger
            ) {
                address in output("Postage SMTP submission listening on \(address)\n")
            }
            services.append(.init(service: role))
        }
        if configuration.roles.contains(.inbound), let tls {
            let role = SubmissionRole.makeInbound(configuration: configuration, store: store, tls: tls, logger: logger) {
                address in output("Postage inbound bounce listener on \(address)\n")
            }
            services.append(.init(service: role))
        }
        if configuration.roles.contains(.api) {
            services.append(.init(service: application))
            services.append(.init(service: DomainRecheck(
                store: store, checker: DomainChecker(resolver: resolver), bounceDomain: configuration.bounceDomain,
                interval: .milliseconds(Int64(configuration.dkim.recheckInterval * 1000)), logger: logger)))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await resolver.shutdown()
            throw error
        }
        await resolver.shutdown()
    }
}

/// Keeps the store open for the life of the service group and closes it last on shutdown
/// (services shut down in reverse order: listeners first, storage last).
struct StoreService: Service {
    let store: any Store

    func run() async throws {
        try? await gracefulShutdown()
        try await store.close()
    }
}

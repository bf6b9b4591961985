// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "postage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "postage", targets: ["postage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // Layer 0: pure domain
        .target(name: "MailCore", swiftSettings: swiftSettings),
        .target(name: "MIME", dependencies: ["MailCore"], swiftSettings: swiftSettings),
        .target(name: "PostmarkWire", dependencies: ["MailCore"], swiftSettings: swiftSettings),
        .target(name: "MIMEParser", dependencies: ["MIME", "MailCore"], swiftSettings: swiftSettings),
        .target(name: "Templates", swiftSettings: swiftSettings),
        .target(name: "CSSInlining", swiftSettings: swiftSettings),
        .target(name: "BounceParsing", dependencies: ["MIMEParser", "MailCore"], swiftSettings: swiftSettings),
        .target(
            name: "DKIM",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 2: use cases and the storage ports they are written against
        .target(name: "Storage", dependencies: ["MailCore"], swiftSettings: swiftSettings),
        .target(
            name: "Submission",
            dependencies: [
                "MailCore", "MIME", "MIMEParser", "PostmarkWire", "Storage", "Templates", "CSSInlining", "DKIM",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Delivery",
            dependencies: ["MailCore", "Storage", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Layer 1: wire protocols
        .target(
            name: "DNSProtocol",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SMTPProtocol",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SMTPServerProtocol",
            dependencies: ["SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // Layer 3: adapters
        .target(
            name: "SMTPServer",
            dependencies: [
                "SMTPServerProtocol", "SMTPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SMTPClient",
            dependencies: [
                "SMTPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DNSResolver",
            dependencies: [
                "DNSProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "DomainVerification", dependencies: ["DNSResolver", "DNSProtocol"], swiftSettings: swiftSettings),
        .target(
            name: "StoreSQLite",
            dependencies: ["Storage", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StorePostgres",
            dependencies: [
                "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Submission", "PostmarkWire", "Storage", "MailCore", "Templates", "CSSInlining", "DKIM",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DeliveryAdapters",
            dependencies: [
                "Delivery", "DNSResolver", "DNSProtocol", "SMTPClient", "SMTPProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 4: composition
        .target(
            name: "App",
            dependencies: [
                "HTTPAPI", "Submission", "Storage", "StoreSQLite", "StorePostgres", "Delivery", "DeliveryAdapters",
                "DNSResolver", "SMTPClient", "SMTPProtocol", "SMTPServer", "SMTPServerProtocol", "DKIM", "BounceParsing", "DomainVerification",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "postage",
            dependencies: [
                "App", "BounceParsing", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks (bench/templates.sh)
        .executableTarget(
            name: "template-bench", dependencies: ["Templates", "CSSInlining"], path: "bench/TemplateBench",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "dkim-bench",
            dependencies: ["DKIM", .product(name: "Crypto", package: "swift-crypto")],
            path: "bench/DKIMBench", swiftSettings: swiftSettings),
        // Tests
        .testTarget(name: "DKIMTests", dependencies: ["DKIM"], swiftSettings: swiftSettings),
        // The DNS peers (scripts/dns-peers.sh) as the resolver's and the verifier's tests start them.
        .target(
            name: "DNSTestSupport", dependencies: ["DNSResolver"], path: "Tests/DNSTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DomainVerificationTests",
            dependencies: [
                "DomainVerification", "DNSResolver", "DNSProtocol", "DNSTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BounceParsingTests", dependencies: ["BounceParsing", "MailCore"], swiftSettings: swiftSettings),
        .testTarget(name: "MailCoreTests", dependencies: ["MailCore"], swiftSettings: swiftSettings),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "MailCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DeliveryTests",
            dependencies: ["Delivery", "Storage", "StoreSQLite", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DNSProtocolTests",
            dependencies: ["DNSProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DNSResolverTests",
            dependencies: [
                "DNSResolver", "DNSProtocol", "DNSTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SMTPProtocolTests",
            dependencies: [
                "SMTPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SMTPServerProtocolTests",
            dependencies: [
                "SMTPServerProtocol", "SMTPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SMTPClientTests",
            dependencies: [
                "SMTPClient", "SMTPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MIMEParserTests", dependencies: ["MIMEParser", "MIME", "MailCore"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "PostmarkWireTests", dependencies: ["PostmarkWire"], swiftSettings: swiftSettings),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"], swiftSettings: swiftSettings),
        .testTarget(name: "CSSInliningTests", dependencies: ["CSSInlining"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SubmissionTests",
            dependencies: ["Submission", "PostmarkWire", "Storage", "MailCore", "MIME", "Templates"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorageContractTests",
            dependencies: ["Storage", "StoreSQLite", "StorePostgres", "MailCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "App", "HTTPAPI", "Storage", "StoreSQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "warta",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "warta", targets: ["warta"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        // cmark from Debian's libcmark-dev, wrapped as a system library.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Pure rules: no I/O, no web framework, no database.
        .target(
            name: "Domain",
            swiftSettings: swiftSettings
        ),
        // Compiled views (issue 11): the runtime that generated render functions write with.
        .target(
            name: "ViewRuntime",
            swiftSettings: swiftSettings
        ),
        // The template compiler: a library (tested directly) and the thin executable the plugin runs.
        .target(
            name: "ViewCompilerCore",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ViewCompiler",
            dependencies: ["ViewCompilerCore"],
            swiftSettings: swiftSettings
        ),
        .plugin(
            name: "ViewCompilerPlugin",
            capability: .buildTool(),
            dependencies: ["ViewCompiler"]
        ),
        // The web application.
        .target(
            name: "App",
            dependencies: [
                "Domain",
                "CCmark",
                "ViewRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["ViewCompilerPlugin"]
        ),
        // Thin command-line entry point.
        .executableTarget(
            name: "warta",
            dependencies: [
                "App",
                "Domain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["Domain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                // The snapshots read Views/ with the template parser to find the partials and layouts each page pulls in.
                "ViewCompilerCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // sqlite3_stmt_status: tests bound the work of a query in SQLite's own steps, not in time.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        // A few templates and a tiny catalogue compiled by the plugin, for ViewCompilerTests.
        .target(
            name: "ViewFixtures",
            dependencies: ["ViewRuntime"],
            path: "Tests/ViewFixtures",
            swiftSettings: swiftSettings,
            plugins: ["ViewCompilerPlugin"]
        ),
        .testTarget(
            name: "ViewCompilerTests",
            dependencies: ["ViewCompilerCore", "ViewRuntime", "ViewFixtures"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
    ]
)

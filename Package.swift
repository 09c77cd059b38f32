// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "readiness",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "readiness", targets: ["readiness"]),
    .library(name: "ReadinessCore", targets: ["ReadinessCore"]),
    .library(name: "ReadinessImport", targets: ["ReadinessImport"]),
    .library(name: "ReadinessStore", targets: ["ReadinessStore"]),
    .library(name: "ReadinessScoring", targets: ["ReadinessScoring"]),
    .library(name: "ReadinessReport", targets: ["ReadinessReport"]),
    .library(name: "ReadinessPostgres", targets: ["ReadinessPostgres"]),
    .library(name: "ReadinessServer", targets: ["ReadinessServer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // XLSX workbooks are ZIP archives (zlib through pkg-config: apt-get install zlib1g-dev).
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    // readiness --database postgres://…: the shared PostgreSQL store (brings NIO).
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    // Tests only: property-based testing through Swift Testing (no dependencies of its own).
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    // readiness serve: the HTTP server, its test client, and bcrypt for passwords.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
  ],
  targets: [
    // libxml2, found through pkg-config (Debian: apt-get install libxml2-dev pkg-config).
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    // OpenSSL's libcrypto, for SHA-256 (Debian: apt-get install libssl-dev).
    .systemLibrary(
      name: "CLibCrypto",
      pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
    ),
    // Value types and reference tables: countries, frameworks, observations.
    .target(
      name: "ReadinessCore",
      dependencies: ["CLibCrypto", .product(name: "Yams", package: "Yams")]
    ),
    // Readers (CSV, XML) and one importer per open-data format.
    .target(
      name: "ReadinessImport",
      dependencies: [
        "ReadinessCore", "CLibXML2", .product(name: "Yams", package: "Yams"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    // The SQLite workspace.
    .target(
      name: "ReadinessStore",
      dependencies: [
        "ReadinessCore", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    // The composite-indicator engine.
    .target(
      name: "ReadinessScoring",
      dependencies: ["ReadinessCore", .product(name: "Yams", package: "Yams")]
    ),
    // Profile model and renderers (HTML through the Mustache templates of Reports/templates).
    .target(
      name: "ReadinessReport",
      dependencies: [
        "ReadinessCore", "ReadinessScoring", .product(name: "Yams", package: "Yams"),
        .product(name: "Mustache", package: "swift-mustache"),
      ]
    ),
    // The shared PostgreSQL store: frozen migrations, import and materialisation, collaboration.
    .target(
      name: "ReadinessPostgres",
      dependencies: [
        "ReadinessCore", "ReadinessStore", .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    // The web server of `readiness serve` (Hummingbird 2) over the same profile model and templates.
    .target(
      name: "ReadinessServer",
      dependencies: [
        "ReadinessCore", "ReadinessImport", "ReadinessStore", "ReadinessScoring", "ReadinessReport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
      ]
    ),
    .executableTarget(
      name: "readiness",
      dependencies: [
        "ReadinessCore", "ReadinessImport", "ReadinessStore", "ReadinessScoring", "ReadinessReport",
        "ReadinessPostgres", "ReadinessServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Paths to ../shared/data and the built binary, shared by the test targets.
    .target(name: "_ReadinessTestSupport", dependencies: ["ReadinessCore"], path: "Tests/_ReadinessTestSupport"),
    .testTarget(name: "ReadinessCoreTests", dependencies: ["ReadinessCore", "_ReadinessTestSupport"]),
    .testTarget(
      name: "ReadinessImportTests",
      dependencies: ["ReadinessImport", "ReadinessCore", "_ReadinessTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "ReadinessScoringTests",
      dependencies: [
        "ReadinessScoring", "ReadinessCore", "_ReadinessTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .testTarget(
      name: "ReadinessReportTests",
      dependencies: ["ReadinessReport", "ReadinessScoring", "ReadinessCore", "_ReadinessTestSupport"]),
    .testTarget(
      name: "ReadinessStoreTests",
      dependencies: [
        "ReadinessStore", "ReadinessCore", "_ReadinessTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "ReadinessPostgresTests",
      dependencies: [
        "ReadinessPostgres", "ReadinessStore", "ReadinessImport", "ReadinessCore", "_ReadinessTestSupport", "readiness",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "ReadinessServerTests",
      dependencies: [
        "ReadinessServer", "ReadinessStore", "ReadinessReport", "ReadinessCore", "_ReadinessTestSupport",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]),
    .testTarget(
      name: "ReadinessCLITests",
      dependencies: ["readiness", "ReadinessStore", "ReadinessCore", "_ReadinessTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.1
// libFuzzer targets for readiness, kept out of the main package. Build and run with
// scripts/fuzz (swift build -Xswiftc -sanitize=fuzzer,address …).
import Foundation
import PackageDescription

// SwiftPM names a package given by path after its folder, so the main package's name here is whatever
// the checkout's folder is called (`readiness`, `main`, a worktree's name…), not `readiness`.
let main = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "readiness-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(path: "..")],
  targets: [
    .executableTarget(
      name: "FuzzCSV",
      dependencies: [.product(name: "ReadinessCore", package: main)],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    .executableTarget(
      name: "FuzzImporters",
      dependencies: [
        .product(name: "ReadinessCore", package: main), .product(name: "ReadinessImport", package: main),
      ],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    .executableTarget(
      name: "FuzzStore",
      dependencies: [
        .product(name: "ReadinessCore", package: main), .product(name: "ReadinessImport", package: main),
        .product(name: "ReadinessStore", package: main),
      ],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
  ],
  swiftLanguageModes: [.v6]
)

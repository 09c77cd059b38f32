import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

/// Where the binary finds `Indicators/` and `Reports/`: an installation keeps them in
/// `PREFIX/share/readiness` beside `PREFIX/bin/readiness` (scripts/install).
@Suite struct ProjectPathsTests {
  /// `PREFIX/bin/readiness` (an empty file stands for the binary) and `PREFIX/share/readiness` with
  /// the reference table that marks a root; `elsewhere` holds no project.
  static func installation() throws -> (prefix: String, elsewhere: String) {
    let folder = TestPaths.temporaryDirectory()
    let prefix = folder + "/prefix"
    let fm = FileManager.default
    try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: prefix + "/share/readiness/Indicators/reference", withIntermediateDirectories: true)
    try "iso3\n".write(
      toFile: prefix + "/share/readiness/Indicators/reference/countries.csv", atomically: true, encoding: .utf8)
    _ = fm.createFile(atPath: prefix + "/bin/readiness", contents: Data())
    try fm.createDirectory(atPath: folder + "/elsewhere", withIntermediateDirectories: true)
    return (prefix, folder + "/elsewhere")
  }

  @Test func anInstalledBinaryFindsTheShareFolderBesideIt() throws {
    let (prefix, elsewhere) = try Self.installation()
    let root = try ProjectPaths.root(
      environment: [:], currentDirectory: elsewhere, executable: prefix + "/bin/readiness")
    #expect(root == prefix + "/share/readiness")
    #expect(ProjectPaths.isInstalled(root))
    // Run by a relative path from the prefix, too.
    #expect(try ProjectPaths.root(environment: [:], currentDirectory: prefix, executable: "bin/readiness") == root)
  }

  @Test func aLinkOnPathFindsTheInstallationItPointsTo() throws {
    let (prefix, elsewhere) = try Self.installation()
    let link = elsewhere + "/readiness"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: prefix + "/bin/readiness")
    let root = try ProjectPaths.root(environment: [:], currentDirectory: elsewhere, executable: link)
    #expect(root == prefix + "/share/readiness")
  }

  @Test func aCheckoutInTheCurrentFolderAndREADINESSHOMEComeFirst() throws {
    let (prefix, elsewhere) = try Self.installation()
    let checkout = try ProjectPaths.root(
      environment: [:], currentDirectory: TestPaths.root + "/Sources", executable: prefix + "/bin/readiness")
    #expect(checkout == TestPaths.root)
    #expect(!ProjectPaths.isInstalled(checkout))
    let home = try ProjectPaths.root(
      environment: ["READINESS_HOME": TestPaths.root], currentDirectory: elsewhere,
      executable: prefix + "/bin/readiness")
    #expect(home == TestPaths.root)
  }

  @Test func noInstallationAndNoCheckoutIsNotFound() throws {
    let (prefix, elsewhere) = try Self.installation()
    try FileManager.default.removeItem(atPath: prefix + "/share")
    #expect(throws: ReadinessError.self) {
      _ = try ProjectPaths.root(environment: [:], currentDirectory: elsewhere, executable: prefix + "/bin/readiness")
    }
  }
}

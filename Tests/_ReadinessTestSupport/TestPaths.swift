import Foundation
import ReadinessCore

/// Where the tests find the project, the shared real data and the built `readiness` binary.
public enum TestPaths {
  /// The package root (found from this file's path).
  public static let root: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  /// `../shared/data` next to the project, or `READINESS_SHARED_DATA`.
  public static let sharedData: String = {
    if let env = ProcessInfo.processInfo.environment["READINESS_SHARED_DATA"], !env.isEmpty { return env }
    return URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared/data").path
  }()

  /// `true` where the real data is present (CI always; a user's clone may not have it).
  public static let hasSharedData: Bool = FileManager.default.fileExists(atPath: sharedData + "/reference")

  /// A file under `../shared/data`.
  public static func data(_ relative: String) -> String { sharedData + "/" + relative }

  /// A file under `../shared/data` or, where that is absent (a plain clone), its trimmed copy under
  /// `Tests/Fixtures/` (written by `scripts/vendor-test-fixtures`; licences in `Tests/NOTICE`).
  public static func vendored(_ relative: String) -> String {
    hasSharedData ? data(relative) : root + "/Tests/Fixtures/" + relative
  }

  /// `true` where `vendored(_:)` finds every one of these files.
  public static func hasVendored(_ relatives: String...) -> Bool {
    relatives.allSatisfy { FileManager.default.fileExists(atPath: vendored($0)) }
  }

  /// `Indicators/` of the project.
  public static var indicators: String { root + "/Indicators" }

  /// A fresh temporary folder, inside this test process's own folder, which is removed when the process
  /// exits (set `READINESS_KEEP_TEST_FILES=1` to keep it for a look after a failure).
  public static func temporaryDirectory() -> String {
    let url = URL(fileURLWithPath: processFolder).appendingPathComponent(UUID().uuidString)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  /// `readiness-tests-<UUID>` in the system's temporary folder: every folder `temporaryDirectory()` makes
  /// lies in it, so one removal at exit leaves nothing behind (a run used to leave some 50 folders, up to
  /// 50 MB each).
  static let processFolder: String = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    if ProcessInfo.processInfo.environment["READINESS_KEEP_TEST_FILES"] != "1" {
      atexit { try? FileManager.default.removeItem(atPath: TestPaths.processFolder) }
    }
    return url.path
  }()

  /// The bundled reference tables.
  public static func reference() throws -> ReferenceData {
    try ReferenceData(directory: indicators + "/reference")
  }

  /// The `readiness` executable next to the test bundle.
  public static var binary: String {
    var candidates: [URL] = []
    for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")] {
      var url = start
      for _ in 0..<4 {
        candidates.append(url.appendingPathComponent("readiness"))
        url = url.deletingLastPathComponent()
      }
    }
    candidates.append(URL(fileURLWithPath: root + "/.build/debug/readiness"))
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        return candidate.path
      }
    }
    return root + "/.build/debug/readiness"
  }
}

/// The result of running the binary.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs `readiness` with arguments, in the project root unless told otherwise.
public func runReadiness(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:])
  throws -> CommandResult
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: TestPaths.binary)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory ?? TestPaths.root)
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read both pipes concurrently with the process so a large output cannot block it.
  let group = DispatchGroup()
  nonisolated(unsafe) var outData = Data()
  nonisolated(unsafe) var errData = Data()
  group.enter()
  DispatchQueue.global().async {
    outData = out.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  group.enter()
  DispatchQueue.global().async {
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  process.waitUntilExit()
  group.wait()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

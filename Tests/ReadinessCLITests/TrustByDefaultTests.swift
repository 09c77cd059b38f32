import Foundation
import ReadinessCore
import ReadinessStore
import Testing
import _ReadinessTestSupport

/// Issue 16, "Trust by default": what the command line does with mistakes and hostile text.
@Suite("Trust by default (command line)", .serialized)
struct TrustByDefaultTests {
  /// A workspace holding one tidy file with `rows` (after the header).
  static func workspace(_ rows: String) throws -> (workspace: String, file: String) {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/office.csv"
    try ("country,indicator,period,value,unit,status,note\n" + rows).write(
      toFile: file, atomically: true, encoding: .utf8)
    let workspace = folder + "/ws.sqlite"
    let imported = try runReadiness(["import", "--workspace", workspace, file])
    #expect(imported.status == 0, "\(imported.stderr)")
    return (workspace, file)
  }

  @Test func aMissingInputFileIsNotFound() throws {
    let folder = TestPaths.temporaryDirectory()
    let result = try runReadiness(["import", "--workspace", folder + "/ws.sqlite", folder + "/nowhere.csv"])
    #expect(result.status == 66, "\(result.stderr)")
    #expect(result.stderr.contains("nowhere.csv") && result.stderr.contains("no such file"), "\(result.stderr)")
    let pipeline = try runReadiness([
      "score", "--coin-data", folder + "/d.csv", "--coin-meta", folder + "/m.csv", "--pipeline", folder + "/p.yaml",
    ])
    #expect(pipeline.status == 66, "\(pipeline.stderr)")
  }

  @Test func anUnknownCountryCodeIsNotFoundWithCloseCodes() throws {
    let (workspace, _) = try Self.workspace("MYS,X.T,2020,1.5,,,\n")
    let result = try runReadiness(["observations", "--workspace", workspace, "--country", "MAL"])
    #expect(result.status == 66, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    for close in ["MYS (Malaysia)", "MLI (Mali)", "MLT (Malta)"] {
      #expect(result.stderr.contains(close), "\(result.stderr)")
    }
    // A known country without data is an empty answer, not an error.
    let known = try runReadiness(["observations", "--workspace", workspace, "--country", "MLI"])
    #expect(known.status == 0, "\(known.stderr)")
    let found = try runReadiness(["observations", "--workspace", workspace, "--country", "mys"])
    #expect(found.status == 0 && found.stdout.contains("MYS,X.T,2020,1.5"), "\(found.stderr)")
  }

  @Test func aMistypedCommandGetsASuggestion() throws {
    let result = try runReadiness(["scroe"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("did you mean 'score'"), "\(result.stderr)")
    let help = try runReadiness(["--help"])
    #expect(help.stdout.contains("64 usage") && help.stdout.contains("66 not found"))
  }

  @Test func importHelpHasNoEmptyPlannedList() throws {
    let result = try runReadiness(["import", "--help"])
    #expect(result.status == 0)
    #expect(!result.stdout.contains("Planned: ."), "\(result.stdout)")
    #expect(result.stdout.contains("Supported:"))
  }

  @Test func controlCharactersFromDataAreEscapedInErrors() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/evil.csv"
    try "country,indicator,period,value\nMYS,X.T,2020,\u{1B}[2J\u{1B}]0;pwned\u{7}\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let result = try runReadiness(["import", "--dry-run", file])
    #expect(result.status == 65)
    #expect(result.stderr.contains("\\u{1B}[2J"), "\(result.stderr)")
    #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
  }

  @Test func controlCharactersFromDataAreEscapedInImportReports() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/evil.csv"
    try "country,indicator,period,value\n\u{1B}[2JAtlantis\u{7},X.T,2020,1\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let result = try runReadiness(["import", "--dry-run", file])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("\\u{1B}[2JAtlantis\\u{7}"), "\(result.stderr)")
    #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
  }

  @Test func csvOutputNeutralisesFormulasButNotNumbers() throws {
    let (workspace, _) = try Self.workspace(
      "MYS,X.T,2020,-1.5,@SUM(A1),+x,\"=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"\n")
    let result = try runReadiness(["observations", "--workspace", workspace])
    #expect(result.status == 0, "\(result.stderr)")
    let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("MYS,") })
    #expect(line.hasPrefix("MYS,X.T,2020,-1.5,'@SUM(A1),'+x,\"'=HYPERLINK("), "\(line)")
  }

  /// An import into a workspace another process is writing waits (10 s), then says who holds it.
  @Test func aBusyWorkspaceNamesItsHolder() throws {
    let (workspace, file) = try Self.workspace("MYS,X.T,2020,1.5,,,\n")
    let holding = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      defer { finished.signal() }
      do {
        let holder = try Workspace(path: workspace)
        _ = try holder.importFile(file: "held.csv", sha256: "held", format: "test") { _ in
          holding.signal()
          release.wait()  // the write transaction stays open until the command has given up
          return ImportReport(file: "held.csv", format: "test", source: SourceInfo(publisher: "Holder"))
        }
      } catch {
        Issue.record("holder: \(error)")
        holding.signal()
      }
    }
    holding.wait()
    let other = folderOf(file) + "/other.csv"
    try "country,indicator,period,value\nKEN,X.T,2020,2\n".write(toFile: other, atomically: true, encoding: .utf8)
    let start = Date()
    let result = try runReadiness(["import", "--workspace", workspace, other])
    release.signal()
    finished.wait()
    #expect(result.status == 70, "\(result.stderr)")
    #expect(Date().timeIntervalSince(start) >= 9)
    #expect(result.stderr.contains("after waiting 10 s: another process is writing it"), "\(result.stderr)")
    #expect(result.stderr.contains("pid \(getpid()):"), "\(result.stderr)")
  }

  func folderOf(_ path: String) -> String { (path as NSString).deletingLastPathComponent }

  /// The file's digest is computed on another thread; a failed import must join it before the
  /// process exits, or the exit can tear libcrypto and the file down under it (a signal after
  /// the right error message).
  @Test func aFailingImportAlwaysExitsWith65() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/big.csv"
    var text = "country,indicator,period,value\nMYS,X.T,2020,1\nMYS,X.T,2021,abc\n"
    text += String(repeating: "MYS,X.T,2022,1.5\n", count: 1_000_000)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    var statuses: [Int32: Int] = [:]
    for _ in 0..<50 {
      let result = try runReadiness(["import", "--workspace", folder + "/ws.sqlite", file])
      statuses[result.status, default: 0] += 1
      #expect(result.stderr.contains("\"abc\" is not a number"))
    }
    #expect(statuses == [65: 50])
  }
}

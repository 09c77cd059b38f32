import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessScoring
import ReadinessStore

/// `--workspace PATH`, defaulting to `READINESS_WORKSPACE` or `./readiness.sqlite`.
struct WorkspaceOptions: ParsableArguments {
  @Option(name: .long, help: "The workspace database (default: $READINESS_WORKSPACE or ./readiness.sqlite).")
  var workspace: String?

  var path: String {
    if let workspace { return workspace }
    if let env = ProcessInfo.processInfo.environment["READINESS_WORKSPACE"], !env.isEmpty { return env }
    return "readiness.sqlite"
  }

  func open() throws -> Workspace { try Workspace(path: path) }

  /// Opens an existing workspace, failing clearly when there is none yet.
  func openExisting() throws -> Workspace {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ReadinessError(
        .notFound, "no workspace here yet; import data first (readiness import FILE…) or pass --workspace",
        at: SourceLocation(file: path))
    }
    return try Workspace(path: path)
  }
}

/// `--framework FILE` and `--year YYYY`.
struct FrameworkOptions: ParsableArguments {
  @Option(help: "The framework YAML (default: Indicators/frameworks/ram-digital-divide.yaml).")
  var framework: String?

  @Option(
    help: "The reference year (default: the latest year with data); values from the window ending there are used.")
  var year: Int?

  func load() throws -> (Framework, String) { try FrameworkOptions.load(path: framework) }

  /// Loads the framework and scores the workspace with it at the chosen year.
  func score(_ workspace: Workspace) throws -> (Framework, ScoreResult) {
    let (loaded, sha) = try load()
    return (loaded, try Scoring.run(framework: loaded, sha256: sha, workspace: workspace, year: year))
  }

  /// Loads a framework file (the default when `nil`) and its SHA-256.
  static func load(path: String?) throws -> (Framework, String) {
    let path = try path ?? (ProjectPaths.indicators() + "/frameworks/ram-digital-divide.yaml")
    return (try Framework.load(path: path), try AtomicFile.sha256(path: path))
  }
}

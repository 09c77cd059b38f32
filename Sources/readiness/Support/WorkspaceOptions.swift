import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessPostgres
import ReadinessScoring
import ReadinessStore

/// `--workspace PATH`, defaulting to `READINESS_WORKSPACE` or `./readiness.sqlite`; or
/// `--database postgres://…` (or `READINESS_DATABASE`), the workspace kept in PostgreSQL.
struct WorkspaceOptions: ParsableArguments {
  @Option(name: .long, help: "The workspace database (default: $READINESS_WORKSPACE or ./readiness.sqlite).")
  var workspace: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "A shared PostgreSQL instead of a workspace file (default: $READINESS_DATABASE).",
      valueName: "postgres://USER:PASSWORD@HOST:PORT/DATABASE"))
  var database: String?

  func validate() throws {
    if workspace != nil && database != nil {
      throw ValidationError("--workspace and --database are alternatives: give one of them")
    }
  }

  var path: String {
    if let workspace { return workspace }
    if let env = ProcessInfo.processInfo.environment["READINESS_WORKSPACE"], !env.isEmpty { return env }
    return "readiness.sqlite"
  }

  /// The PostgreSQL database to use: `--database`, or `READINESS_DATABASE` unless `--workspace`
  /// is given; nil for the SQLite workspace.
  func databaseURL() throws(ReadinessError) -> PostgresURL? {
    if let database { return try PostgresURL(database) }
    if workspace == nil, let env = ProcessInfo.processInfo.environment["READINESS_DATABASE"], !env.isEmpty {
      return try PostgresURL(env)
    }
    return nil
  }

  /// The workspace as messages name it: its file, or the database's URL without the password.
  var displayName: String { ((try? databaseURL()) ?? nil)?.description ?? path }

  /// Whether there is a workspace to read (a database is taken to have one: reading it says if not).
  var exists: Bool { ((try? databaseURL()) ?? nil) != nil || FileManager.default.fileExists(atPath: path) }

  /// Opens an existing workspace, failing clearly when there is none yet. With `--database`, the
  /// database's tables copied into a temporary SQLite workspace (removed when the process exits).
  func openExisting() throws -> Workspace {
    if let url = try databaseURL() {
      let path = try TemporaryFolders.shared.make("readiness-pg") + "/workspace.sqlite"
      return try blocking { try await PostgresWorkspace(url: url).materialise(to: path).workspace }
    }
    guard FileManager.default.fileExists(atPath: path) else {
      throw ReadinessError(
        .notFound, "no workspace here yet; import data first (readiness import FILE…) or pass --workspace",
        at: SourceLocation(file: path))
    }
    return try Workspace(path: path)
  }

  /// Runs `body` on the workspace to import into. With `--database`, `body` imports into a
  /// scratch SQLite workspace and what it stored there is copied into PostgreSQL in one
  /// transaction afterwards (also when `body` throws: imports that committed before the error
  /// are kept, as in SQLite); if that copy fails, nothing reaches PostgreSQL.
  func withWorkspaceForWriting<Result>(_ body: (Workspace) throws -> Result) throws -> Result {
    guard let url = try databaseURL() else { return try body(try Workspace(path: path)) }
    let scratch = try TemporaryFolders.shared.make("readiness-pg-import") + "/scratch.sqlite"
    let session = try blocking { try await PostgresWorkspace(url: url).beginImport(scratch: scratch) }
    let outcome = Swift.Result { try body(session.workspace) }
    try blocking { try await session.commit() }
    return try outcome.get()
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

import Foundation
import ReadinessCore
import ReadinessServer
import ReadinessStore

/// Where `serve` and `user add` keep their data: the SQLite workspace (default), or PostgreSQL.
/// The one place that opens a back-end; the PostgreSQL branch fills in `database`.
struct Backend {
  /// The workspace with the open data and dossiers (the PostgreSQL branch decides what stands here for it).
  var workspace: Workspace
  var store: any CollaborationStore
  /// What is served, for the start message and the pages' footers.
  var title: String
  /// Whether it is the bundled snapshot in a temporary workspace (anonymous reading, no accounts).
  var isSnapshot: Bool
  /// Removes temporary files.
  var close: @Sendable () -> Void = {}
}

/// Opens the back-end: `--database URL` (PostgreSQL), else `--workspace FILE` (or its default),
/// else — when `snapshotWhenMissing` and no workspace is named — the bundled snapshot imported
/// into a temporary workspace.
func openBackend(workspace options: WorkspaceOptions, database: String?, snapshotWhenMissing: Bool = false)
  async throws -> Backend
{
  if let database {
    throw ReadinessError(
      .invalidConfiguration,
      "the PostgreSQL back-end is not built in this branch (--database \(database.split(separator: "@").last ?? ""))")
  }
  let named = options.workspace != nil || !(ProcessInfo.processInfo.environment["READINESS_WORKSPACE"] ?? "").isEmpty
  if snapshotWhenMissing && !named {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-serve-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("snapshot.sqlite").path
    let workspace = try ServerDataset.importSnapshot(into: path)
    return Backend(
      workspace: workspace, store: SQLiteCollaborationStore(workspace: workspace),
      title: "bundled data snapshot (no workspace given)", isSnapshot: true,
      close: { try? FileManager.default.removeItem(at: folder) })
  }
  // A server needs data: a workspace that is not there is an error, not a new empty file.
  let workspace = try snapshotWhenMissing ? options.openExisting() : options.open()
  return Backend(
    workspace: workspace, store: SQLiteCollaborationStore(workspace: workspace),
    title: "workspace " + URL(fileURLWithPath: options.path).lastPathComponent, isSnapshot: false)
}

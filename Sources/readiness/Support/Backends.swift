import Foundation
import ReadinessCore
import ReadinessPostgres
import ReadinessServer
import ReadinessStore

/// Where `serve` and `user add` keep their data: the SQLite workspace (default), or PostgreSQL
/// (`--database`, `$READINESS_DATABASE`). The one place that opens a back-end.
struct Backend {
  /// The workspace with the open data and dossiers. With PostgreSQL, its tables copied into a
  /// temporary SQLite workspace when the server starts (the open data is read-only while serving;
  /// live answers, accounts and sessions go to PostgreSQL through ``store``).
  var workspace: Workspace
  var store: any CollaborationStore
  /// What is served, for the start message and the pages' footers (a database without its password).
  var title: String
  /// Whether it is the bundled snapshot in a temporary workspace (anonymous reading, no accounts).
  var isSnapshot: Bool
  /// Closes connections and removes temporary files.
  var close: @Sendable () async -> Void = {}
}

/// Opens the back-end: `--database URL` (PostgreSQL), else `--workspace FILE` (or its default),
/// else — when `snapshotWhenMissing` and no workspace is named — the bundled snapshot imported
/// into a temporary workspace.
func openBackend(workspace options: WorkspaceOptions, snapshotWhenMissing: Bool = false) async throws -> Backend {
  if let url = try options.databaseURL() {
    let path = try TemporaryFolders.shared.make("readiness-pg") + "/workspace.sqlite"
    let workspace = try await PostgresWorkspace(url: url).materialise(to: path).workspace
    let store = try await PostgresCollaborationStore(url: url)
    return Backend(
      workspace: workspace, store: store, title: "database " + url.description, isSnapshot: false,
      close: { await store.close() })
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
  let workspace = try options.openExisting()
  return Backend(
    workspace: workspace, store: SQLiteCollaborationStore(workspace: workspace),
    title: "workspace " + URL(fileURLWithPath: options.path).lastPathComponent, isSnapshot: false)
}

/// The collaboration store alone (for `user add`): PostgreSQL's, migrated if new, or the SQLite
/// workspace's (created if there is none yet, so that accounts can be added before any import).
/// Returns the store, what it is (for messages) and how to close it.
func openCollaborationStore(_ options: WorkspaceOptions) async throws -> (
  store: any CollaborationStore, title: String, close: @Sendable () async -> Void
) {
  if let url = try options.databaseURL() {
    let store = try await PostgresCollaborationStore(url: url)
    return (store, "database " + url.description, { await store.close() })
  }
  let workspace = try Workspace(path: options.path)
  return (SQLiteCollaborationStore(workspace: workspace), "workspace " + options.displayName, {})
}

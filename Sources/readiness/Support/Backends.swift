import ReadinessCore
import ReadinessPostgres

// The collaboration store behind `readiness serve` and `readiness user`, by back-end.
// Branch pg: PostgreSQL only (the SQLite store comes with branch serve; merge the two here).

/// The collaboration store of `--database` (PostgreSQL).
func openCollaborationStore(_ options: WorkspaceOptions) async throws -> any CollaborationStore {
  if let url = try options.databaseURL() {
    return try await PostgresCollaborationStore(url: url)
  }
  throw ReadinessError(
    .invalidConfiguration, "accounts and live answers in a SQLite workspace are not in this branch; use --database")
}

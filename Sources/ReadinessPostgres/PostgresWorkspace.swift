import Foundation
import GRDB
import PostgresNIO
import ReadinessCore
import ReadinessStore

/// The workspace kept in PostgreSQL (`readiness … --database postgres://…`).
///
/// PostgreSQL holds the SQLite workspace's tables row for row. Reads materialise them into a
/// temporary SQLite ``Workspace`` and run the tool's existing code on it; an import runs the
/// existing SQLite import on a scratch workspace holding the small tables, then copies the new
/// rows into PostgreSQL in one PostgreSQL transaction (see ARCHITECTURE.md, "A shared PostgreSQL").
/// So there is one encoder of `series.data` and one read path for both back-ends.
public struct PostgresWorkspace: Sendable {
  /// The database (printed without its password).
  public let url: PostgresURL

  public init(url: PostgresURL) { self.url = url }

  /// Applies the migrations not yet applied; returns their identifiers.
  @discardableResult
  public func migrate() async throws(ReadinessError) -> [String] {
    try await PostgresSession.withConnection(url) { connection throws(ReadinessError) in
      try await PostgresSchema.migrate(connection, url)
    }
  }

  /// What a materialisation copied: rows per table, and how long it took.
  public struct Materialised: Sendable {
    /// The SQLite workspace holding the copy.
    public var workspace: Workspace
    /// Rows copied, by table.
    public var rows: [String: Int]
    public var seconds: Double
  }

  /// Copies every workspace table, as one consistent snapshot (a repeatable-read transaction),
  /// into a new SQLite workspace at `path` (a file that does not exist yet, in a folder the caller
  /// removes afterwards). `.notFound` when nothing was ever imported into the database.
  public func materialise(to path: String) async throws(ReadinessError) -> Materialised {
    let start = Date()
    _ = try Workspace(path: path)
    let queue = try Self.bulkQueue(path)
    let rows = try await PostgresSession.withConnection(url) { connection throws(ReadinessError) in
      try await PostgresSession.transaction(
        connection, url, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
      ) { connection throws(ReadinessError) in
        try await PostgresSchema.checkReadable(connection, url)
        var counts: [String: Int] = [:]
        for spec in TableSpec.all { counts[spec.name] = try await copy(spec, from: connection, into: queue) }
        return counts
      }
    }
    return Materialised(workspace: try Workspace(path: path), rows: rows, seconds: Date().timeIntervalSince(start))
  }

  /// Copies the rows of `spec` (those `filter` selects) into the SQLite database, the series
  /// table a page at a time.
  func copy(
    _ spec: TableSpec, filter: String = "", from connection: PostgresConnection, into queue: DatabaseQueue
  ) async throws(ReadinessError) -> Int {
    guard spec.name == TableSpec.series.name else {
      let rows = try await TableCopy.fetch(spec, filter: filter, from: connection, url)
      try write(queue) { db in try TableCopy.insert(spec, rows, into: db) }
      return rows.count
    }
    var last: Int64 = 0
    var count = 0
    while true {
      let page = try await TableCopy.fetch(
        spec, filter: "id > \(last)" + (filter.isEmpty ? "" : " AND (\(filter))"), limit: 5_000, from: connection, url)
      guard let final = page.last else { return count }
      try write(queue) { db in try TableCopy.insert(spec, page, into: db) }
      count += page.count
      guard case .int64(let id) = final[0].storage else { return count }
      last = id
    }
  }

  func write(_ queue: DatabaseQueue, _ body: (Database) throws -> Void) throws(ReadinessError) {
    do {
      try queue.write(body)
    } catch {
      throw ReadinessError(
        .database, "cannot write the temporary workspace: \(error)", at: SourceLocation(file: queue.path))
    }
  }

  /// A connection to the temporary SQLite file for copying rows: no foreign-key checks (rows come
  /// from a database that checked them) and no syncing (the file is thrown away on a crash).
  static func bulkQueue(_ path: String) throws(ReadinessError) -> DatabaseQueue {
    do {
      var configuration = Configuration()
      configuration.foreignKeysEnabled = false
      configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
      return try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw ReadinessError(.database, "cannot open the temporary workspace: \(error)", at: SourceLocation(file: path))
    }
  }

  /// Starts an import: migrates the database, opens a transaction holding the import lock (imports
  /// into one database run one at a time, as in SQLite), and copies the tables an import reads
  /// (imports, sources, dossiers) into a new SQLite workspace at `scratch`. Import into
  /// ``PostgresImport/workspace`` with the usual code, then ``PostgresImport/commit()`` (or
  /// ``PostgresImport/rollback()``).
  public func beginImport(scratch path: String) async throws(ReadinessError) -> PostgresImport {
    let connection = try await PostgresSession.connect(url)
    do {
      try await PostgresSchema.migrate(connection, url)
      try await PostgresSession.run(connection, url, "BEGIN")
      try await PostgresSession.run(
        connection, url,
        "SELECT pg_advisory_xact_lock(\(PostgresSchema.importLockClass), hashtext(coalesce(current_schema(), '')))")
      _ = try Workspace(path: path)
      let queue = try Self.bulkQueue(path)
      for spec in [TableSpec.imports, .sources, .dossiers] { _ = try await copy(spec, from: connection, into: queue) }
      func highest(_ table: String) async throws(ReadinessError) -> Int64 {
        let rows = try await PostgresSession.rows(connection, url, "SELECT coalesce(max(id), 0) FROM \(table)")
        return (try? rows.first?.decode(Int64.self)) ?? 0
      }
      let marks = PostgresImport.Marks(
        imports: try await highest("imports"), sources: try await highest("sources"),
        dossiers: try await highest("dossiers"))
      return PostgresImport(connection: connection, url: url, workspace: try Workspace(path: path), marks: marks)
    } catch {
      _ = try? await connection.query(PostgresQuery(unsafeSQL: "ROLLBACK"), logger: PostgresSession.logger)
      try? await connection.close()
      throw error
    }
  }
}

/// An import into PostgreSQL under way: a scratch SQLite ``workspace`` to import into with the
/// usual code, and an open PostgreSQL transaction that ``commit()`` fills with the new rows.
/// Owns the connection: call ``commit()`` or ``rollback()`` exactly once.
public final class PostgresImport: Sendable {
  struct Marks: Sendable {
    var imports: Int64
    var sources: Int64
    var dossiers: Int64
  }

  /// Import into this workspace; what it holds beyond the database's rows goes to PostgreSQL.
  public let workspace: Workspace
  let connection: PostgresConnection
  let url: PostgresURL
  let marks: Marks

  init(connection: PostgresConnection, url: PostgresURL, workspace: Workspace, marks: Marks) {
    self.connection = connection
    self.url = url
    self.workspace = workspace
    self.marks = marks
  }

  /// Copies the rows the imports added to the scratch workspace into PostgreSQL and commits, all
  /// in the one transaction: on any error nothing is stored. Returns the rows copied, by table.
  @discardableResult
  public func commit() async throws(ReadinessError) -> [String: Int] {
    do {
      let counts = try await pushNewRows()
      try await PostgresSession.run(connection, url, "COMMIT")
      try? await connection.close()
      return counts
    } catch {
      await rollback()
      throw error
    }
  }

  /// Gives up: nothing of this import reaches PostgreSQL.
  public func rollback() async {
    _ = try? await connection.query(PostgresQuery(unsafeSQL: "ROLLBACK"), logger: PostgresSession.logger)
    try? await connection.close()
  }

  private func pushNewRows() async throws(ReadinessError) -> [String: Int] {
    let queue = try PostgresWorkspace.bulkQueue(workspace.path)
    func read(_ spec: TableSpec, _ filter: String, limit: Int? = nil) throws(ReadinessError) -> [Row] {
      do {
        return try queue.read { db in
          try Row.fetchAll(
            db,
            sql: "SELECT \(spec.columnList) FROM \(spec.name) WHERE \(filter) ORDER BY \(spec.order)"
              + (limit.map { " LIMIT \($0)" } ?? ""))
        }
      } catch {
        throw ReadinessError(
          .database, "cannot read the scratch workspace: \(error)", at: SourceLocation(file: queue.path))
      }
    }
    let (imports, sources, dossiers) = (marks.imports, marks.sources, marks.dossiers)
    var counts: [String: Int] = [:]
    counts["imports"] = try await TableCopy.push(.imports, rows: read(.imports, "id > \(imports)"), to: connection, url)
    counts["sources"] = try await TableCopy.push(.sources, rows: read(.sources, "id > \(sources)"), to: connection, url)
    // Series a page at a time; PostgreSQL numbers them (its identity column), in file order.
    var last: Int64 = 0
    var series = 0
    while true {
      let page = try read(.series, "import_id > \(imports) AND id > \(last)", limit: 5_000)
      guard let final = page.last else { break }
      series += try await TableCopy.push(.series, rows: page, skipping: ["id"], to: connection, url)
      last = final["id"]
    }
    counts["series"] = series
    counts["classifications"] = try await TableCopy.push(
      .classifications, rows: read(.classifications, "import_id > \(imports)"), to: connection, url)
    counts["indicator_names"] = try await TableCopy.push(
      .indicatorNames, rows: read(.indicatorNames, "import_id > \(imports)"),
      conflict: "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, import_id = EXCLUDED.import_id",
      to: connection, url)
    // New dossiers first without their successor, then every successor of their countries.
    let newDossiers = try read(.dossiers, "id > \(dossiers)")
    counts["dossiers"] = try await TableCopy.push(
      .dossiers, rows: newDossiers, skipping: ["superseded_by"], to: connection, url)
    counts["dossier_answers"] = try await TableCopy.push(
      .dossierAnswers, rows: read(.dossierAnswers, "dossier_id > \(dossiers)"), to: connection, url)
    let countries = Set(newDossiers.map { $0["country"] as String })
    for country in countries.sorted() {
      let escaped = country.replacingOccurrences(of: "'", with: "''")
      for row in try read(.dossiers, "country = '\(escaped)'") {
        var binds = PostgresBindings()
        binds.append(row["id"] as Int64)
        if let next = row["superseded_by"] as Int64? { binds.append(next) } else { binds.appendNull() }
        try await PostgresSession.run(connection, url, "UPDATE dossiers SET superseded_by = $2 WHERE id = $1", binds)
      }
    }
    return counts
  }
}

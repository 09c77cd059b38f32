import Foundation
import GRDB
import ReadinessCore

/// The SQLite workspace: imported files, their sources and their observations.
///
/// One import is one transaction: if the importer throws, nothing of that file remains.
/// Re-importing a file with the same SHA-256 adds nothing. When the same country,
/// indicator and period come from several imports, ``latestObservations(indicators:)``
/// picks the newest vintage (then the latest import).
public struct Workspace: Sendable {
  private let queue: DatabaseQueue
  /// The database file.
  public let path: String

  /// Opens (creating if needed) the workspace at `path`.
  public init(path: String) throws(ReadinessError) {
    self.path = path
    do {
      var configuration = Configuration()
      configuration.foreignKeysEnabled = true
      configuration.prepareDatabase { db in
        // A 16 MiB page cache keeps the observation index's hot pages in memory during imports while the
        // whole process stays under 100 MB however large the file.
        try db.execute(sql: "PRAGMA cache_size = -16384")
      }
      queue = try DatabaseQueue(path: path, configuration: configuration)
      try Workspace.migrator.migrate(queue)
    } catch {
      throw ReadinessError(
        .database, "cannot open the workspace: \(Workspace.describe(error))", at: SourceLocation(file: path))
    }
  }

  static func describe(_ error: any Error) -> String {
    if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
    return "\(error)"
  }

  private static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            options TEXT NOT NULL,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            observations INTEGER NOT NULL,
            report TEXT NOT NULL,
            UNIQUE (sha256, options)
          );
          CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            publisher TEXT NOT NULL,
            dataset TEXT, licence TEXT, vintage TEXT, file TEXT, url TEXT, retrieved TEXT
          );
          CREATE TABLE observations (
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            source_id INTEGER REFERENCES sources(id),
            country TEXT NOT NULL,
            area_kind TEXT NOT NULL,
            indicator TEXT NOT NULL,
            period TEXT NOT NULL,
            year INTEGER,
            value REAL NOT NULL,
            unit TEXT, status TEXT, note TEXT,
            location TEXT NOT NULL
          );
          CREATE INDEX observations_by_indicator ON observations(indicator, country, year);
          CREATE TABLE classifications (
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            country TEXT NOT NULL, scheme TEXT NOT NULL, value TEXT NOT NULL
          );
          CREATE TABLE indicator_names (
            code TEXT PRIMARY KEY, name TEXT NOT NULL,
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE
          );
          """)
    }
    return migrator
  }

  /// Imports one file in one transaction.
  ///
  /// - Parameters:
  ///   - file: the file as the user named it.
  ///   - sha256: the file's digest; a file already imported is skipped.
  ///   - bulk: drop the observation index while inserting and rebuild it at the end (faster for
  ///     files that add many rows relative to what the workspace holds).
  ///   - body: runs the importer, sending each observation to the sink, and returns its report.
  /// - Returns: the report, with ``ImportReport/alreadyImported`` set when nothing was done.
  /// - Throws: whatever `body` throws (the transaction is rolled back), or a database error.
  public func importFile(
    file: String, sha256: String, format: String, options: String = "", bulk: Bool = false,
    body: @escaping (ObservationWriter) throws -> ImportReport
  ) throws -> ImportReport {
    try importFiles([ImportRequest(file: file, sha256: sha256, format: format, options: options, bulk: bulk, body: body)])[0]
  }

  /// One file of ``importFiles(_:)``.
  public struct ImportRequest {
    public var file: String
    public var sha256: String
    public var format: String
    /// The import options that change the result (format, indicator map, provenance overrides):
    /// the same bytes imported with other options are a different import.
    public var options: String
    public var bulk: Bool
    public var body: (ObservationWriter) throws -> ImportReport

    public init(
      file: String, sha256: String, format: String, options: String = "", bulk: Bool = false,
      body: @escaping (ObservationWriter) throws -> ImportReport
    ) {
      self.file = file
      self.sha256 = sha256
      self.format = format
      self.options = options
      self.bulk = bulk
      self.body = body
    }
  }

  /// Imports several files in one transaction: all of them, or (on any error) none.
  /// `readiness fetch` uses it so that the pages of one series land together.
  public func importFiles(_ requests: [ImportRequest]) throws -> [ImportReport] {
    do {
      return try queue.write { db in
        try requests.map { request in try importOne(db, request) }
      }
    } catch let error as ReadinessError {
      throw error
    } catch let error as DatabaseError {
      throw ReadinessError(.database, Workspace.describe(error), at: SourceLocation(file: path))
    }
  }

  private func importOne(_ db: Database, _ request: ImportRequest) throws -> ImportReport {
        let (file, sha256, format, bulk, body) = (request.file, request.sha256, request.format, request.bulk, request.body)
        if let existing = try String.fetchOne(
          db, sql: "SELECT file FROM imports WHERE sha256 = ? AND options = ?", arguments: [sha256, request.options])
        {
          var report = ImportReport(file: file, format: format, source: SourceInfo(publisher: ""))
          report.alreadyImported = true
          report.warnings.append("identical to \(existing), already imported with the same options; nothing added")
          return report
        }
        let now = ISO8601DateFormatter().string(from: Date())
        try db.execute(
          sql: "INSERT INTO imports (file, sha256, options, format, imported_at, observations, report) VALUES (?, ?, ?, ?, ?, 0, '{}')",
          arguments: [file, sha256, request.options, format, now])
        let importID = db.lastInsertedRowID
        // A large file is faster without the index, rebuilt in one sorted pass at the end (still
        // inside the transaction, so a failure restores it with everything else).
        if bulk { try db.execute(sql: "DROP INDEX IF EXISTS observations_by_indicator") }
        let writer = ObservationWriter(db: db, importID: importID)
        let report = try body(writer)
        let defaultSource = try writer.sourceID(for: report.source)
        try db.execute(
          sql: "UPDATE observations SET source_id = ? WHERE import_id = ? AND source_id IS NULL",
          arguments: [defaultSource, importID])
        for classification in report.classifications {
          try db.execute(
            sql: "INSERT INTO classifications (import_id, country, scheme, value) VALUES (?, ?, ?, ?)",
            arguments: [importID, classification.country, classification.scheme, classification.value])
        }
        for (code, name) in report.indicatorNames {
          try db.execute(
            sql: "INSERT OR REPLACE INTO indicator_names (code, name, import_id) VALUES (?, ?, ?)",
            arguments: [code, name, importID])
        }
        if bulk {
          try db.execute(sql: "CREATE INDEX observations_by_indicator ON observations(indicator, country, year)")
        }
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        try db.execute(
          sql: "UPDATE imports SET observations = ?, report = ?, format = ? WHERE id = ?",
          arguments: [report.observations, json, report.format, importID])
        return report
  }

  /// Stored observations matching the filters, sorted by country, indicator, period.
  ///
  /// - Parameters:
  ///   - countries: alpha-3 codes (or aggregate codes); empty means all.
  ///   - indicators: indicator codes; empty means all.
  ///   - year: only this year.
  ///   - kinds: kinds of area to include.
  public func observations(
    countries: [String] = [], indicators: [String] = [], year: Int? = nil,
    kinds: Set<AreaKind> = Set(AreaKind.allCases)
  ) throws(ReadinessError) -> [StoredObservation] {
    var clauses: [String] = []
    var arguments: [any DatabaseValueConvertible] = []
    if !countries.isEmpty {
      clauses.append("o.country IN (\(Array(repeating: "?", count: countries.count).joined(separator: ",")))")
      arguments += countries.map { $0 as any DatabaseValueConvertible }
    }
    if !indicators.isEmpty {
      clauses.append("o.indicator IN (\(Array(repeating: "?", count: indicators.count).joined(separator: ",")))")
      arguments += indicators.map { $0 as any DatabaseValueConvertible }
    }
    if let year {
      clauses.append("o.year = ?")
      arguments.append(year)
    }
    clauses.append("o.area_kind IN (\(kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")))")
    let sql = """
      SELECT o.import_id, o.country, o.area_kind, o.indicator, o.period, o.value, o.unit, o.status, o.note, o.location,
             s.publisher, s.dataset, s.licence, s.vintage, s.file, s.url, s.retrieved
      FROM observations o JOIN sources s ON s.id = o.source_id
      WHERE \(clauses.joined(separator: " AND "))
      ORDER BY o.country, o.indicator, o.period, o.import_id
      """
    do {
      return try queue.read { db in
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
          let source = SourceInfo(
            publisher: row["publisher"], dataset: row["dataset"], licence: row["licence"], vintage: row["vintage"],
            file: row["file"], url: row["url"], retrieved: row["retrieved"])
          let observation = Observation(
            country: row["country"], areaKind: AreaKind(rawValue: row["area_kind"]) ?? .unmatched,
            indicator: row["indicator"], period: row["period"], value: row["value"], unit: row["unit"],
            status: row["status"], note: row["note"], location: row["location"], source: source)
          return StoredObservation(observation: observation, source: source, importID: row["import_id"])
        }
      }
    } catch {
      throw ReadinessError(.database, Workspace.describe(error), at: SourceLocation(file: path))
    }
  }

  /// Country observations of the given indicators with duplicates resolved: for each
  /// (country, indicator, period) the newest vintage wins, then the latest import.
  public func latestObservations(indicators: [String]) throws(ReadinessError) -> [StoredObservation] {
    let all = try observations(indicators: indicators, kinds: [.country])
    var best: [String: StoredObservation] = [:]
    for stored in all {
      let key = stored.observation.country + "\u{1}" + stored.observation.indicator + "\u{1}" + stored.observation.period
      if let current = best[key] {
        let newer =
          (Workspace.vintageKey(stored.source.vintage), stored.importID)
          > (Workspace.vintageKey(current.source.vintage), current.importID)
        if newer { best[key] = stored }
      } else {
        best[key] = stored
      }
    }
    return best.values.sorted {
      ($0.observation.country, $0.observation.indicator, $0.observation.period)
        < ($1.observation.country, $1.observation.indicator, $1.observation.period)
    }
  }

  /// A sortable form of a vintage: ISO dates and their prefixes (`2022`, `2024-06`,
  /// `2021-09-27`) compare as dates; anything else (`01/03/2023`, free text) counts as unknown
  /// and loses to any dated vintage.
  static func vintageKey(_ vintage: String?) -> String {
    guard let vintage else { return "" }
    let pattern = #"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"#
    guard let range = vintage.range(of: pattern, options: .regularExpression) else { return "" }
    return String(vintage[range])
  }

  /// How many rows each table holds (diagnostics and tests).
  public func tableCounts() throws(ReadinessError) -> [String: Int] {
    do {
      return try queue.read { db in
        var counts: [String: Int] = [:]
        for table in ["imports", "sources", "observations", "classifications", "indicator_names"] {
          counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
        }
        return counts
      }
    } catch {
      throw ReadinessError(.database, Workspace.describe(error), at: SourceLocation(file: path))
    }
  }

  /// Indicator names recorded by imports (code → name).
  public func indicatorNames() throws(ReadinessError) -> [String: String] {
    do {
      return try queue.read { db in
        var names: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, name FROM indicator_names") {
          names[row["code"]] = row["name"]
        }
        return names
      }
    } catch {
      throw ReadinessError(.database, Workspace.describe(error), at: SourceLocation(file: path))
    }
  }

  /// The imports recorded, oldest first.
  public func imports() throws(ReadinessError) -> [ImportRecord] {
    do {
      return try queue.read { db in
        try Row.fetchAll(db, sql: "SELECT id, file, sha256, format, imported_at, observations FROM imports ORDER BY id")
          .map {
            ImportRecord(
              id: $0["id"], file: $0["file"], sha256: $0["sha256"], format: $0["format"],
              importedAt: $0["imported_at"], observations: $0["observations"])
          }
      }
    } catch {
      throw ReadinessError(.database, Workspace.describe(error), at: SourceLocation(file: path))
    }
  }

  /// Total stored observations (all kinds of area).
  public func observationCount() throws(ReadinessError) -> Int {
    do {
      return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations") ?? 0 }
    } catch {
      throw ReadinessError(.database, Workspace.describe(error), at: SourceLocation(file: path))
    }
  }
}

/// A stored observation with its resolved source.
public struct StoredObservation: Sendable, Hashable {
  public var observation: Observation
  public var source: SourceInfo
  public var importID: Int64
}

/// One recorded import.
public struct ImportRecord: Sendable, Hashable {
  public var id: Int64
  public var file: String
  public var sha256: String
  public var format: String
  public var importedAt: String
  public var observations: Int
}

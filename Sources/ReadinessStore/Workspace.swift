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
  let queue: DatabaseQueue
  /// The database file.
  public let path: String
  /// How long this workspace waits for another process's write before it gives up.
  public let busyTimeout: TimeInterval

  /// How long a command waits for a workspace another process is writing before it gives up.
  public static let busyTimeout: TimeInterval = 10

  /// Opens (creating if needed) the workspace at `path`.
  ///
  /// The workspace is in WAL mode, so that commands reading it (observations, score, profile)
  /// go on while an import writes it; a second writer waits up to ``busyTimeout`` for the
  /// first, and then fails naming the processes that hold the file.
  ///
  /// - Throws: ``ReadinessError`` `database`, among others when the workspace was written by a
  ///   newer readiness (a format this one does not know), which is never written to.
  public init(path: String, busyTimeout: TimeInterval = Workspace.busyTimeout) throws(ReadinessError) {
    self.path = path
    self.busyTimeout = busyTimeout
    do {
      var configuration = Configuration()
      configuration.foreignKeysEnabled = true
      configuration.busyMode = .timeout(busyTimeout)
      configuration.prepareDatabase { db in
        // A 16 MiB page cache keeps the observation index's hot pages in memory during imports while the
        // whole process stays under 100 MB however large the file.
        try db.execute(sql: "PRAGMA cache_size = -16384")
        // Readers see the last committed state while an import writes (a no-op when already WAL).
        // A workspace that cannot switch (a read-only file or folder) is read in the mode it has.
        if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
          try? db.execute(sql: "PRAGMA journal_mode = WAL")
        }
      }
      queue = try DatabaseQueue(path: path, configuration: configuration)
      let migrator = Workspace.migrator
      let (superseded, complete, applied) = try queue.read { db in
        (
          try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db),
          try migrator.appliedIdentifiers(db)
        )
      }
      if superseded {
        throw ReadinessError(
          .database,
          "the workspace is in format \(Workspace.formatName(of: applied)), written by a newer readiness; this one "
            + "reads and writes format \(Workspace.formatName(of: Set(migrator.migrations))) and leaves it untouched "
            + "(use the newer readiness, or another --workspace)",
          at: SourceLocation(file: path))
      }
      // Only a workspace that needs it is migrated: that takes the write lock, which reading must not wait for.
      if !complete { try migrator.migrate(queue) }
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(
        .database, "cannot open the workspace: \(Workspace.describe(error, path: path, timeout: busyTimeout))",
        at: SourceLocation(file: path))
    }
  }

  /// The format a set of applied migrations stands for: `v3` for `v1`, `v2 series`, `v3 series
  /// line`, the highest `vN` among them (and any identifiers that do not read so, listed).
  static func formatName(of identifiers: Set<String>) -> String {
    let numbers = identifiers.compactMap { identifier -> Int? in
      guard identifier.hasPrefix("v") else { return nil }
      return Int(identifier.dropFirst().prefix { $0.isNumber })
    }
    let others = identifiers.filter { id in !(id.hasPrefix("v") && id.dropFirst().first?.isNumber == true) }.sorted()
    var name = numbers.max().map { "v\($0)" } ?? "unknown"
    if !others.isEmpty { name += " (with " + others.joined(separator: ", ") + ")" }
    return name
  }

  func describe(_ error: any Error) -> String { Workspace.describe(error, path: path, timeout: busyTimeout) }

  static func describe(_ error: any Error, path: String, timeout: TimeInterval) -> String {
    guard let error = error as? DatabaseError else { return "\(error)" }
    let message = error.message ?? "\(error.resultCode)"
    guard error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED else { return message }
    let holders = Workspace.processesHolding(path)
    return message
      + " after waiting \(timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)) s: another process is writing it"
      + (holders.isEmpty ? "" : " (" + holders.joined(separator: "; ") + ")")
      + "; try again when it has finished"
  }

  /// The other processes that have the workspace (or its WAL files) open, as `pid N: command
  /// line`, read from /proc where there is one (Linux); empty elsewhere or when unreadable.
  static func processesHolding(_ path: String) -> [String] {
    let manager = FileManager.default
    let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    let names = Set([target, target + "-wal", target + "-shm", target + "-journal"])
    guard let pids = try? manager.contentsOfDirectory(atPath: "/proc") else { return [] }
    let own = ProcessInfo.processInfo.processIdentifier
    var found: [String] = []
    for pid in pids.compactMap(Int32.init).sorted() where pid != own {
      guard let fds = try? manager.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { continue }
      let holds = fds.contains { fd in
        (try? manager.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")).map(names.contains) ?? false
      }
      guard holds else { continue }
      let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
      let command = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
      found.append("pid \(pid): " + escapingControlCharacters(command.isEmpty ? "?" : String(command.prefix(200))))
      if found.count == 5 { break }
    }
    return found
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
    migrator.registerMigration("v2 series") { db in
      // One row per series (or per run of up to 4,096 values of one) instead of one per value; see
      // `SeriesData`. Rows of a v1 workspace are moved over, file order kept, by the frozen encoder.
      try FrozenMigrations.v2Series(db)
    }
    migrator.registerMigration("v3 series line") { db in
      // A row's line stored once (its elements leave it out); rows written before keep their
      // elements' lines and read as before.
      try FrozenMigrations.v3SeriesLine(db)
    }
    migrator.registerMigration("v4 dossiers") { db in
      try db.execute(sql: Workspace.dossierSchema)
    }
    migrator.registerMigration("v5 collaboration") { db in
      try db.execute(sql: Workspace.collaborationSchema)
    }
    return migrator
  }

  /// Imports one file in one transaction.
  ///
  /// - Parameters:
  ///   - file: the file as the user named it.
  ///   - sha256: the file's digest; a file already imported is skipped.
  ///   - body: runs the importer, sending each observation to the sink, and returns its report.
  /// - Returns: the report, with ``ImportReport/alreadyImported`` set when nothing was done.
  /// - Throws: whatever `body` throws (the transaction is rolled back), or a database error.
  public func importFile(
    file: String, sha256: String, format: String, options: String = "",
    body: @escaping (ObservationWriter) throws -> ImportReport
  ) throws -> ImportReport {
    try importFiles([ImportRequest(file: file, sha256: sha256, format: format, options: options, body: body)])[0]
  }

  /// One file of ``importFiles(_:)``.
  public struct ImportRequest {
    public var file: String
    /// The file's size in bytes, when known.
    public var size: Int?
    /// The file's SHA-256 in hex. Asked for before the import when an earlier import with the
    /// same options has the same size (or the size is unknown), so that a file already imported
    /// is skipped; otherwise only after the importer has run, so the caller may compute it
    /// while the file is being read.
    public var digest: () throws -> String
    public var format: String
    /// The import options that change the result (format, indicator map, provenance overrides):
    /// the same bytes imported with other options are a different import.
    public var options: String
    public var body: (ObservationWriter) throws -> ImportReport

    public init(
      file: String, size: Int?, digest: @escaping () throws -> String, format: String, options: String = "",
      body: @escaping (ObservationWriter) throws -> ImportReport
    ) {
      self.file = file
      self.size = size
      self.digest = digest
      self.format = format
      self.options = options
      self.body = body
    }

    /// A request whose digest is already known.
    public init(
      file: String, sha256: String, format: String, options: String = "",
      body: @escaping (ObservationWriter) throws -> ImportReport
    ) {
      self.init(file: file, size: nil, digest: { sha256 }, format: format, options: options, body: body)
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
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
    }
  }

  private func importOne(_ db: Database, _ request: ImportRequest) throws -> ImportReport {
    let (file, format, body) = (request.file, request.format, request.body)
    func alreadyImported(_ sha256: String) throws -> ImportReport? {
      guard
        let existing = try String.fetchOne(
          db, sql: "SELECT file FROM imports WHERE sha256 = ? AND options = ?", arguments: [sha256, request.options])
      else { return nil }
      var report = ImportReport(file: file, format: format, source: SourceInfo(publisher: ""))
      report.alreadyImported = true
      report.warnings.append("identical to \(existing), already imported with the same options; nothing added")
      return report
    }
    // Only a file of the same size can be identical: otherwise the digest may wait.
    var sha256: String?
    let sameSize =
      try request.size.map { size in
        try Bool.fetchOne(
          db, sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE options = ? AND (bytes = ? OR bytes IS NULL))",
          arguments: [request.options, size]) ?? true
      } ?? true
    if sameSize {
      let digest = try request.digest()
      if let report = try alreadyImported(digest) { return report }
      sha256 = digest
    }
    let now = ISO8601DateFormatter().string(from: Date())
    // Until the digest is known the row holds a placeholder (imports run one at a time).
    try db.execute(
      sql: """
        INSERT INTO imports (file, sha256, options, format, imported_at, observations, report, bytes)
        VALUES (?, ?, ?, ?, ?, 0, '{}', ?)
        """,
      arguments: [file, sha256 ?? "pending", request.options, format, now, request.size])
    let importID = db.lastInsertedRowID
    // The import's own source is known only at the end (publishers state it anywhere in a
    // file): rows name a placeholder source row, completed afterwards. Setting the source of
    // every row at the end instead rewrote each row with its values (a fifth of an import).
    try db.execute(
      sql: "INSERT INTO sources (key, publisher) VALUES (?, '')", arguments: ["pending import \(importID)"])
    let placeholder = db.lastInsertedRowID
    let writer = try ObservationWriter(db: db, importID: importID)
    writer.defaultSourceID = placeholder
    let report: ImportReport
    do {
      report = try body(writer)
      try writer.finish()
    } catch {
      // Let the writer's thread stop before the transaction is rolled back.
      writer.abandon()
      throw error
    }
    // Provenance keeps the file's name, not the importing machine's folders.
    let source = report.source.withPublicFileName
    let key = ObservationWriter.key(for: source)
    if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE key = ?", arguments: [key]) {
      // The same source is stored already (an earlier import of a file at the same path):
      // this import's rows point at that row.
      try db.execute(
        sql: "UPDATE series SET source_id = ? WHERE import_id = ? AND source_id = ?",
        arguments: [existing, importID, placeholder])
      try db.execute(sql: "DELETE FROM sources WHERE id = ?", arguments: [placeholder])
    } else {
      try db.execute(
        sql: """
          UPDATE sources SET key = ?, publisher = ?, dataset = ?, licence = ?, vintage = ?, file = ?, url = ?,
            retrieved = ? WHERE id = ?
          """,
        arguments: [
          key, source.publisher, source.dataset, source.licence, source.vintage, source.file, source.url,
          source.retrieved, placeholder,
        ])
    }
    if let dossier = writer.dossier { try Workspace.store(dossier, importID: importID, db: db) }
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
    let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    try db.execute(
      sql: "UPDATE imports SET observations = ?, report = ?, format = ?, sha256 = ? WHERE id = ?",
      arguments: [report.observations, json, report.format, try sha256 ?? request.digest(), importID])
    return report
  }

  /// Stored observations matching the filters, sorted by country, indicator, period (then import
  /// and position in the file).
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
    var found: [StoredObservation] = []
    try forEachObservation(countries: countries, indicators: indicators, year: year, kinds: kinds) { found.append($0) }
    return found
  }

  /// Country observations of the given indicators with duplicates resolved: for each
  /// (country, indicator, period) the newest vintage wins, then the latest import. A recorded
  /// deletion (``Observation/isDeletion``, an SDMX-CSV `ACTION=D` row) hides every value stored
  /// for its key before it (earlier imports, earlier lines of its own), whatever their vintage; a
  /// value imported after it counts again. The hidden values stay stored (`observations`).
  public func latestObservations(indicators: [String]) throws(ReadinessError) -> [StoredObservation] {
    var found: [StoredObservation] = []
    try forEachObservation(indicators: indicators, kinds: [.country], newestOnly: true) { found.append($0) }
    return found
  }

  /// Streams the stored observations matching the filters to `body` in the order of
  /// ``observations(countries:indicators:year:kinds:)``, holding one (country, indicator) group in
  /// memory at a time: SQLite returns the series rows ordered by country and indicator (bytes, as
  /// `BINARY` collation compares), and each group is sorted by period here. With `newestOnly`, each
  /// (country, indicator, period) gives only the value ``latestObservations(indicators:)`` would
  /// keep. `body` runs on the calling thread, inside the read.
  public func forEachObservation(
    countries: [String] = [], indicators: [String] = [], year: Int? = nil,
    kinds: Set<AreaKind> = Set(AreaKind.allCases), newestOnly: Bool = false, _ body: (StoredObservation) -> Void
  ) throws(ReadinessError) {
    var clauses: [String] = []
    var arguments: [any DatabaseValueConvertible] = []
    if !countries.isEmpty {
      clauses.append("s.country IN (\(Array(repeating: "?", count: countries.count).joined(separator: ",")))")
      arguments += countries.map { $0 as any DatabaseValueConvertible }
    }
    if !indicators.isEmpty {
      clauses.append("s.indicator IN (\(Array(repeating: "?", count: indicators.count).joined(separator: ",")))")
      arguments += indicators.map { $0 as any DatabaseValueConvertible }
    }
    clauses.append("s.area_kind IN (\(kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")))")
    let sql = """
      SELECT s.id, s.import_id, s.country, s.area_kind, s.indicator, s.unit, s.path, s.line, s.data,
             src.publisher, src.dataset, src.licence, src.vintage, src.file, src.url, src.retrieved
      FROM series s JOIN sources src ON src.id = s.source_id
      WHERE \(clauses.joined(separator: " AND "))
      ORDER BY s.country, s.indicator, s.import_id, s.id
      """
    // One (country, indicator) group, in import and file order.
    var group: [StoredObservation] = []
    func flush() {
      guard !group.isEmpty else { return }
      // Byte order of the period, as SQLite's ORDER BY on text would give; a stable sort keeps
      // import and file order within a period.
      let sorted = Workspace.stableSorted(group) { a, b in
        a.observation.period.utf8.lexicographicallyPrecedes(b.observation.period.utf8)
      }
      group.removeAll(keepingCapacity: true)
      guard newestOnly else {
        for stored in sorted { body(stored) }
        return
      }
      var start = 0
      while start < sorted.count {
        let period = sorted[start].observation.period
        var end = start
        var best: StoredObservation?
        while end < sorted.count, sorted[end].observation.period == period {
          let stored = sorted[end]
          if stored.observation.isDeletion {
            best = nil
          } else if let current = best {
            let newer =
              (Workspace.vintageKey(stored.source.vintage), stored.importID)
              > (Workspace.vintageKey(current.source.vintage), current.importID)
            if newer { best = stored }
          } else {
            best = stored
          }
          end += 1
        }
        if let best { body(best) }
        start = end
      }
    }
    do {
      try queue.read { db in
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        var key: (country: String, indicator: String)?
        while let row = try rows.next() {
          let source = SourceInfo(
            publisher: row["publisher"], dataset: row["dataset"], licence: row["licence"], vintage: row["vintage"],
            file: (row["file"] as String?).map(SourceInfo.publicFileName), url: row["url"], retrieved: row["retrieved"])
          let id: Int64 = row["id"]
          let country: String = row["country"]
          let kind = AreaKind(rawValue: row["area_kind"]) ?? .unmatched
          let indicator: String = row["indicator"]
          if let key, key.country != country || key.indicator != indicator { flush() }
          key = (country, indicator)
          let unit: String? = row["unit"]
          let importID: Int64 = row["import_id"]
          let data: String = row["data"]
          let elements: [SeriesData.Element]
          do {
            elements = try SeriesData.decode(Array(data.utf8), path: row["path"], line: row["line"])
          } catch let error as SeriesData.CorruptData {
            throw ReadinessError(
              .database, "series \(id) is damaged: at byte \(error.offset) of its data, expected \(error.expected)",
              at: SourceLocation(file: path))
          }
          for element in elements {
            if let year, Observation.year(of: element.period) != year { continue }
            let observation = Observation(
              country: country, areaKind: kind, indicator: indicator, period: element.period, value: element.value,
              unit: unit, status: element.status, note: element.note, position: element.position, source: source)
            group.append(StoredObservation(observation: observation, source: source, importID: importID))
          }
        }
        flush()
      }
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
    }
  }

  /// `items` sorted by `before`, equal items keeping their order.
  static func stableSorted<T>(_ items: [T], by before: (T, T) -> Bool) -> [T] {
    items.enumerated().sorted { x, y in
      if before(x.element, y.element) { return true }
      if before(y.element, x.element) { return false }
      return x.offset < y.offset
    }.map(\.element)
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
        for table in ["imports", "sources", "series", "classifications", "indicator_names"] {
          counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
        }
        counts["observations"] = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(n), 0) FROM series") ?? 0
        return counts
      }
    } catch {
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
    }
  }

  /// The indicator codes stored that start with `prefix` (e.g. the `benchmark:` series), sorted.
  public func indicatorCodes(prefix: String) throws(ReadinessError) -> [String] {
    do {
      return try queue.read { db in
        try String.fetchAll(
          db, sql: "SELECT DISTINCT indicator FROM series WHERE substr(indicator, 1, ?) = ? ORDER BY indicator",
          arguments: [prefix.count, prefix])
      }
    } catch {
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
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
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
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
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
    }
  }

  /// Total stored observations (all kinds of area).
  public func observationCount() throws(ReadinessError) -> Int {
    do {
      return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(n), 0) FROM series") ?? 0 }
    } catch {
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
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

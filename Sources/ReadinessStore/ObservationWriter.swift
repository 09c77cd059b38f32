import GRDB
import GRDBSQLite
import ReadinessCore

/// Writes observations of one import inside its transaction. Handed to the importer's sink.
///
/// Consecutive observations of one series (same source, area, indicator, unit and, for XML, the
/// same series element) are stored together as one `series` row whose `data` column is a JSON
/// array of `[period, value, status, note, position…]` (see ``SeriesData``): an SDMX series or a
/// World Bank CSV line costs one SQLite row rather than one per value, and the provenance is
/// stored once. The `observations` view unnests the rows for anyone reading the workspace
/// with SQL.
///
/// A class because it holds the open series, cached statements and source ids for the life of
/// one transaction.
public final class ObservationWriter {
  private let db: Database
  private let importID: Int64
  private var sourceIDs: [SourceInfo: Int64] = [:]
  private var insert: Statement?
  /// The series being filled: one stored property, so that appending a value is one access.
  private var series = OpenSeries()
  /// Observations stored (after the last ``finish()``, all of them).
  private(set) var written = 0

  /// The most values one row holds; a longer series continues in another row.
  static let maxValuesPerRow = 4096

  /// The open series' key, kept in plain stored properties so that comparing an observation with
  /// it reads them in place (an optional key struct was copied on every check).
  struct OpenSeries {
    var isOpen = false
    var source: Int64?
    var country = ""
    var kind = AreaKind.country
    var indicator = ""
    var unit: String?
    var path: String?
    var data = SeriesData.Encoder()

    /// Whether `observation` belongs to the open series (and the row has room).
    func continues(with observation: Observation, source: Int64?, path: String?) -> Bool {
      isOpen && data.count < ObservationWriter.maxValuesPerRow && self.source == source
        && country == observation.country && indicator == observation.indicator && kind == observation.areaKind
        && unit == observation.unit && self.path == path
    }

    mutating func open(_ observation: Observation, source: Int64?, path: String?) {
      isOpen = true
      self.source = source
      country = observation.country
      kind = observation.areaKind
      indicator = observation.indicator
      unit = observation.unit
      self.path = path
    }
  }

  init(db: Database, importID: Int64) {
    self.db = db
    self.importID = importID
  }

  /// Stores one observation.
  public func write(_ observation: Observation) throws {
    let source: Int64? = try observation.source.map { try self.sourceID(for: $0) }
    try write(observation, sourceID: source)
  }

  func write(_ observation: Observation, sourceID source: Int64?) throws {
    let path: String?
    if case .element(let elementPath, _, _) = observation.position { path = elementPath } else { path = nil }
    if !series.continues(with: observation, source: source, path: path) {
      try flush()
      series.open(observation, source: source, path: path)
    }
    series.data.append(
      period: observation.period, value: observation.value, status: observation.status, note: observation.note,
      position: observation.position)
  }

  /// Writes the open series row. Called by the workspace when the importer is done.
  func finish() throws { try flush() }

  private func flush() throws {
    guard series.isOpen, series.data.count > 0 else { return }
    if insert == nil {
      insert = try db.makeStatement(
        sql: """
          INSERT INTO series (import_id, source_id, country, area_kind, indicator, unit, path, n, data)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
    }
    guard let statement = insert?.sqliteStatement else { return }
    sqlite3_reset(statement)
    sqlite3_bind_int64(statement, 1, importID)
    if let source = series.source { sqlite3_bind_int64(statement, 2, source) } else { sqlite3_bind_null(statement, 2) }
    bind(statement, 3, series.country)
    bind(statement, 4, series.kind.rawValue)
    bind(statement, 5, series.indicator)
    bind(statement, 6, series.unit)
    bind(statement, 7, series.path)
    let count = series.data.count
    sqlite3_bind_int64(statement, 8, Int64(count))
    let code = series.data.finish { bytes in
      sqlite3_bind_text(
        statement, 9, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
        ObservationWriter.transient)
      return sqlite3_step(statement)
    }
    guard code == SQLITE_DONE else {
      let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
      throw ReadinessError(.database, "cannot store a series: \(message)")
    }
    written += count
    series.data.reset()
    series.isOpen = false
  }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
    guard var text else {
      sqlite3_bind_null(statement, index)
      return
    }
    if text.isEmpty {
      sqlite3_bind_text(statement, index, "", 0, ObservationWriter.transient)
      return
    }
    text.withUTF8 { bytes in
      _ = bytes.withMemoryRebound(to: CChar.self) { chars in
        sqlite3_bind_text(statement, index, chars.baseAddress, Int32(chars.count), ObservationWriter.transient)
      }
    }
  }

  /// The id of a source row, inserting it on first use.
  func sourceID(for source: SourceInfo) throws -> Int64 {
    if let id = sourceIDs[source] { return id }
    let fields = [
      source.publisher, source.dataset, source.licence, source.vintage, source.file, source.url, source.retrieved,
    ]
    // No NUL bytes in keys: SQLite text comparison stops at them.
    let key = fields.map { $0.map { "=" + $0 } ?? "-" }.joined(separator: "\u{1F}")
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE key = ?", arguments: [key]) {
      sourceIDs[source] = id
      return id
    }
    try db.execute(
      sql: "INSERT INTO sources (key, publisher, dataset, licence, vintage, file, url, retrieved) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [key, source.publisher, source.dataset, source.licence, source.vintage, source.file, source.url, source.retrieved])
    let id = db.lastInsertedRowID
    sourceIDs[source] = id
    return id
  }
}

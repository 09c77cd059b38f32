import GRDB
import GRDBSQLite
import ReadinessCore

/// Writes observations of one import inside its transaction. Handed to the importer's sink.
///
/// A class because it caches statements and source ids for the life of one transaction.
public final class ObservationWriter {
  private let db: Database
  private let importID: Int64
  private var sourceIDs: [SourceInfo: Int64] = [:]
  private var insert: Statement?

  init(db: Database, importID: Int64) {
    self.db = db
    self.importID = importID
  }

  /// Stores one observation.
  ///
  /// Binds through the SQLite C API on GRDB's prepared statement: the import loop runs once
  /// per cell, and boxing each value as `DatabaseValueConvertible` cost more than the insert.
  public func write(_ observation: Observation) throws {
    let source: Int64? = try observation.source.map { try self.sourceID(for: $0) }
    if insert == nil {
      insert = try db.makeStatement(
        sql: """
          INSERT INTO observations (import_id, source_id, country, area_kind, indicator, period, year, value, unit, status, note, location)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
    }
    guard let statement = insert?.sqliteStatement else { return }
    sqlite3_reset(statement)
    sqlite3_bind_int64(statement, 1, importID)
    if let source { sqlite3_bind_int64(statement, 2, source) } else { sqlite3_bind_null(statement, 2) }
    bind(statement, 3, observation.country)
    bind(statement, 4, observation.areaKind.rawValue)
    bind(statement, 5, observation.indicator)
    bind(statement, 6, observation.period)
    if let year = observation.year { sqlite3_bind_int64(statement, 7, Int64(year)) } else { sqlite3_bind_null(statement, 7) }
    sqlite3_bind_double(statement, 8, observation.value)
    bind(statement, 9, observation.unit)
    bind(statement, 10, observation.status)
    bind(statement, 11, observation.note)
    bind(statement, 12, observation.location)
    let code = sqlite3_step(statement)
    guard code == SQLITE_DONE else {
      let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
      throw ReadinessError(.database, "cannot store an observation: \(message)")
    }
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

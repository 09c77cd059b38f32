import GRDB
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
  public func write(_ observation: Observation) throws {
    let source: Int64? = try observation.source.map { try self.sourceID(for: $0) }
    if insert == nil {
      insert = try db.makeStatement(
        sql: """
          INSERT INTO observations (import_id, source_id, country, area_kind, indicator, period, year, value, unit, status, location)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
    }
    try insert?.execute(arguments: [
      importID, source, observation.country, observation.areaKind.rawValue, observation.indicator,
      observation.period, observation.year, observation.value, observation.unit, observation.status,
      observation.location,
    ])
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

import GRDB
import ReadinessCore

/// The SQL and the row encoder of migrations "v2 series" and "v3 series line", frozen as they
/// were released. Never edit them: a change to today's writer (``ObservationWriter``,
/// `SeriesData.Encoder`) must not change what an old migration writes (GRDB's guide on
/// migrations asks the same). A new format is a new migration.
///
/// The v2 encoder is deliberately simple: it writes every element's position out (the `line`
/// column came with v3, and rows without one read their elements' lines), numbers in the
/// shortest form that reads back to the same double, and strings with JSON's escapes. The reader
/// (`SeriesData.decode`) reads both this form and today's writer's.
enum FrozenMigrations {
  /// "v2 series": the table of series rows.
  static let v2SeriesSchema = """
    CREATE TABLE series (
      id INTEGER PRIMARY KEY,
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      source_id INTEGER REFERENCES sources(id),
      country TEXT NOT NULL,
      area_kind TEXT NOT NULL,
      indicator TEXT NOT NULL,
      unit TEXT,
      path TEXT,
      n INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX series_by_indicator ON series(indicator, country);
    ALTER TABLE imports ADD COLUMN bytes INTEGER;
    """

  /// "v3 series line": the row's line column, and the `observations` view that reads it.
  /// (The column is added only where it is missing: releases whose v2 used the v3 writer added it
  /// already.)
  static let v3SeriesLine = """
    DROP VIEW IF EXISTS observations;
    CREATE VIEW observations AS
    SELECT s.import_id, s.source_id, s.country, s.area_kind, s.indicator,
      json_extract(o.value, '$[0]') AS period,
      CASE WHEN json_extract(o.value, '$[0]') GLOB '[0-9][0-9][0-9][0-9]'
             OR json_extract(o.value, '$[0]') GLOB '[0-9][0-9][0-9][0-9][-QM]*'
           THEN CAST(substr(json_extract(o.value, '$[0]'), 1, 4) AS INTEGER) END AS year,
      json_extract(o.value, '$[1]') AS value,
      s.unit,
      json_extract(o.value, '$[3]') AS status,
      json_extract(o.value, '$[4]') AS note,
      CASE json_type(o.value, '$[2]')
        WHEN 'integer' THEN 'line ' || json_extract(o.value, '$[2]')
        WHEN 'array' THEN s.path || '/Obs[' || json_extract(o.value, '$[2][1]') || '] (line ' || json_extract(o.value, '$[2][0]') || ')'
        WHEN 'text' THEN json_extract(o.value, '$[2]')
        ELSE 'line ' || s.line END AS location
    FROM series s, json_each(s.data) o;
    """

  /// The most values in one v2 series row.
  static let v2ValuesPerRow = 4096

  /// Migration "v2 series": moves the rows of v1's `observations` table into series rows (one per
  /// run of consecutive values with the same import, source, area, indicator, unit and series
  /// element; at most ``v2ValuesPerRow``), file order kept, then drops the table.
  static func v2Series(_ db: Database) throws {
    try db.execute(sql: v2SeriesSchema)
    let insert = try db.makeStatement(
      sql: """
        INSERT INTO series (import_id, source_id, country, area_kind, indicator, unit, path, n, data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT import_id, source_id, country, area_kind, indicator, period, value, unit, status, note, location
        FROM observations ORDER BY rowid
        """)
    var open: V2Row?
    while let row = try rows.next() {
      let position = Observation.Position(parsing: row["location"])
      var path: String?
      if case .element(let elementPath, _, _) = position { path = elementPath }
      let key = V2Row.Key(
        importID: row["import_id"], sourceID: row["source_id"], country: row["country"], areaKind: row["area_kind"],
        indicator: row["indicator"], unit: row["unit"], path: path)
      if let current = open, current.key != key || current.count >= v2ValuesPerRow {
        try current.insert(insert)
        open = nil
      }
      if open == nil { open = V2Row(key: key) }
      open!.append(
        period: row["period"], value: row["value"], position: position, status: row["status"], note: row["note"])
    }
    if let open { try open.insert(insert) }
    try db.execute(sql: "DROP TABLE observations")
  }

  /// "v3 series line".
  static func v3SeriesLine(_ db: Database) throws {
    if try !db.columns(in: "series").contains(where: { $0.name == "line" }) {
      try db.execute(sql: "ALTER TABLE series ADD COLUMN line INTEGER")
    }
    try db.execute(sql: v3SeriesLine)
  }

  /// One series row being built by migration v2.
  struct V2Row {
    struct Key: Equatable {
      var importID: Int64
      var sourceID: Int64?
      var country: String
      var areaKind: String
      var indicator: String
      var unit: String?
      var path: String?
    }

    var key: Key
    var count = 0
    var json = "["

    init(key: Key) { self.key = key }

    /// `[period, value, position, status, note]`, trailing nulls left out.
    mutating func append(
      period: String, value: Double, position: Observation.Position, status: String?, note: String?
    ) {
      if count > 0 { json += "," }
      json += "[" + V2Row.string(period) + "," + V2Row.number(value) + ","
      switch position {
      case .line(let line): json += String(line)
      case .element(_, let index, let line): json += "[\(line),\(index)]"
      case .text(let text): json += V2Row.string(text)
      }
      if status != nil || note != nil { json += "," + (status.map(V2Row.string) ?? "null") }
      if let note { json += "," + V2Row.string(note) }
      json += "]"
      count += 1
    }

    func insert(_ statement: Statement) throws {
      try statement.execute(arguments: [
        key.importID, key.sourceID, key.country, key.areaKind, key.indicator, key.unit, key.path, count, json + "]",
      ])
    }

    /// A whole value below 10^15 as digits (minus zero as `-0.0`), any other as Swift's shortest
    /// round-trip form (`1e-07`, `0.1`), both JSON numbers.
    static func number(_ value: Double) -> String {
      if value == 0 && value.sign == .minus { return "-0.0" }
      if abs(value) < 1e15 && value == value.rounded() { return String(Int64(value)) }
      return value.description
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\u00XX`.
    static func string(_ text: String) -> String {
      var out = "\""
      for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20:
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
      }
      return out + "\""
    }
  }
}

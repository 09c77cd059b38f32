import Foundation
import GRDB
import PostgresNIO
import ReadinessCore

/// A workspace table as both back-ends hold it: its name and typed columns, in the order rows are
/// copied.
struct TableSpec: Sendable {
  enum Kind: Sendable { case integer, real, text }
  var name: String
  var columns: [(name: String, kind: Kind)]
  /// The ORDER BY that keeps file order (ids where there are).
  var order: String

  var columnList: String { columns.map(\.name).joined(separator: ", ") }

  static let imports = TableSpec(
    name: "imports",
    columns: [
      ("id", .integer), ("file", .text), ("sha256", .text), ("options", .text), ("format", .text),
      ("imported_at", .text), ("observations", .integer), ("report", .text), ("bytes", .integer),
    ], order: "id")
  static let sources = TableSpec(
    name: "sources",
    columns: [
      ("id", .integer), ("key", .text), ("publisher", .text), ("dataset", .text), ("licence", .text),
      ("vintage", .text), ("file", .text), ("url", .text), ("retrieved", .text),
    ], order: "id")
  static let series = TableSpec(
    name: "series",
    columns: [
      ("id", .integer), ("import_id", .integer), ("source_id", .integer), ("country", .text), ("area_kind", .text),
      ("indicator", .text), ("unit", .text), ("path", .text), ("n", .integer), ("data", .text), ("line", .integer),
    ], order: "id")
  static let classifications = TableSpec(
    name: "classifications",
    columns: [("import_id", .integer), ("country", .text), ("scheme", .text), ("value", .text)],
    order: "import_id, country, scheme, value")
  static let indicatorNames = TableSpec(
    name: "indicator_names", columns: [("code", .text), ("name", .text), ("import_id", .integer)], order: "code")
  static let dossiers = TableSpec(
    name: "dossiers",
    columns: [
      ("id", .integer), ("import_id", .integer), ("country", .text), ("round", .text), ("status", .text),
      ("assessment_date", .text), ("example", .integer), ("superseded_by", .integer), ("document", .text),
    ], order: "id")
  static let dossierAnswers = TableSpec(
    name: "dossier_answers",
    columns: [
      ("dossier_id", .integer), ("question", .text), ("answer", .text), ("level", .integer), ("score", .real),
      ("status", .text), ("date", .text), ("reviewer", .text), ("evidence_items", .integer),
    ], order: "dossier_id, question")

  /// Every workspace table, parents first.
  static let all: [TableSpec] = [imports, sources, series, classifications, indicatorNames, dossiers, dossierAnswers]

  /// A PostgreSQL cell as SQLite's value.
  func databaseValue(_ cell: PostgresCell, column: Int) throws -> DatabaseValue {
    switch columns[column].kind {
    case .integer: return try cell.decode(Int64?.self).databaseValue
    case .real: return try cell.decode(Double?.self).databaseValue
    case .text: return try cell.decode(String?.self).databaseValue
    }
  }

  /// An SQLite value bound for PostgreSQL with the column's type.
  func bind(_ value: DatabaseValue, column: Int, into binds: inout PostgresBindings) throws(ReadinessError) {
    switch (value.storage, columns[column].kind) {
    case (.null, _): binds.appendNull()
    case (.int64(let number), .integer): binds.append(number)
    case (.int64(let number), .real): binds.append(Double(number))
    case (.double(let number), .real): binds.append(number)
    case (.string(let text), .text):
      guard !text.utf8.contains(0) else {
        throw ReadinessError(
          .database, "PostgreSQL text cannot hold a NUL character (in \(name).\(columns[column].name))")
      }
      binds.append(text)
    default:
      throw ReadinessError(
        .database, "unexpected value \(value) in \(name).\(columns[column].name) of the scratch workspace")
    }
  }
}

/// Copies rows between PostgreSQL and an SQLite workspace file.
enum TableCopy {
  /// The rows of `spec` selected by `filter` (PostgreSQL SQL), as SQLite values, in the table's
  /// order; at most `limit` when given.
  static func fetch(
    _ spec: TableSpec, filter: String = "", limit: Int? = nil, from connection: PostgresConnection,
    _ url: PostgresURL
  ) async throws(ReadinessError) -> [[DatabaseValue]] {
    let rows = try await PostgresSession.rows(
      connection, url,
      "SELECT \(spec.columnList) FROM \(spec.name)" + (filter.isEmpty ? "" : " WHERE " + filter)
        + " ORDER BY \(spec.order)" + (limit.map { " LIMIT \($0)" } ?? ""))
    do {
      return try rows.map { row in
        var values: [DatabaseValue] = []
        values.reserveCapacity(spec.columns.count)
        for (index, cell) in row.enumerated() { values.append(try spec.databaseValue(cell, column: index)) }
        return values
      }
    } catch {
      throw ReadinessError(
        .database, "cannot read \(spec.name) from PostgreSQL: \(error)", at: SourceLocation(file: url.description))
    }
  }

  /// Inserts rows of `spec` (as ``fetch(_:filter:limit:from:_:)`` returns them) into SQLite.
  static func insert(_ spec: TableSpec, _ rows: [[DatabaseValue]], into db: Database) throws {
    let placeholders = Array(repeating: "?", count: spec.columns.count).joined(separator: ", ")
    let statement = try db.cachedStatement(
      sql: "INSERT INTO \(spec.name) (\(spec.columnList)) VALUES (\(placeholders))")
    for values in rows { try statement.execute(arguments: StatementArguments(values)) }
  }

  /// Copies the SQLite rows `sql` selects (the columns of `spec`, except those in `skipping`) into
  /// PostgreSQL, in batches of multi-row INSERTs; returns how many.
  static func push(
    _ spec: TableSpec, rows: [Row], skipping: Set<String> = [], conflict: String = "",
    to connection: PostgresConnection, _ url: PostgresURL
  ) async throws(ReadinessError) -> Int {
    let kept = spec.columns.indices.filter { !skipping.contains(spec.columns[$0].name) }
    let names = kept.map { spec.columns[$0].name }.joined(separator: ", ")
    // PostgreSQL takes at most 65,535 parameters a statement.
    let batch = max(1, min(2_000, 60_000 / kept.count))
    var start = 0
    while start < rows.count {
      let end = min(rows.count, start + batch)
      var binds = PostgresBindings(capacity: (end - start) * kept.count)
      var tuples: [String] = []
      tuples.reserveCapacity(end - start)
      var parameter = 0
      for row in rows[start..<end] {
        var tuple: [String] = []
        for index in kept {
          let value: DatabaseValue = row[spec.columns[index].name]
          try spec.bind(value, column: index, into: &binds)
          parameter += 1
          tuple.append("$\(parameter)")
        }
        tuples.append("(" + tuple.joined(separator: ", ") + ")")
      }
      try await PostgresSession.run(
        connection, url,
        "INSERT INTO \(spec.name) (\(names)) VALUES " + tuples.joined(separator: ", ")
          + (conflict.isEmpty ? "" : " " + conflict), binds)
      start = end
    }
    return rows.count
  }
}

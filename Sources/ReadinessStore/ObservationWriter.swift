import Dispatch
import GRDB
import GRDBSQLite
@_spi(RowStorage) import ReadinessCore

/// Writes observations of one import inside its transaction. Handed to the importer's sink.
///
/// Consecutive observations of one series (same source, area, indicator, unit and, for XML, the
/// same series element) are stored together as one `series` row whose `data` column is a JSON
/// array with one element per value (see `SeriesData`): an SDMX series or a World Bank CSV line
/// costs one SQLite row rather than one per value, and the provenance is stored once. The
/// `observations` view unnests the rows for anyone reading the workspace with SQL.
///
/// Encoding and inserting run on a second thread (``SeriesRows``) while the importer reads on:
/// observations are handed over in batches, and the importer's thread waits for the previous
/// batch before handing over the next one or touching the database itself, so the connection
/// is never used by two threads at once. That rule is a type, ``WriterThread``: the second
/// thread's state is reachable only through it, and each way in waits first.
///
/// A class because it holds the pending batch, the second thread's state and source ids for the
/// life of one transaction.
public final class ObservationWriter {
  /// A self-assessment dossier to store with this import (its values go through the writer as usual).
  public var dossier: Dossier?
  private let db: Database
  private var sourceIDs: [SourceInfo: Int64] = [:]
  private var pending: [(Observation, Int64?)] = []
  /// The batch handed over last. Kept here so that its observations are released on this
  /// thread once it comes back (the second thread only reads them: releasing strings that this
  /// thread keeps retaining for new observations bounced their reference counts between the two
  /// cores), and its storage is reused for the next batch.
  private var handedOver: [(Observation, Int64?)] = []
  /// Rows waiting, as `pending` (a batch holds observations or rows, never both, so that the
  /// second thread stores them in the order they came), and the number of values they hold.
  private var pendingRows: [EncodedRow] = []
  private var pendingRowValues = 0
  private var handedOverRows: [EncodedRow] = []
  /// The JSON of the rows' periods and statuses, made once per file (see ``RowEncoding``).
  private var rowEncoding = RowEncoding()
  private let thread: WriterThread<SeriesRows>

  /// Observations (or values of rows) per hand-over. 16,384 rather than 4,096: a quarter of the
  /// hand-overs between the two threads made a 200 MB World Bank CSV import about 10 % faster
  /// side by side (8,192 did as well; 65,536 was slower again), for ~4 MB more memory.
  static let batchSize = 16384

  init(db: Database, importID: Int64) throws {
    self.db = db
    let statement = try db.makeStatement(
      sql: """
        INSERT INTO series (import_id, source_id, country, area_kind, indicator, unit, path, n, data, line)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    thread = WriterThread(
      SeriesRows(
        statement: statement.sqliteStatement, connection: db.sqliteConnection, importID: importID, keeping: statement))
    pending.reserveCapacity(ObservationWriter.batchSize)
    handedOver.reserveCapacity(ObservationWriter.batchSize)
  }

  /// The `sources` row of observations that name no source of their own (the import's source).
  var defaultSourceID: Int64?

  /// Stores one observation.
  public func write(_ observation: consuming Observation) throws {
    let source: Int64? = try observation.source.map { try self.sourceID(for: $0) } ?? defaultSourceID
    try write(observation, sourceID: source)
  }

  func write(_ observation: consuming Observation, sourceID source: Int64?) throws {
    if !pendingRows.isEmpty { try handOver() }
    pending.append((consume observation, source))
    if pending.count >= ObservationWriter.batchSize { try handOver() }
  }

  /// Stores the observations of one row (in the import's own source) as writing each of
  /// ``ObservationRow/observations`` in turn would, without building them.
  ///
  /// The JSON of a line's values is made here, on the importer's thread: reading a CSV line
  /// takes less time than storing it, so that thread would otherwise wait for the writing one.
  /// An SDMX series is the other way round (libxml2's parsing is the slowest part), and its
  /// JSON is made by the writing thread.
  @_spi(RowStorage)
  public func write(_ row: ObservationRow) throws {
    if !pending.isEmpty { try handOver() }
    pendingRowValues += row.cells.count
    pendingRows.append(
      EncodedRow(row: row, source: defaultSourceID, data: row.path == nil ? rowEncoding.encode(row) : nil))
    if pendingRowValues >= ObservationWriter.batchSize { try handOver() }
  }

  /// Waits for the batch in flight, then sends the pending one.
  private func handOver() throws {
    try thread.whenIdle { rows in if let error = rows.failure { throw error } }
    swap(&pending, &handedOver)
    pending.removeAll(keepingCapacity: true)
    swap(&pendingRows, &handedOverRows)
    pendingRows.removeAll(keepingCapacity: true)
    pendingRowValues = 0
    let batch = handedOver
    let rowBatch = handedOverRows
    thread.send { rows in
      // At most one of the two holds anything.
      rows.store(batch)
      rows.store(rowBatch)
    }
  }

  /// Stores everything still pending and writes the open series row. Called by the workspace
  /// when the importer is done; the second thread is idle afterwards.
  func finish() throws {
    if !pending.isEmpty || !pendingRows.isEmpty { try handOver() }
    try thread.whenIdle { rows in
      if let error = rows.failure { throw error }
      try rows.flush()
    }
  }

  /// Waits until the second thread is idle, dropping what it has not stored (the import failed
  /// and its transaction is about to be rolled back).
  func abandon() {
    pending.removeAll()
    pendingRows.removeAll()
    thread.whenIdle { _ in }
  }

  /// The `key` column of a source's row: equal sources have equal keys.
  static func key(for source: SourceInfo) -> String {
    let fields = [
      source.publisher, source.dataset, source.licence, source.vintage, source.file, source.url, source.retrieved,
    ]
    // No NUL bytes in keys: SQLite text comparison stops at them.
    return fields.map { $0.map { "=" + $0 } ?? "-" }.joined(separator: "\u{1F}")
  }

  /// The id of a source row, inserting it on first use.
  func sourceID(for source: SourceInfo) throws -> Int64 {
    if let id = sourceIDs[source] { return id }
    // The database is used on this thread: only once the second thread is idle.
    return try thread.whenIdle { _ in try insertSource(source) }
  }

  private func insertSource(_ source: SourceInfo) throws -> Int64 {
    let given = source
    let source = given.withPublicFileName
    let key = ObservationWriter.key(for: source)
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE key = ?", arguments: [key]) {
      sourceIDs[given] = id
      return id
    }
    try db.execute(
      sql:
        "INSERT INTO sources (key, publisher, dataset, licence, vintage, file, url, retrieved) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        key, source.publisher, source.dataset, source.licence, source.vintage, source.file, source.url,
        source.retrieved,
      ])
    let id = db.lastInsertedRowID
    sourceIDs[given] = id
    return id
  }
}

/// The rule under which ``ObservationWriter``'s two threads share one SQLite connection, kept by
/// this type rather than by convention: the second thread's state (``SeriesRows``, which holds
/// the connection's raw statement) is reachable only through ``send(_:)``, which runs work on the
/// second thread once the work sent before is done, and ``whenIdle(_:)``, which waits for that
/// work before running its body on the caller's thread (the only way the importer's thread may
/// use the database while a writer lives). Its deinit waits as well, so no work outlives it on a
/// connection about to be used again.
///
/// A class because it owns the queue and the work in flight; generic over the second thread's
/// state so that the rule is tested on its own.
final class WriterThread<State: AnyObject & Sendable> {
  private let rows: State
  private let queue = DispatchQueue(label: "readiness.series-rows")
  private let inFlight = DispatchGroup()

  init(_ rows: State) { self.rows = rows }

  deinit { inFlight.wait() }

  /// Waits until the work sent is done, then runs `body` here with the second thread's state.
  func whenIdle<R>(_ body: (State) throws -> R) rethrows -> R {
    inFlight.wait()
    return try body(rows)
  }

  /// Waits until the work sent before is done, then runs `work` on the second thread.
  func send(_ work: @escaping @Sendable (State) -> Void) {
    inFlight.wait()
    let rows = self.rows
    queue.async(group: inFlight) { work(rows) }
  }
}

/// The second thread's side of ``ObservationWriter``: groups observations into series rows,
/// encodes them and inserts them through the SQLite C API on a statement prepared by GRDB.
///
/// `@unchecked Sendable`: it is used by one thread at a time, the hand-over through the
/// writer's dispatch group ordering every access.
final class SeriesRows: @unchecked Sendable {  // unchecked: one thread at a time (see above)
  private let statement: OpaquePointer
  private let connection: OpaquePointer?
  private let importID: Int64
  /// Keeps GRDB's statement (and so the prepared SQLite statement) alive.
  private let keeping: Statement
  private var series = OpenSeries()
  /// For rows whose elements are made on this thread.
  private var rowEncoding = RowEncoding()
  /// The first error met; later batches are skipped.
  private(set) var failure: ReadinessError?

  /// The most values one row holds; a longer series continues in another row.
  static let maxValuesPerRow = 4096

  init(statement: OpaquePointer, connection: OpaquePointer?, importID: Int64, keeping: Statement) {
    self.statement = statement
    self.connection = connection
    self.importID = importID
    self.keeping = keeping
  }

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

    /// Whether `observation` belongs to the open series (and the row has room). Mutating only so
    /// that it reads the key in place (a non-mutating call copied the whole series).
    mutating func continues(with observation: borrowing Observation, source: Int64?, path: String?) -> Bool {
      isOpen && data.count < SeriesRows.maxValuesPerRow && self.source == source
        && country == observation.country && indicator == observation.indicator && kind == observation.areaKind
        && unit == observation.unit && self.path == path
    }

    /// Whether the observations of `row` belong to the open series (room aside).
    mutating func continues(with row: borrowing ObservationRow, source: Int64?) -> Bool {
      isOpen && self.source == source && country == row.country && indicator == row.indicator
        && kind == row.areaKind && unit == row.unit && path == row.path
    }

    mutating func open(_ row: borrowing ObservationRow, source: Int64?) {
      isOpen = true
      self.source = source
      country = row.country
      kind = row.areaKind
      indicator = row.indicator
      unit = row.unit
      path = row.path
      data.line = row.path == nil ? row.line : nil
    }

    mutating func open(_ observation: borrowing Observation, source: Int64?, path: String?) {
      isOpen = true
      self.source = source
      country = observation.country
      kind = observation.areaKind
      indicator = observation.indicator
      unit = observation.unit
      self.path = path
      if case .line(let line) = observation.position { data.line = line } else { data.line = nil }
    }
  }

  func store(_ batch: [(Observation, Int64?)]) {
    storeEach(batch) { (item: UnsafePointer<(Observation, Int64?)>, open) throws(ReadinessError) in
      try add(item.pointee.0, source: item.pointee.1, to: &open)
    }
  }

  func store(_ batch: [EncodedRow]) {
    storeEach(batch) { (item: UnsafePointer<EncodedRow>, open) throws(ReadinessError) in
      try add(item, to: &open)
    }
  }

  /// Adds every item of a batch to the open series; the first error is kept and stops this batch and
  /// the later ones.
  @inline(__always)
  private func storeEach<Item>(
    _ batch: [Item], _ add: (UnsafePointer<Item>, inout OpenSeries) throws(ReadinessError) -> Void
  ) {
    guard failure == nil, !batch.isEmpty else { return }
    // The open series is a local while the batch is encoded: as a stored property of this class
    // every use of it was checked for exclusive access at run time.
    var open = OpenSeries()
    swap(&open, &series)
    defer { swap(&open, &series) }
    do {
      // Read in place, through the pointer: copying each item out of the batch (a subscript does)
      // cost as much as encoding it.
      try batch.withUnsafeBufferPointer { items throws(ReadinessError) in
        guard let first = items.baseAddress else { return }
        for index in items.indices { try add(first + index, &open) }
      }
    } catch {
      failure = error
    }
  }

  /// Adds a row's values where ``add(_:source:to:)`` would add each of its observations: its
  /// elements, made beforehand or here, whole where they fit in the open series row, else in
  /// parts (a series row holds at most ``maxValuesPerRow`` values).
  ///
  /// Reads the row through `encoded` (passing `pointee` on copied the whole row, retaining each of
  /// its arrays and strings).
  private func add(_ encoded: UnsafePointer<EncodedRow>, to series: inout OpenSeries) throws(ReadinessError) {
    let count = encoded.pointee.row.cells.count
    guard count > 0 else { return }
    var continuing = series.continues(with: encoded.pointee.row, source: encoded.pointee.source)
    if !continuing && count <= SeriesRows.maxValuesPerRow {
      try flush(&series)
      series.open(encoded.pointee.row, source: encoded.pointee.source)
      continuing = true
    }
    var next = 0
    while next < count {
      if !continuing || series.data.count >= SeriesRows.maxValuesPerRow {
        try flush(&series)
        series.open(encoded.pointee.row, source: encoded.pointee.source)
        continuing = true
      }
      let end = min(count, next + SeriesRows.maxValuesPerRow - series.data.count)
      if let elements = encoded.pointee.data, next == 0, end == count, elements.line == series.data.line {
        series.data.append(elements)
      } else {
        // Elements made here (or made again: for a row split between two series rows, or one
        // continuing a series row of another line) go straight into the series row.
        rowEncoding.append(encoded.pointee.row, cells: next..<end, to: &series.data)
      }
      next = end
    }
  }

  private func add(_ observation: borrowing Observation, source: Int64?, to series: inout OpenSeries)
    throws(ReadinessError)
  {
    let path: String?
    if case .element(let elementPath, _, _) = observation.position { path = elementPath } else { path = nil }
    if !series.continues(with: observation, source: source, path: path) {
      try flush(&series)
      series.open(observation, source: source, path: path)
    }
    series.data.append(
      period: observation.period, value: observation.value, status: observation.status, note: observation.note,
      position: observation.position)
  }

  /// Inserts the open series row.
  func flush() throws(ReadinessError) {
    try flush(&series)
  }

  private func flush(_ series: inout OpenSeries) throws(ReadinessError) {
    guard series.isOpen, series.data.count > 0 else { return }
    sqlite3_reset(statement)
    sqlite3_bind_int64(statement, 1, importID)
    if let source = series.source { sqlite3_bind_int64(statement, 2, source) } else { sqlite3_bind_null(statement, 2) }
    bind(3, series.country)
    bind(4, series.kind.rawValue)
    bind(5, series.indicator)
    bind(6, series.unit)
    bind(7, series.path)
    sqlite3_bind_int64(statement, 8, Int64(series.data.count))
    if let line = series.data.line {
      sqlite3_bind_int64(statement, 10, Int64(line))
    } else {
      sqlite3_bind_null(statement, 10)
    }
    let statement = self.statement
    let connection = self.connection
    let failed: String? = series.data.finish { bytes in
      // Bound without a copy: SQLite reads the bytes during the step only, and the binding is
      // cleared before they go away.
      sqlite3_bind_text(
        statement, 9, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
        SeriesRows.static)
      let code = sqlite3_step(statement)
      let failed = code == SQLITE_DONE ? nil : connection.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(code)"
      sqlite3_reset(statement)
      sqlite3_bind_null(statement, 9)
      return failed
    }
    if let failed {
      throw ReadinessError(.database, "cannot store a series: \(failed)")
    }
    series.data.reset()
    series.isOpen = false
  }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
  private static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)

  private func bind(_ index: Int32, _ text: String?) {
    guard var text else {
      sqlite3_bind_null(statement, index)
      return
    }
    if text.isEmpty {
      sqlite3_bind_text(statement, index, "", 0, SeriesRows.transient)
      return
    }
    let statement = self.statement
    text.withUTF8 { bytes in
      _ = bytes.withMemoryRebound(to: CChar.self) { chars in
        sqlite3_bind_text(statement, index, chars.baseAddress, Int32(chars.count), SeriesRows.transient)
      }
    }
  }
}

/// A row on its way to ``SeriesRows``: its source and, where the importer's thread made them, its
/// elements.
struct EncodedRow {
  var row: ObservationRow
  var source: Int64?
  var data: SeriesData.Encoder.Elements?
}

/// Makes rows' elements, with the JSON of their periods and statuses made once per file (rows of
/// one file share their periods, or have the same ones).
struct RowEncoding {
  private var periods = JSONStrings()
  private var statuses = JSONStrings()
  /// Where a row's elements are written before they are copied out at their size.
  private var scratch: [UInt8] = []

  /// The row's elements, made ahead of the series row they go in (one whose line is the row's,
  /// as a row that starts a series row has).
  mutating func encode(_ row: borrowing ObservationRow) -> SeriesData.Encoder.Elements {
    var scratch: [UInt8] = []
    swap(&scratch, &self.scratch)
    defer { swap(&scratch, &self.scratch) }
    return withElements(of: row, cells: 0..<row.cells.count, rowLine: row.path == nil ? row.line : nil) {
      SeriesData.Encoder.elements($0, scratch: &scratch)
    }
  }

  /// Appends the elements of the row's cells in `range` straight to a series row's array.
  mutating func append(_ row: borrowing ObservationRow, cells range: Range<Int>, to encoder: inout SeriesData.Encoder) {
    withElements(of: row, cells: range, rowLine: encoder.line) { encoder.append($0) }
  }

  /// Calls `body` with the row's cells in `range` ready to write, read in place; the tables of
  /// periods and statuses are made again only when the row's differ from the last row's.
  /// `rowLine` is the `line` of the series row the elements go in.
  private mutating func withElements<R>(
    of row: borrowing ObservationRow, cells range: Range<Int>, rowLine: Int?, _ body: (RowElements) -> R
  ) -> R {
    if row.periods != periods.texts { periods = JSONStrings(row.periods) }
    if row.statuses != statuses.texts { statuses = JSONStrings(row.statuses) }
    let note = row.note.map(SeriesData.Encoder.jsonString)
    let line = row.path == nil ? row.line : nil
    return row.cells.withUnsafeBufferPointer { cells in
      row.text.withUnsafeBufferPointer { text in
        periods.withView { periods in
          statuses.withView { statuses in
            func make(_ note: UnsafeBufferPointer<UInt8>?) -> R {
              body(
                RowElements(
                  cells: UnsafeBufferPointer(rebasing: cells[range]), periods: periods, statuses: statuses, note: note,
                  line: line, omitsLine: line != nil && line == rowLine, text: text))
            }
            guard let note else { return make(nil) }
            return note.withUnsafeBufferPointer { make($0) }
          }
        }
      }
    }
  }
}

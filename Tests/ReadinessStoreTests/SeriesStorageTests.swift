import Foundation
import GRDB
@_spi(RowStorage) import ReadinessCore
import Testing
import _ReadinessTestSupport

@_spi(RowStorage) @testable import ReadinessStore

/// The series storage against a naive reference: whatever goes in through the writer comes back
/// from ``Workspace/observations(countries:indicators:year:kinds:)`` unchanged (every value bit
/// for bit), and the SQL view shows the same rows.
@Suite struct SeriesStorageTests {
  /// Random observations with awkward text and values, grouped in runs the way importers emit them.
  static func randomObservations(count: Int, seed: UInt64) -> [Observation] {
    var generator = SeededGenerator(seed: seed)
    let texts = ["A", "E", "quote \" and \\ backslash", "tab\tnew\nline\u{1}", "é ünïcödé 🇲🇾", ""]
    let values: [Double] = [
      0, -0.0, 1, -1, 0.1, Double.leastNormalMagnitude, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude,
      1e15, 123_456_789_012_345_680,
      85.09999999999999, 1.2e6, -3.14159,
    ]
    var out: [Observation] = []
    var series = 0
    while out.count < count {
      series += 1
      let length = Int.random(in: 1...40, using: &generator)
      let country = ["MYS", "KEN", "GBR", "Côte \"d\" Ivoire"][Int.random(in: 0...3, using: &generator)]
      let indicator = "IND.\(series % 7)"
      let unit: String? =
        Bool.random(using: &generator) ? nil : texts[Int.random(in: 0..<texts.count, using: &generator)]
      let path = "/DataSet/Series[\(series)]"
      // Values of a line mostly share it (a row's line is stored once, format v3), some not.
      let seriesLine = Int.random(in: 1...1_000_000, using: &generator)
      for index in 1...length {
        let value: Double
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: value = values[Int.random(in: 0..<values.count, using: &generator)]
        case 1: value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
        default:
          // Published decimals, up to 15 significant digits as in World Bank files.
          value =
            Double(Int64.random(in: -999_999_999_999_999...999_999_999_999_999, using: &generator))
            / [1, 10, 100, 1e4, 1e6, 1e9, 1e12, 1e14, 1e15, 1e20][Int.random(in: 0..<10, using: &generator)]
        }
        guard value.isFinite else { continue }
        let position: Observation.Position
        switch series % 3 {
        case 0:
          position = .line(
            Int.random(in: 0..<4, using: &generator) == 0
              ? Int.random(in: 1...1_000_000, using: &generator) : seriesLine)
        case 1: position = .element(path: path, index: index, line: 100 + index)
        default: position = .text("$[\(index)][\"x\"]")
        }
        out.append(
          Observation(
            country: country, areaKind: country.count == 3 ? .country : .unmatched, indicator: indicator,
            period: String(1990 + index) + (series % 2 == 0 ? "" : "-Q\(index % 4 + 1)"), value: value, unit: unit,
            status: Bool.random(using: &generator) ? nil : texts[Int.random(in: 0..<texts.count, using: &generator)],
            note: Bool.random(using: &generator) ? nil : texts[Int.random(in: 0..<texts.count, using: &generator)],
            position: position))
      }
    }
    return out
  }

  static func store(_ observations: [Observation], in path: String) throws -> Workspace {
    let workspace = try Workspace(path: path)
    _ = try workspace.importFile(file: "random.csv", sha256: "digest-\(observations.count)", format: "test") { writer in
      var report = ImportReport(file: "random.csv", format: "test", source: SourceInfo(publisher: "Tester"))
      for observation in observations {
        try writer.write(observation)
        report.count(observation)
      }
      return report
    }
    return workspace
  }

  /// A key that sorts the way the workspace documents: by country, indicator, period (bytes),
  /// then file order.
  static func sortedReference(_ observations: [Observation]) -> [Observation] {
    observations.enumerated().sorted { x, y in
      let a = x.element
      let b = y.element
      for (p, q) in [(a.country, b.country), (a.indicator, b.indicator), (a.period, b.period)] where p != q {
        return p.utf8.lexicographicallyPrecedes(q.utf8)
      }
      return x.offset < y.offset
    }.map(\.element)
  }

  @Test(arguments: [1 as UInt64, 2, 3])
  func roundTripKeepsEveryField(seed: UInt64) throws {
    let folder = TestPaths.temporaryDirectory()
    let written = SeriesStorageTests.randomObservations(count: 3000, seed: seed)
    let workspace = try SeriesStorageTests.store(written, in: folder + "/ws.sqlite")
    let read = try workspace.observations().map(\.observation)
    let expected = SeriesStorageTests.sortedReference(written)
    #expect(read.count == expected.count)
    for (got, want) in zip(read, expected) {
      var bare = got
      bare.source = nil
      #expect(bare == want)
      #expect(got.value.bitPattern == want.value.bitPattern, "\(want.value) came back as \(got.value)")
      #expect(got.location == want.location)
    }
    #expect(try workspace.observationCount() == written.count)
  }

  @Test func theSQLViewShowsTheSameRows() throws {
    let folder = TestPaths.temporaryDirectory()
    let written = SeriesStorageTests.randomObservations(count: 500, seed: 9)
    let workspace = try SeriesStorageTests.store(written, in: folder + "/ws.sqlite")
    let api = try workspace.observations().map(\.observation)
    let view = try DatabaseQueue(path: folder + "/ws.sqlite").read { db in
      try Row.fetchAll(
        db, sql: "SELECT country, indicator, period, year, value, unit, status, note, location FROM observations")
    }
    #expect(view.count == api.count)
    // The view has no order of its own: compare as multisets of their text forms.
    func key(
      _ country: String, _ indicator: String, _ period: String, _ status: String?, _ note: String?, _ location: String
    )
      -> String
    {
      [country, indicator, period, status ?? "∅", note ?? "∅", location].joined(separator: "\u{0}")
    }
    var expected: [String: [Double]] = [:]
    for o in api {
      expected[key(o.country, o.indicator, o.period, o.status, o.note, o.location), default: []].append(o.value)
    }
    for row in view {
      let k = key(row["country"], row["indicator"], row["period"], row["status"], row["note"], row["location"])
      let value: Double = row["value"]
      let candidates = expected[k] ?? []
      // SQLite parses the JSON numbers itself; allow the last bits to differ.
      let match = candidates.firstIndex { abs($0 - value) <= abs($0) * 1e-15 || $0 == value }
      #expect(match != nil, "view row \(k) \(value) not in the API's rows")
      if let match { expected[k]?.remove(at: match) }
      let period: String = row["period"]
      #expect(row["year"] as Int? == Observation.year(of: period))
    }
  }

  /// The writer stores on a second thread: a failure after several batches are in flight rolls
  /// everything back, and per-value sources (looked up on the importer's thread mid-stream) land
  /// on the right values.
  @Test func aFailedImportLeavesNothingAndSourcesLandRight() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = try Workspace(path: folder + "/ws.sqlite")
    let before = try workspace.tableCounts()
    struct Broken: Error {}
    #expect(throws: Broken.self) {
      _ = try workspace.importFile(file: "broken.csv", sha256: "b", format: "test") { writer in
        // Several batches handed over before the failure.
        for index in 0..<(3 * ObservationWriter.batchSize + 1000) {
          try writer.write(
            Observation(
              country: "MYS", areaKind: .country, indicator: "X\(index / 7)", period: "2020", value: Double(index),
              position: .line(index + 2)))
        }
        throw Broken()
      }
    }
    #expect(try workspace.tableCounts() == before)
    let sources = (0..<5).map { SourceInfo(publisher: "P\($0)", vintage: "2024-0\($0 + 1)") }
    let written = (0..<(2 * ObservationWriter.batchSize + 1000)).map { index in
      Observation(
        country: "KEN", areaKind: .country, indicator: "Y", period: String(1000 + index), value: Double(index) / 8,
        position: .line(index + 2), source: sources[(index / 1500) % sources.count])
    }
    _ = try workspace.importFile(file: "sources.csv", sha256: "s", format: "test") { writer in
      for observation in written { try writer.write(observation) }
      return ImportReport(file: "sources.csv", format: "test", source: SourceInfo(publisher: "Default"))
    }
    let read = Dictionary(uniqueKeysWithValues: try workspace.observations().map { ($0.observation.period, $0) })
    #expect(read.count == written.count)
    for want in written {
      let got = try #require(read[want.period])
      #expect(got.observation.value == want.value && got.observation.location == want.location)
      #expect(got.source == want.source, "\(want.period)")
    }
  }

  @Test func longSeriesAreSplitIntoRowsOfAtMost4096Values() throws {
    let folder = TestPaths.temporaryDirectory()
    let observations = (1...10_000).map {
      Observation(
        country: "MYS", areaKind: .country, indicator: "X", period: "\($0)", value: Double($0),
        position: .element(path: "/DataSet/Series[1]", index: $0, line: $0 + 1))
    }
    let workspace = try SeriesStorageTests.store(observations, in: folder + "/ws.sqlite")
    let counts = try workspace.tableCounts()
    #expect(counts["series"] == 3)  // 4096 + 4096 + 1808
    #expect(counts["observations"] == 10_000)
    let read = try workspace.observations()
    #expect(Set(read.map(\.observation.location)) == Set(observations.map(\.location)))
  }

  /// A row is stored exactly as its observations would be, written one by one: the same `series`
  /// rows (continuing a neighbour of the same key, split at 4,096 values), among single
  /// observations in any order.
  @Test(arguments: [4 as UInt64, 5])
  func rowsAreStoredAsTheirObservationsWouldBe(seed: UInt64) throws {
    enum Item {
      case single(Observation)
      case row(ObservationRow)
    }
    var generator = SeededGenerator(seed: seed)
    var singles = SeriesStorageTests.randomObservations(count: 1500, seed: seed).makeIterator()
    let years = (1960...2024).map(String.init)
    let many = (0..<5000).map { "P\($0)" }
    var items: [Item] = []
    var line = 10
    for _ in 0..<400 {
      if Bool.random(using: &generator) {
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
          if let single = singles.next() { items.append(.single(single)) }
        }
      }
      // Few keys, so that consecutive rows often continue one series; sometimes the same line.
      let area = [("MYS", AreaKind.country), ("WLD", .aggregate), ("Atlantis", .unmatched)][
        Int.random(in: 0...2, using: &generator)]
      if Int.random(in: 0..<4, using: &generator) > 0 { line += 1 }
      let long = Int.random(in: 0..<40, using: &generator) == 0
      let periods = long ? many : years
      let indicator = ["A", "B"][Int.random(in: 0...1, using: &generator)]
      // Mostly published-looking decimals; one in five any finite double (tiny, huge, -0.0, subnormal),
      // so the two encoders' number forms are compared across the whole range.
      func value() -> Double {
        if Int.random(in: 0..<5, using: &generator) == 0 {
          while true {
            let any = Double(bitPattern: generator.next())
            if any.isFinite { return any }
          }
        }
        return Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 1000
      }
      if Bool.random(using: &generator) {
        // A line of a wide table.
        var cells: [ObservationRow.Cell] = []
        for index in periods.indices where long || Int.random(in: 0..<3, using: &generator) > 0 {
          cells.append(ObservationRow.Cell(period: Int32(index), value: value()))
        }
        items.append(
          .row(
            ObservationRow(
              country: area.0, areaKind: area.1, indicator: indicator, line: line, periods: periods, cells: cells)))
      } else {
        // The observations of a series element, with their statuses, the series' unit and note.
        let statuses = ["A", "E", "tab\t\"quoted\""].shuffled(using: &generator)
        var cells: [ObservationRow.Cell] = []
        var index = 0
        for period in periods.indices where long || Int.random(in: 0..<3, using: &generator) > 0 {
          index += 1
          cells.append(
            ObservationRow.Cell(
              period: Int32(period), value: value(),
              status: Int32(Int.random(in: -1..<statuses.count, using: &generator)),
              index: index, line: line * 1000 + index))
        }
        items.append(
          .row(
            ObservationRow(
              country: area.0, areaKind: area.1, indicator: indicator,
              unit: [nil, "USD", "USD ×10^6"][Int.random(in: 0...2, using: &generator)],
              note: [nil, "DECIMALS=4", "a \\ note"][Int.random(in: 0...2, using: &generator)],
              path: "/DataSet/Series[\(Int.random(in: 1...2, using: &generator))]", periods: periods,
              statuses: statuses,
              cells: cells)))
      }
    }
    let expanded = items.flatMap { item -> [Observation] in
      switch item {
      case .single(let observation): [observation]
      case .row(let row): row.observations
      }
    }
    #expect(items.contains { if case .row(let row) = $0 { row.cells.count > 4096 } else { false } })

    let folder = TestPaths.temporaryDirectory()
    let withRows = try Workspace(path: folder + "/rows.sqlite")
    _ = try withRows.importFile(file: "rows.csv", sha256: "rows", format: "test") { writer in
      for item in items {
        switch item {
        case .single(let observation): try writer.write(observation)
        case .row(let row): try writer.write(row)
        }
      }
      return ImportReport(file: "rows.csv", format: "test", source: SourceInfo(publisher: "Tester"))
    }
    let oneByOne = try Workspace(path: folder + "/one.sqlite")
    _ = try oneByOne.importFile(file: "rows.csv", sha256: "rows", format: "test") { writer in
      for observation in expanded { try writer.write(observation) }
      return ImportReport(file: "rows.csv", format: "test", source: SourceInfo(publisher: "Tester"))
    }
    let sql = "SELECT source_id, country, area_kind, indicator, unit, path, n, data FROM series ORDER BY id"
    let stored = try DatabaseQueue(path: folder + "/rows.sqlite").read { try Row.fetchAll($0, sql: sql) }
    let reference = try DatabaseQueue(path: folder + "/one.sqlite").read { try Row.fetchAll($0, sql: sql) }
    #expect(stored.count == reference.count)
    // The first difference only (a row's data is long).
    if let index = stored.indices.first(where: { $0 < reference.count && stored[$0] != reference[$0] }) {
      Issue.record("series row \(index + 1) differs: \(stored[index]) instead of \(reference[index])")
    }
    let read = try withRows.observations().map(\.observation)
    #expect(read.count == expanded.count)
    for (got, want) in zip(read, SeriesStorageTests.sortedReference(expanded)) {
      var bare = got
      bare.source = nil
      #expect(bare == want)
    }
  }

  /// A row cell's published text is stored as it is only where it is a JSON number that SQLite
  /// types as the number written anew would be (INTEGER for digits alone below 10^15, REAL for a
  /// fractional value); everything else is written anew. Either way the value reads back bit for
  /// bit as `Double(text)`, through the API and through SQLite's JSON functions.
  @Test func publishedTextIsKeptOnlyWhereItReadsTheSame() throws {
    let keptAsIs: Set = [
      "15.4428229480349", "85.10", "0.5", "-0.5", "-12.25", "100", "-7", "0.07", "999999999999999", "12345678.9",
    ]
    // Written anew, as worked out by hand from the encoder's documented forms.
    let rewritten = [
      "5.0": "5", "100.00": "100", "007": "7", ".5": "0.5", "5.": "5", "+1": "1", "1e3": "1000", "2E-2": "0.02",
      "0": "0",
      "-0": "-0.0", "0.000": "0", "1000000000000000": "1000000000000000.0", "-0.0": "-0.0",
    ]
    let texts = keptAsIs.sorted() + rewritten.keys.sorted()
    var line: [UInt8] = []
    var cells: [ObservationRow.Cell] = []
    for (index, text) in texts.enumerated() {
      let start = line.count
      line += Array(text.utf8)
      let value = try #require(line[start...].withContiguousStorageIfAvailable { parseFastPlainNumber($0) } ?? nil)
      cells.append(ObservationRow.Cell(period: Int32(index), value: value, text: start..<line.count))
      line.append(UInt8(ascii: ","))
    }
    let row = ObservationRow(
      country: "MYS", areaKind: .country, indicator: "X", line: 7, periods: texts.indices.map { "P\($0)" },
      cells: cells,
      text: line)
    let folder = TestPaths.temporaryDirectory()
    let workspace = try Workspace(path: folder + "/ws.sqlite")
    _ = try workspace.importFile(file: "row.csv", sha256: "row", format: "test") { writer in
      try writer.write(row)
      return ImportReport(file: "row.csv", format: "test", source: SourceInfo(publisher: "Tester"))
    }
    let (data, types, values) = try DatabaseQueue(path: folder + "/ws.sqlite").read { db in
      (
        try String.fetchOne(db, sql: "SELECT data FROM series") ?? "",
        try String.fetchAll(
          db, sql: "SELECT json_type(o.value, '$[1]') FROM series, json_each(series.data) o ORDER BY o.key"),
        try Double.fetchAll(db, sql: "SELECT value FROM observations")
      )
    }
    // Each element is ["P<index>",<number>] (the row's line, 7, is stored once in its column); pick
    // the number's spelling out of the text.
    let spellings = data.split(separator: "[\"").dropFirst().map { element in
      String(element.split(separator: ",")[1].prefix { $0 != "]" })
    }
    #expect(data.split(separator: "[\"").dropFirst().allSatisfy { $0.split(separator: ",").count == 2 })
    #expect(
      try DatabaseQueue(path: folder + "/ws.sqlite").read { try Int.fetchOne($0, sql: "SELECT line FROM series") } == 7)
    try #require(spellings.count == texts.count && types.count == texts.count && values.count == texts.count)
    let read = try workspace.observations().map(\.observation)
    for (index, text) in texts.enumerated() {
      let expected = try #require(Double(text))
      #expect(
        spellings[index] == (keptAsIs.contains(text) ? text : rewritten[text]), "\(text) stored as \(spellings[index])")
      #expect(Double(spellings[index])?.bitPattern == expected.bitPattern, "\(text) stored as \(spellings[index])")
      let whole = expected == expected.rounded() && abs(expected) < 1e15 && !(expected == 0 && expected.sign == .minus)
      #expect(types[index] == (whole ? "integer" : "real"), "\(text): \(types[index])")
      #expect(values[index].bitPattern == expected.bitPattern || (expected == 0 && values[index] == 0), "\(text)")
      let api = read.first { $0.period == "P\(index)" }
      #expect(api?.value.bitPattern == expected.bitPattern, "\(text) read back as \(String(describing: api?.value))")
    }
  }

  /// The tables every workspace format so far has had as the first release created them, for the
  /// hand-built old workspaces below.
  static let tablesUnchangedSinceV1 = """
    CREATE TABLE sources (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, publisher TEXT NOT NULL,
      dataset TEXT, licence TEXT, vintage TEXT, file TEXT, url TEXT, retrieved TEXT);
    CREATE TABLE classifications (import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      country TEXT NOT NULL, scheme TEXT NOT NULL, value TEXT NOT NULL);
    CREATE TABLE indicator_names (code TEXT PRIMARY KEY, name TEXT NOT NULL,
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE);
    """

  /// The v1 schema as the first release created it, marked as migrated to v1.
  static let v1Schema = """
    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
    INSERT INTO grdb_migrations VALUES ('v1');
    CREATE TABLE imports (id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, options TEXT NOT NULL,
      format TEXT NOT NULL, imported_at TEXT NOT NULL, observations INTEGER NOT NULL, report TEXT NOT NULL,
      UNIQUE (sha256, options));
    CREATE TABLE observations (import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      source_id INTEGER REFERENCES sources(id), country TEXT NOT NULL, area_kind TEXT NOT NULL,
      indicator TEXT NOT NULL, period TEXT NOT NULL, year INTEGER, value REAL NOT NULL,
      unit TEXT, status TEXT, note TEXT, location TEXT NOT NULL);
    CREATE INDEX observations_by_indicator ON observations(indicator, country, year);
    \(SeriesStorageTests.tablesUnchangedSinceV1)
    """

  @Test func aV1WorkspaceIsMigratedWithEveryRow() throws {
    let folder = TestPaths.temporaryDirectory()
    let path = folder + "/old.sqlite"
    // The v1 schema as the first release created it, with rows written the way it wrote them.
    try DatabaseQueue(path: path).write { db in
      try db.execute(
        sql: """
          \(SeriesStorageTests.v1Schema)
          INSERT INTO imports VALUES (1, 'a.csv', 'aaa', '', 'wb-csv', '2026-01-01', 3, '{}');
          INSERT INTO imports VALUES (2, 'b.xml', 'bbb', '', 'sdmx-ml', '2026-01-02', 1, '{}');
          INSERT INTO sources VALUES (1, 'k1', 'World Bank', 'WDI', 'CC BY 4.0', '2024-06-01', 'a.csv', NULL, NULL);
          INSERT INTO sources VALUES (2, 'k2', 'ECB', NULL, NULL, NULL, 'b.xml', NULL, NULL);
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'IT.NET.USER.ZS', '2020', 2020, 89.6, NULL, NULL, NULL, 'line 7');
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'IT.NET.USER.ZS', '2021', 2021, 96.8, NULL, 'E', NULL, 'line 7');
          INSERT INTO observations VALUES (1, 1, 'WLD', 'aggregate', 'IT.NET.USER.ZS', '2021', 2021, 63.1, NULL, NULL, NULL, 'line 9');
          INSERT INTO observations VALUES (2, 2, 'USD', 'unmatched', 'M.E', '2010-01', 2010, 1.4272, 'USD', 'A', 'DECIMALS=4', '/DataSet/Series[1]/Obs[1] (line 12)');
          """)
    }
    let workspace = try Workspace(path: path)
    let all = try workspace.observations()
    #expect(all.count == 4)
    let mys = all.filter { $0.observation.country == "MYS" }
    #expect(mys.map(\.observation.value) == [89.6, 96.8])
    #expect(mys.map(\.observation.status) == [nil, "E"])
    #expect(mys.allSatisfy { $0.source.vintage == "2024-06-01" && $0.source.licence == "CC BY 4.0" })
    let usd = try #require(all.first { $0.observation.country == "USD" })
    #expect(usd.observation.location == "/DataSet/Series[1]/Obs[1] (line 12)")
    #expect(usd.observation.position == .element(path: "/DataSet/Series[1]", index: 1, line: 12))
    #expect(usd.observation.note == "DECIMALS=4" && usd.observation.unit == "USD" && usd.importID == 2)
    #expect(try workspace.latestObservations(indicators: ["IT.NET.USER.ZS"]).count == 2)
    let counts = try workspace.tableCounts()
    #expect(counts["observations"] == 4 && counts["imports"] == 2)
  }

  /// Migration v2 is frozen: its rows are the bytes format v2 defines (every position written out,
  /// numbers in their shortest round-trip form, JSON escapes), whatever today's writer does —
  /// worked out by hand from the v1 rows below.
  @Test func migrationV2WritesTheFrozenFormat() throws {
    let folder = TestPaths.temporaryDirectory()
    let path = folder + "/old.sqlite"
    try DatabaseQueue(path: path).write { db in
      try db.execute(
        sql: """
          \(SeriesStorageTests.v1Schema)
          INSERT INTO imports VALUES (1, 'a.csv', 'aaa', '', 'wb-csv', '2026-01-01', 3, '{}');
          INSERT INTO sources VALUES (1, 'k1', 'World Bank', 'WDI', 'CC BY 4.0', '2024-06-01', 'a.csv', NULL, NULL);
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'X', '2020', 2020, 89.6, NULL, NULL, NULL, 'line 7');
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'X', '2021', 2021, 2.0, NULL, NULL, 'a "q" \\ ' || char(9), 'line 8');
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'X', '2022', 2022, 5.5, NULL, 'E', NULL, 'cell B7');
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'X', '2023', 2023, 0.0000001, NULL, NULL, NULL, '/D/S[2]/Obs[3] (line 40)');
          INSERT INTO observations VALUES (1, 1, 'MYS', 'country', 'X', '2024', 2024, 1e20, 'USD', NULL, NULL, 'line 9');
          """)
      // 4,097 values of one series: two rows, 4,096 and 1.
      try db.execute(
        sql: """
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4097)
          INSERT INTO observations SELECT 1, 1, 'GHA', 'country', 'Y', CAST(i AS TEXT), NULL, i, NULL, NULL, NULL,
            'line ' || (i + 1) FROM n
          """)
    }
    let workspace = try Workspace(path: path)
    let rows = try DatabaseQueue(path: path).read { db in
      try Row.fetchAll(db, sql: "SELECT source_id, indicator, path, n, data, line FROM series ORDER BY id")
    }
    #expect(rows.count == 5)
    let data = rows.map { $0["data"] as String }
    #expect(data[0] == #"[["2020",89.6,7],["2021",2,8,null,"a \"q\" \\ \u0009"],["2022",5.5,"cell B7","E"]]"#)
    #expect(rows[1]["path"] as String? == "/D/S[2]" && data[1] == #"[["2023",1e-07,[40,3]]]"#)
    #expect(data[2] == #"[["2024",1e+20,9]]"#)
    #expect(rows[3]["n"] as Int == 4096 && rows[4]["n"] as Int == 1 && data[4] == #"[["4097",4097,4098]]"#)
    #expect(rows.allSatisfy { ($0["line"] as Int?) == nil })
    // And they read back as the v1 rows.
    let read = try workspace.observations().map(\.observation)
    #expect(read.count == 5 + 4097)
    let mys = Dictionary(uniqueKeysWithValues: read.filter { $0.country == "MYS" }.map { ($0.period, $0) })
    #expect(mys["2021"]?.note == "a \"q\" \\ \t" && mys["2021"]?.value == 2)
    #expect(mys["2022"]?.value == 5.5 && mys["2022"]?.location == "cell B7" && mys["2022"]?.status == "E")
    #expect(mys["2023"]?.value == 1e-7 && mys["2023"]?.position == .element(path: "/D/S[2]", index: 3, line: 40))
    #expect(mys["2024"]?.value == 1e20 && mys["2024"]?.unit == "USD")
    #expect(read.first { $0.country == "GHA" && $0.period == "4097" }?.location == "line 4098")
  }

  /// The import's own source is only known at the end: rows written before then name it all the
  /// same, whether the source is new or was stored by an earlier import (or by one of the file's
  /// own observations), and no placeholder is left behind.
  @Test func theImportsOwnSourceIsCompletedAtTheEnd() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = try Workspace(path: folder + "/ws.sqlite")
    let first = SourceInfo(publisher: "First", dataset: "D1", vintage: "2024-01-01", file: "a.csv")
    let second = SourceInfo(publisher: "Second", licence: "CC BY 4.0", file: "b.csv")
    func observations(_ indicator: String, count: Int, ownSource: SourceInfo? = nil) -> [Observation] {
      (0..<count).map { index in
        Observation(
          country: "GHA", areaKind: .country, indicator: indicator, period: String(1000 + index), value: Double(index),
          position: .line(index + 2), source: index % 2 == 0 ? ownSource : nil)
      }
    }
    func importing(_ file: String, _ written: [Observation], source: SourceInfo) throws {
      _ = try workspace.importFile(file: file, sha256: file, format: "test") { writer in
        for observation in written { try writer.write(observation) }
        return ImportReport(file: file, format: "test", source: source)
      }
    }
    // A new source: the placeholder row becomes it.
    try importing("a.csv", observations("A", count: 9000), source: first)
    // The same source met first on the file's own observations: rows are pointed at that row.
    try importing("b.csv", observations("B", count: 9000, ownSource: second), source: second)
    // A source stored by an earlier import.
    try importing("c.csv", observations("C", count: 5000), source: first)
    let read = try workspace.observations()
    #expect(read.count == 23_000)
    for stored in read {
      #expect(
        stored.source == (stored.observation.indicator == "B" ? second : first), "\(stored.observation.indicator)")
    }
    #expect(try workspace.tableCounts()["sources"] == 2)
  }

  @Test func theDigestWaitsUnlessAFileOfTheSameSizeWasImported() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = try Workspace(path: folder + "/ws.sqlite")
    final class Log: @unchecked Sendable { var events: [String] = [] }
    let log = Log()
    func request(size: Int, digest: String) -> Workspace.ImportRequest {
      Workspace.ImportRequest(
        file: "f\(size).csv", size: size,
        digest: {
          log.events.append("digest")
          return digest
        }, format: "test",
        body: { writer in
          log.events.append("import")
          let observation = Observation(
            country: "MYS", areaKind: .country, indicator: "X", period: "2020", value: 1, position: .line(2))
          try writer.write(observation)
          var report = ImportReport(file: "f.csv", format: "test", source: SourceInfo(publisher: "T"))
          report.count(observation)
          return report
        })
    }
    _ = try workspace.importFiles([request(size: 100, digest: "d1")])
    #expect(log.events == ["import", "digest"])
    log.events = []
    // Another size: cannot be the same file, so it imports first.
    _ = try workspace.importFiles([request(size: 200, digest: "d2")])
    #expect(log.events == ["import", "digest"])
    log.events = []
    // The same size and digest: recognised before anything is read.
    let again = try workspace.importFiles([request(size: 100, digest: "d1")])
    #expect(log.events == ["digest"])
    #expect(again[0].alreadyImported)
    log.events = []
    // The same size, other bytes: digest first, then the import.
    let other = try workspace.importFiles([request(size: 100, digest: "d3")])
    #expect(log.events == ["digest", "import"])
    #expect(!other[0].alreadyImported)
    #expect(try workspace.observationCount() == 3)
  }

  @Test(arguments: [
    "", "[", "[[\"2020\",1,5]", "[[\"2020\",x,5]]", "[[\"2020\",1,5,nul]]", "[[\"20\\q\",1,5]]",
    "[[\"2020\",1,5]]x", "[[\"2020\",1e999,5]]", "[[\"\\ud800\",1,5]]", "[[\"2020\",1,5,]]", "[[\"2020\",1,[5]]]",
    "[[\"2020\",1,5,null,null,null]]", "[[\"2020\",1]]",
  ])
  func damagedDataIsAnErrorNotACrash(text: String) {
    #expect(throws: SeriesData.CorruptData.self) { try SeriesData.decode(Array(text.utf8), path: nil, line: nil) }
  }

  @Test func elementsAreWrittenAsDocumented() throws {
    var encoder = SeriesData.Encoder()
    encoder.append(period: "2019", value: 85.5, status: nil, note: nil, position: .line(12))
    encoder.append(
      period: "2019-03", value: 1.2345, status: "A", note: "DECIMALS=4",
      position: .element(path: "/DataSet/Series[1]", index: 12, line: 456))
    encoder.append(period: "2019", value: 3, status: nil, note: "est \"x\"\n", position: .text("$[0][3]"))
    encoder.append(period: "2020", value: -0.0, status: "E", note: nil, position: .line(13))
    encoder.append(period: "2021", value: -0.05, status: nil, note: nil, position: .line(14))
    encoder.append(period: "2022", value: 0.1 + 0.2, status: nil, note: nil, position: .line(15))
    let text = encoder.finish { String(decoding: $0, as: UTF8.self) }
    #expect(
      text
        == #"[["2019",85.5,12],["2019-03",1.2345,[456,12],"A","DECIMALS=4"],["2019",3,"$[0][3]",null,"est \"x\"\u000a"],["2020",-0.0,13,"E"],["2021",-0.05,14],["2022",0.30000000000000004,15]]"#
    )
    let decoded = try SeriesData.decode(Array(text.utf8), path: "/DataSet/Series[1]", line: nil)
    #expect(decoded.map(\.note) == [nil, "DECIMALS=4", "est \"x\"\n", nil, nil, nil])
    #expect(decoded[5].value == 0.1 + 0.2)
    #expect(decoded[3].value.sign == .minus)
  }

  /// Format v3: values read on the row's own line leave their position out (a `null` placeholder
  /// where a status or note follows); other lines are written out. Worked out by hand.
  @Test func elementsOnTheRowsLineLeaveItOut() throws {
    var encoder = SeriesData.Encoder()
    encoder.line = 7
    encoder.append(period: "2019", value: 85.5, status: nil, note: nil, position: .line(7))
    encoder.append(period: "2020", value: 1, status: "E", note: nil, position: .line(7))
    encoder.append(period: "2021", value: 2, status: nil, note: "n", position: .line(7))
    encoder.append(period: "2022", value: 3, status: nil, note: nil, position: .line(8))
    encoder.append(period: "2023", value: 4, status: nil, note: nil, position: .text("line 7"))
    let text = encoder.finish { String(decoding: $0, as: UTF8.self) }
    #expect(text == #"[["2019",85.5],["2020",1,null,"E"],["2021",2,null,null,"n"],["2022",3,8],["2023",4,"line 7"]]"#)
    let decoded = try SeriesData.decode(Array(text.utf8), path: nil, line: 7)
    #expect(decoded.map(\.position) == [.line(7), .line(7), .line(7), .line(8), .text("line 7")])
    #expect(decoded.map(\.status) == [nil, "E", nil, nil, nil])
    #expect(decoded.map(\.note) == [nil, nil, "n", nil, nil])
    // Without a row line, a left-out position is damage, as is a placeholder with nothing after it.
    for damaged in [#"[["2019",85.5]]"#, #"[["2019",1,null,"E"]]"#] {
      #expect(throws: SeriesData.CorruptData.self) { try SeriesData.decode(Array(damaged.utf8), path: nil, line: nil) }
    }
    #expect(throws: SeriesData.CorruptData.self) {
      try SeriesData.decode(Array(#"[["2019",1,null]]"#.utf8), path: nil, line: 7)
    }
  }

  /// `RowElements` writes through a pointer into space sized by its `capacity`: on the widest
  /// cells there are (extreme lines and indexes, long statuses and notes, published text longer than
  /// any number, values whose shortest form is long) it stays within it, in all three position
  /// forms, and the JSON reads back as the row's observations.
  @Test(arguments: [("element", nil as Int?), ("line", 7), ("other line", 8)])
  func rowElementsStayWithinTheirBound(form: String, seriesLine: Int?) throws {
    let published = "0.1000000000000000055511151231257827021181583404541015625"
    let text = Array(published.utf8)
    let values: [Double] = [
      0.1, -0.0, 2.2250738585072014e-308, -1.7976931348623157e308, 123456789012345.6, -9_007_199_254_740_992, 1e-22,
    ]
    let isElement = form == "element"
    var cells: [ObservationRow.Cell] = values.enumerated().map { index, value in
      isElement
        ? ObservationRow.Cell(
          period: Int32(index % 2), value: value, status: Int32(index % 3) - 1, index: Int.max, line: Int.min)
        : ObservationRow.Cell(period: Int32(index % 2), value: value)
    }
    if !isElement { cells.append(ObservationRow.Cell(period: 1, value: 0.1, text: 0..<text.count)) }
    let row = ObservationRow(
      country: "MYS", areaKind: .country, indicator: "X", note: String(repeating: "n\"\u{1}", count: 40),
      line: Int.max, path: isElement ? "/DataSet/Series[1]" : nil,
      periods: ["2019", String(repeating: "p\\", count: 30)],
      statuses: [String(repeating: "s\"", count: 50), "E"], cells: cells, text: text)
    let periods = JSONStrings(row.periods)
    let statuses = JSONStrings(row.statuses)
    let note = SeriesData.Encoder.jsonString(row.note!)
    let rowLine = seriesLine.map { $0 == 7 ? row.line : 8 }
    let (spare, json): (Int, String) = row.cells.withUnsafeBufferPointer { cells in
      text.withUnsafeBufferPointer { text in
        note.withUnsafeBufferPointer { note in
          periods.withView { periods in
            statuses.withView { statuses in
              let elements = RowElements(
                cells: cells, periods: periods, statuses: statuses, note: note, line: isElement ? nil : row.line,
                omitsLine: !isElement && rowLine == row.line, text: text)
              // Written into exactly the bound, with room beyond it that must stay untouched (the
              // cursor stops the process before a write past its end).
              let capacity = elements.capacity
              var buffer = [UInt8](repeating: 0xA5, count: 2 * capacity)
              let written = buffer.withUnsafeMutableBufferPointer {
                elements.write(to: UnsafeMutableBufferPointer(rebasing: $0[..<capacity]), first: UInt8(ascii: "["))
              }
              #expect(buffer[capacity...].allSatisfy { $0 == 0xA5 })
              return (elements.capacity - written, String(decoding: buffer[..<written], as: UTF8.self) + "]")
            }
          }
        }
      }
    }
    #expect(spare >= 0)
    let decoded = try SeriesData.decode(Array(json.utf8), path: row.path, line: rowLine)
    let expected = row.observations
    #expect(decoded.count == expected.count)
    for (got, want) in zip(decoded, expected) {
      #expect(got.period == want.period && got.status == want.status && got.note == want.note)
      #expect(
        got.value.bitPattern == want.value.bitPattern
          || (got.value == 0 && want.value == 0 && got.value.sign == want.value.sign))
      #expect(got.position == want.position)
    }
    #expect(json.contains(published) == !isElement)
  }

  /// `RowElements`' cursor checks that a write fits before it makes it: one byte, a run of bytes,
  /// or a number whose longest form would not fit, even when the number itself would.
  @Test func theCursorStopsBeforeWritingPastItsEnd() async {
    await #expect(processExitsWith: .failure) {
      let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 8)
      var cursor = RowElements.Cursor(UnsafeMutableBufferPointer(rebasing: memory[..<4]))
      cursor.put("abcd")
      cursor.put(UInt8(ascii: "e"))
    }
    await #expect(processExitsWith: .failure) {
      let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 8)
      var cursor = RowElements.Cursor(UnsafeMutableBufferPointer(rebasing: memory[..<4]))
      cursor.put("abc")
      cursor.put("de")
    }
    await #expect(processExitsWith: .failure) {
      let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
      var cursor = RowElements.Cursor(UnsafeMutableBufferPointer(rebasing: memory[..<40]))
      cursor.write(atMost: SeriesData.Encoder.maxNumberLength) { SeriesData.Encoder.writeNumber(1, to: $0) }
    }
    let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
    defer { memory.deallocate() }
    var cursor = RowElements.Cursor(memory)
    cursor.put("[")
    cursor.write(atMost: SeriesData.Encoder.maxNumberLength) { SeriesData.Encoder.writeNumber(2.5, to: $0) }
    cursor.put(UInt8(ascii: "]"))
    #expect(String(decoding: UnsafeBufferPointer(rebasing: memory[..<cursor.written]), as: UTF8.self) == "[2.5]")
  }

  /// A workspace written before format v3 (no `line` column, every line written out in the
  /// elements) reads as before once opened, its SQL view included, and takes new imports.
  @Test func aV2WorkspaceIsMigratedToV3() throws {
    let folder = TestPaths.temporaryDirectory()
    let path = folder + "/v2.sqlite"
    try DatabaseQueue(path: path).write { db in
      try db.execute(
        sql: """
          CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
          INSERT INTO grdb_migrations VALUES ('v1'), ('v2 series');
          CREATE TABLE imports (id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, options TEXT NOT NULL,
            format TEXT NOT NULL, imported_at TEXT NOT NULL, observations INTEGER NOT NULL, report TEXT NOT NULL,
            bytes INTEGER, UNIQUE (sha256, options));
          \(SeriesStorageTests.tablesUnchangedSinceV1)
          CREATE TABLE series (id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            source_id INTEGER REFERENCES sources(id), country TEXT NOT NULL, area_kind TEXT NOT NULL,
            indicator TEXT NOT NULL, unit TEXT, path TEXT, n INTEGER NOT NULL, data TEXT NOT NULL);
          CREATE INDEX series_by_indicator ON series(indicator, country);
          CREATE VIEW observations AS SELECT s.country, json_extract(o.value, '$[2]') AS location
            FROM series s, json_each(s.data) o;
          INSERT INTO imports VALUES (1, 'a.csv', 'aaa', '', 'wb-csv', '2026-01-01', 3, '{}', 10);
          INSERT INTO sources VALUES (1, 'k1', 'World Bank', 'WDI', 'CC BY 4.0', '2024-06-01', 'a.csv', NULL, NULL);
          INSERT INTO series VALUES (1, 1, 1, 'MYS', 'country', 'IT.NET.USER.ZS', NULL, NULL, 2,
            '[["2020",89.6,7],["2021",96.8,7,"E"]]');
          INSERT INTO series VALUES (2, 1, 1, 'WLD', 'aggregate', 'IT.NET.USER.ZS', NULL, NULL, 1, '[["2021",63.1,9]]');
          """)
    }
    let workspace = try Workspace(path: path)
    let all = try workspace.observations()
    #expect(all.map(\.observation.position) == [.line(7), .line(7), .line(9)])
    #expect(all.map(\.observation.status) == [nil, "E", nil])
    let added = [
      Observation(
        country: "KEN", areaKind: .country, indicator: "IT.NET.USER.ZS", period: "2021", value: 29.5, status: "E",
        position: .line(4)),
      Observation(
        country: "KEN", areaKind: .country, indicator: "IT.NET.USER.ZS", period: "2022", value: 31, position: .line(4)),
    ]
    _ = try workspace.importFile(file: "b.csv", sha256: "bbb", format: "test") { writer in
      for observation in added { try writer.write(observation) }
      return ImportReport(file: "b.csv", format: "test", source: SourceInfo(publisher: "Tester"))
    }
    let view = try DatabaseQueue(path: path).read { db in
      try Row.fetchAll(db, sql: "SELECT country, location, status FROM observations ORDER BY country, period")
    }
    #expect(view.map { $0["location"] as String } == ["line 4", "line 4", "line 7", "line 7", "line 9"])
    #expect(view.map { $0["status"] as String? } == ["E", nil, nil, "E", nil])
    let stored = try DatabaseQueue(path: path).read { db in
      try Row.fetchOne(db, sql: "SELECT line, data FROM series WHERE country = 'KEN'")
    }
    #expect(stored?["line"] as Int? == 4)
    #expect(stored?["data"] as String? == #"[["2021",29.5,null,"E"],["2022",31]]"#)
    #expect(try workspace.observations(countries: ["KEN"]).map(\.observation.position) == [.line(4), .line(4)])
  }

  /// Numbers as written (the decimal each double is closest to, worked out by hand) and read back
  /// to the same bits.
  @Test(arguments: [
    (1e-20, "0.00000000000000000001"), (123456.789, "123456.789"), (-1234567890123.5, "-1234567890123.5"),
    (999_999_999_999_999, "999999999999999"), (-42, "-42"), (0.000123, "0.000123"), (7.25e-7, "0.000000725"),
    (-0.5, "-0.5"), (100.01, "100.01"),
    // From 10^15 on, Swift's own description.
    (1e15, "1000000000000000.0"), (Double(9_007_199_254_740_993 as Int), "9007199254740992.0"),
  ])
  func numbersAreWrittenAsTheirShortDecimal(value: Double, text: String) throws {
    var encoder = SeriesData.Encoder()
    encoder.append(period: "2020", value: value, status: nil, note: nil, position: .line(7))
    let written = encoder.finish { String(decoding: $0, as: UTF8.self) }
    #expect(written == "[[\"2020\",\(text),7]]")
    let decoded = try SeriesData.decode(Array(written.utf8), path: nil, line: nil)
    #expect(decoded.first?.value.bitPattern == value.bitPattern)
  }

  @Test func positionsReadBackFromTheirText() {
    let cases: [Observation.Position] = [
      .line(12), .element(path: "/DataSet/Series[3]", index: 12, line: 456),
      .element(path: "/DataSet", index: 1, line: 9),
      .text("$.data[3]"), .text("line 012"), .text("line "), .text("/DataSet/Obs[0] (line 3)"),
    ]
    for position in cases {
      #expect(Observation.Position(parsing: position.description) == position, "\(position)")
    }
  }
}

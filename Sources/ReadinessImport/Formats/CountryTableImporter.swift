import Foundation
import ReadinessCore

/// The layout of index publications: one row per country (a column of names or codes), one
/// numeric column per indicator, text columns ignored — a sheet of the Global Index on Responsible
/// AI, the Government AI Readiness Index, an IMF table.
///
/// - The **country column** is the one whose values (in the first rows) most often resolve to a
///   country, by code (ISO alpha-3, alpha-2, any case) or by name.
/// - **Indicators** are the columns whose values are numbers (four in five at least); identifiers
///   (`id`, `…_id`), coordinates and the year column are left out. The header text is the code
///   (`--indicator-map` maps it to another).
/// - **The year**: a header ending in a year (`net_per_10K_2019`) gives the indicator (`net_per_10K`)
///   and its year; else a `Year` column; else `--period`; else a year in the sheet's or the file's
///   name; else the import stops and asks for `--period`.
/// - **Repeated countries**: when a country has several rows (one per skill group, per thematic
///   area), the text column that varies most within a country qualifies the indicator:
///   `net_per_10K [Artificial Intelligence (AI)]`.
struct CountryTableImporter: Importer {
  /// The period given with `--period`.
  var period: String?
  /// Names to look for a year in, before the file's (a workbook's sheet and file name).
  var names: [String] = []
  /// Maps a line of the CSV read to the position to record (a sheet's row).
  var position: @Sendable (Int) -> Observation.Position = { .line($0) }
  /// Maps a line and a column index (from 0) to an error location.
  var locate: (@Sendable (Int, Int?) -> SourceLocation)?

  static let sampleSize = 200
  /// Values sorted and handed over together (about 5 MB of pending values).
  static let batch = 200_000

  struct Plan {
    var countryColumn: Int
    var byCode: Bool
    var yearColumn: Int?
    /// Indicator columns: the column, its code and its year when the header carries one.
    var indicators: [(column: Int, code: String, year: String?)]
    var qualifier: Int?
  }

  /// A year at the end of a header (`net_per_10K_2019` → `net_per_10K`, `2019`).
  static func trailingYear(_ header: String) -> (base: String, year: String)? {
    let text = header.trimmingSpaces()
    guard text.count > 4 else { return nil }
    let year = String(text.suffix(4))
    guard let number = Int(year), (1900...2100).contains(number) else { return nil }
    var base = String(text.dropLast(4))
    guard let last = base.last, !last.isNumber else { return nil }
    while let last = base.last, last == "_" || last == " " || last == "-" || last == "(" { base.removeLast() }
    return base.isEmpty ? nil : (base, year)
  }

  static func isNumber(_ text: String) -> Bool {
    let trimmed = text.trimmingSpaces()
    guard !trimmed.isEmpty, let value = Double(trimmed) else { return false }
    return value.isFinite
  }

  /// Works out the layout from the header and the first rows.
  static func plan(header: [String], sample: [CSVRecord], reference: ReferenceData) -> Plan? {
    let width = max(header.count, sample.map(\.fields.count).max() ?? 0)
    func values(_ column: Int) -> [String] {
      sample.compactMap { record in
        guard let text = record[safe: column]?.trimmingSpaces(), !text.isEmpty else { return nil }
        return text
      }
    }
    var best: (column: Int, share: Double, byCode: Bool)?
    for column in 0..<width {
      let cells = values(column)
      guard cells.count >= 1, !cells.allSatisfy(isNumber) else { continue }
      var byCode = 0
      var byName = 0
      for cell in cells {
        if cell.count <= 3, case .country = reference.resolve(code: cell) { byCode += 1 }
        if case .country = reference.resolve(name: cell) { byName += 1 }
      }
      let share = Double(max(byCode, byName)) / Double(cells.count)
      if share >= 0.5,
        best == nil || share > best!.share + 0.05 || (byCode > byName && !(best!.byCode) && share >= best!.share - 0.05)
      {
        best = (column, share, byCode >= byName)
      }
    }
    guard let country = best else { return nil }
    let keys = header.map { HeaderIndex.key($0) }
    let yearColumn = keys.indices.first { index in
      ["year", "survey year", "period", "time", "time_period", "data year"].contains(keys[index])
        && values(index).allSatisfy { Int($0).map { (1900...2100).contains($0) } ?? false }
    }
    var indicators: [(column: Int, code: String, year: String?)] = []
    var textColumns: [Int] = []
    for column in 0..<width where column != country.column && column != yearColumn {
      let name = column < header.count ? header[column].trimmingSpaces() : ""
      let key = HeaderIndex.key(name)
      let cells = values(column)
      let numeric = cells.filter(isNumber).count
      if !cells.isEmpty && numeric * 5 >= cells.count * 4 {
        if name.isEmpty || key == "id" || key.hasSuffix("_id") || key.hasSuffix(" id")
          || ["lat", "long", "lon", "latitude", "longitude"].contains(where: { key == $0 || key.hasSuffix("_" + $0) })
        {
          continue
        }
        if yearColumn == nil, let split = trailingYear(name) {
          indicators.append((column, split.base, split.year))
        } else {
          indicators.append((column, name, nil))
        }
      } else if !cells.isEmpty {
        textColumns.append(column)
      }
    }
    // A country on several rows (for one year): the text column that varies most within a country.
    var qualifier: Int?
    var rowsByKey: [String: [CSVRecord]] = [:]
    for record in sample {
      guard let name = record[safe: country.column]?.trimmingSpaces(), !name.isEmpty else { continue }
      let year = yearColumn.flatMap { record[safe: $0] } ?? ""
      rowsByKey[name + "\u{1}" + year, default: []].append(record)
    }
    if rowsByKey.values.contains(where: { $0.count > 1 }) {
      var bestDistinct = 1
      for column in textColumns {
        let distinct = rowsByKey.values.map { rows in Set(rows.map { $0[safe: column] ?? "" }).count }.max() ?? 0
        if distinct >= bestDistinct {
          bestDistinct = distinct
          qualifier = column
        }
      }
      if bestDistinct <= 1 { qualifier = nil }
    }
    return Plan(
      countryColumn: country.column, byCode: country.byCode, yearColumn: yearColumn, indicators: indicators,
      qualifier: qualifier)
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .countryTable, source: SourceInfo(publisher: "unstated (country table)", file: file))
    var reader = start.reader
    var sample: [CSVRecord] = []
    while sample.count < CountryTableImporter.sampleSize, let record = try reader.next() {
      if !record.isBlank { sample.append(record) }
    }
    var table = try CountryTableReader(
      header: start.header.fields, headerLine: start.header.line, sample: sample, file: file, importer: self,
      context: context, report: start.report)
    for record in sample { try table.handle(CSVRow(record), emit: emit) }
    // The rest is read as bytes: a number is parsed from its cell without a string.
    while let row = try reader.nextRow() {
      if !row.isBlank { try table.handle(row, emit: emit) }
    }
    return try table.finish(emit: emit)
  }
}

/// A row of a country table: a CSV line read as bytes (``CSVRow``) or a worksheet's row
/// (``XLSXRow``), its fields numbered from 0.
protocol CountryTableRow {
  /// The number positions and errors are given by: a CSV line, a sheet row.
  var line: Int { get }
  /// The text of field `index`, `nil` past the last field.
  func string(at index: Int) -> String?
  /// The number in field `index`: `nil` for an empty field or a missing marker; an error for
  /// text that is not a number (its location is replaced by the caller's).
  func numericValue(at index: Int, file: String, what: @autoclosure () -> String) throws -> Double?
}

extension CSVRow: CountryTableRow {
  func numericValue(at index: Int, file: String, what: @autoclosure () -> String) throws -> Double? {
    try numericCell(self, index, file: file, what: what())?.value
  }
}

extension XLSXRow: CountryTableRow {
  var line: Int { number }
  func string(at index: Int) -> String? { field(index) }
  /// As ``numericCell(_:_:file:what:)`` reads the same text from a CSV line.
  func numericValue(at index: Int, file: String, what: @autoclosure () -> String) throws -> Double? {
    enum Cell {
      case empty
      case number(Double)
      case text
    }
    let cell = withField(index) { bytes -> Cell in
      if bytes.isEmpty { return .empty }
      if let value = parseFastPlainNumber(bytes) { return .number(value) }
      return .text
    }
    switch cell {
    case nil, .empty?: return nil
    case .number(let value)?: return value
    case .text?:
      return try numericText(field(index) ?? "", what: what(), at: SourceLocation(file: file, line: number))
    }
  }
}

/// A country table read row by row once its header and first rows are known: the layout
/// (``CountryTableImporter/plan(header:sample:reference:)``), then each row's values, handed over
/// in batches sorted by series. Shared by CSV files and by worksheets read directly.
struct CountryTableReader {
  let plan: CountryTableImporter.Plan
  let file: String
  let context: ImportContext
  let position: @Sendable (Int) -> Observation.Position
  let locate: (@Sendable (Int, Int?) -> SourceLocation)?
  private(set) var report: ImportReport
  private let fixedPeriod: String?

  /// Repeats are found on compact keys (area, indicator and year numbered as met), not on
  /// strings: a sheet of millions of values keeps a set of 8-byte numbers.
  private var seen = Set<UInt64>()
  private var seenOther = Set<String>()
  /// While every indicator column gives its own code under every qualifier (64 columns at
  /// most), a value repeats one already read exactly when its row repeats a row's area,
  /// qualifier and year and its column gave a value there: then repeats are found per row, one
  /// key and a mask of columns (a sheet of 3 million values keeps 75,000 entries, not 3 million).
  private var byRow = true
  private var rowMasks: [UInt64: UInt64] = [:]
  /// The qualifiers met, numbered as met ("" for none), with their columns' codes.
  private var qualifierNumbers: [String: Int] = [:]
  private var qualifierCodes: [[(code: Int32, name: String)]] = []
  private var duplicates = 0
  private struct Pending {
    var code: Int32
    var area: Int32
    var kind: AreaKind
    var period: Int32
    var line: Int32
    var value: Double
  }
  private var pending: [Pending] = []
  private var codes: [String] = []
  /// Each code's name for the report, set with its first value.
  private var codeNamed: [Bool] = []
  private var areas: [String] = []
  private var periods: [String] = []
  /// Each period as a year when it is one in `0..<2^24` (the compact key), else -1.
  private var periodYears: [Int] = []
  private var codeNumbers: [String: Int32] = [:]
  private var areaNumbers: [String: Int32] = [:]
  private var periodNumbers: [String: Int32] = [:]
  /// Per indicator column with its own year (in the header), that year's period number.
  private var ownPeriods: [Int32?] = []
  /// The last country met and how it resolved (rows of one country often follow each other).
  private var lastCountry: (raw: String, area: Int32, kind: AreaKind)?

  /// Works out the layout from `header` and `sample` (the first rows that are not blank) and
  /// the year; errors name `headerLine`.
  init(
    header: [String], headerLine: Int, sample: [CSVRecord], file: String, importer: CountryTableImporter,
    context: ImportContext, report: ImportReport
  ) throws {
    self.file = file
    self.context = context
    self.position = importer.position
    self.locate = importer.locate
    self.report = report
    let at = importer.locate?(headerLine, nil) ?? SourceLocation(file: file, line: headerLine)
    guard
      let plan = CountryTableImporter.plan(header: header, sample: sample, reference: context.reference)
    else {
      throw ReadinessError(
        .unexpectedContent,
        "expected a table with one row per country: no column of country names or codes found in the first \(sample.count) rows (use --header-row N if the header is not the first row)",
        at: at)
    }
    guard !plan.indicators.isEmpty else {
      throw ReadinessError(.unexpectedContent, "a column of countries but no numeric column to import", at: at)
    }
    self.plan = plan
    byRow = plan.indicators.count <= 64
    if plan.yearColumn != nil || plan.indicators.allSatisfy({ $0.year != nil }) {
      fixedPeriod = nil
    } else if let given = importer.period
      ?? (importer.names + [file]).lazy.compactMap(UNEGovImporter.yearInFileName).first
    {
      fixedPeriod = given
    } else {
      throw ReadinessError(
        .unexpectedContent,
        "no year: the table has no Year column and no year in its headers or name; use --period YEAR", at: at)
    }
    var own: [Int32?] = []
    for indicator in plan.indicators {
      if let year = indicator.year { own.append(periodNumber(year)) } else { own.append(nil) }
    }
    ownPeriods = own
  }

  private func location(_ line: Int, _ column: Int?) -> SourceLocation {
    locate?(line, column) ?? SourceLocation(file: file, line: line)
  }

  private mutating func periodNumber(_ text: String) -> Int32 {
    if let known = periodNumbers[text] { return known }
    let id = Int32(periods.count)
    periodNumbers[text] = id
    periods.append(text)
    let year = Int(text).flatMap { $0 >= 0 && $0 < 1 << 24 ? $0 : nil } ?? -1
    periodYears.append(year)
    return id
  }

  private mutating func areaNumber(_ text: String) -> Int32 {
    if let known = areaNumbers[text] { return known }
    let id = Int32(areas.count)
    areaNumbers[text] = id
    areas.append(text)
    return id
  }

  /// The codes of the indicator columns under `qualifier`, and the qualifier's number.
  private mutating func codes(qualifier: String?) -> (codes: [(code: Int32, name: String)], number: Int) {
    if let number = qualifierNumbers[qualifier ?? ""] { return (qualifierCodes[number], number) }
    let before = codes.count
    var out: [(code: Int32, name: String)] = []
    for indicator in plan.indicators {
      let name = qualifier.map { "\(indicator.code) [\($0)]" } ?? indicator.code
      let code = context.indicatorCode(name)
      let number: Int32
      if let known = codeNumbers[code] {
        number = known
      } else {
        number = Int32(codes.count)
        codeNumbers[code] = number
        codes.append(code)
        codeNamed.append(false)
      }
      out.append((number, name))
    }
    let number = qualifierCodes.count
    qualifierNumbers[qualifier ?? ""] = number
    qualifierCodes.append(out)
    // Rows stand for their values while each column's code is new and its own.
    if byRow && (out.contains { $0.code < before } || Set(out.map(\.code)).count != out.count) { valuesByKey() }
    return (out, number)
  }

  /// The key of a row for repeats: its area, qualifier and year (the year as a number where it
  /// is one, as the value keys have it, else its period's number); `nil` beyond the key's bits.
  private func rowKey(area: Int32, qualifier: Int, period: Int32?) -> UInt64? {
    let periodKey: Int
    if let period {
      let year = periodYears[Int(period)]
      periodKey = year >= 0 ? year : 1 << 24 + Int(period)
    } else {
      periodKey = 0
    }
    guard area < 1 << 24, qualifier < 1 << 14, periodKey < 1 << 26 else { return nil }
    return UInt64(area) << 40 | UInt64(qualifier) << 26 | UInt64(periodKey)
  }

  /// Leaves keys per row for keys per value: the values the rows stand for become value keys.
  private mutating func valuesByKey() {
    byRow = false
    let masks = rowMasks
    rowMasks = [:]
    for (key, mask) in masks {
      let area = Int32(key >> 40)
      let qualifier = Int(key >> 26 & (1 << 14 - 1))
      let periodKey = Int(key & (1 << 26 - 1))
      for (index, code) in qualifierCodes[qualifier].enumerated() where mask & 1 << UInt64(index) != 0 {
        let period: Int32
        if let own = ownPeriods[index] {
          period = own
        } else if periodKey >= 1 << 24 {
          period = Int32(periodKey - 1 << 24)
        } else {
          // A year: any period that reads as that year gives the same value key.
          period = Int32(periodYears.firstIndex(of: periodKey)!)
        }
        _ = isNew(area: area, code: code.code, period: period)
      }
    }
  }

  /// Whether the value is new: areas in 24 bits, indicators in 16, years in 24 (else a string key).
  private mutating func isNew(area: Int32, code: Int32, period: Int32) -> Bool {
    let year = periodYears[Int(period)]
    guard area < 1 << 24, code < 1 << 16, year >= 0 else {
      return seenOther.insert(
        areas[Int(area)] + "\u{1}" + codes[Int(code)] + "\u{1}" + periods[Int(period)]
      ).inserted
    }
    return seen.insert(UInt64(area) << 40 | UInt64(code) << 24 | UInt64(year)).inserted
  }

  /// Reads one row (a blank one is skipped by the caller).
  mutating func handle<Row: CountryTableRow>(_ record: Row, emit: ObservationSink) throws {
    let raw = record.string(at: plan.countryColumn)?.trimmingSpaces() ?? ""
    if raw.isEmpty { return }
    if lastCountry?.raw != raw {
      let resolved =
        plan.byCode && raw.count <= 3
        ? context.reference.resolve(code: raw) : context.reference.resolve(code: nil, name: raw)
      let (country, kind) = resolved.stored
      lastCountry = (raw, areaNumber(country), kind)
    }
    let area = lastCountry!.area
    let kind = lastCountry!.kind
    let qualifier = plan.qualifier.flatMap { record.string(at: $0)?.trimmingSpaces() }.flatMap {
      $0.isEmpty ? nil : $0
    }
    let (indicatorCodes, qualifierNumber) = codes(qualifier: qualifier)
    var rowPeriod: Int32?
    if let column = plan.yearColumn {
      let year = record.string(at: column)?.trimmingSpaces() ?? ""
      guard Int(year) != nil else {
        throw ReadinessError(.unexpectedContent, "\"\(year)\" is not a year", at: location(record.line, column))
      }
      rowPeriod = periodNumber(year)
    } else if let fixedPeriod {
      rowPeriod = periodNumber(fixedPeriod)
    }
    var key: UInt64?
    var mask: UInt64 = 0
    if byRow {
      key = rowKey(area: area, qualifier: qualifierNumber, period: rowPeriod)
      if let key { mask = rowMasks[key] ?? 0 } else { valuesByKey() }
    }
    defer { if let key, byRow, mask != 0 { rowMasks[key] = mask } }
    for (index, indicator) in plan.indicators.enumerated() {
      let code = indicatorCodes[index]
      let period = ownPeriods[index] ?? rowPeriod ?? periodNumber("")
      let value: Double?
      do {
        value = try record.numericValue(at: indicator.column, file: file, what: codes[Int(code.code)])
      } catch let error as ReadinessError {
        throw ReadinessError(error.code, error.message, at: location(record.line, indicator.column))
      }
      guard let value else {
        report.missingValues += 1
        continue
      }
      let new: Bool
      if key != nil && byRow {
        new = mask & 1 << UInt64(index) == 0
        mask |= 1 << UInt64(index)
      } else {
        new = isNew(area: area, code: code.code, period: period)
      }
      guard new else {
        duplicates += 1
        continue
      }
      if !codeNamed[Int(code.code)] {
        codeNamed[Int(code.code)] = true
        if report.indicatorNames[codes[Int(code.code)]] == nil {
          report.indicatorNames[codes[Int(code.code)]] = code.name
        }
      }
      pending.append(
        Pending(
          code: code.code, area: area, kind: kind, period: period, line: Int32(clamping: record.line), value: value))
      if pending.count >= CountryTableImporter.batch { try flush(emit: emit) }
    }
  }

  // A table is read row by row (a country's indicators) but stored series by series (an
  // indicator's values for a country): values are handed over in batches sorted by indicator,
  // country and period, so that the workspace keeps one series row per run instead of one per value.
  private mutating func flush(emit: ObservationSink) throws {
    if codes.count <= 1 << 16 && areas.count <= 1 << 24 && periods.count <= 1 << 24 {
      // Repeats are dropped before they wait here, so indicator, area and period tell every value
      // apart: one 64-bit key compares them at once (the sort is stable, rows stay in order).
      func key(_ item: Pending) -> UInt64 {
        UInt64(item.code) << 48 | UInt64(item.area) << 24 | UInt64(item.period)
      }
      pending.sort { key($0) < key($1) }
    } else {
      pending.sort { ($0.code, $0.area, $0.period, $0.line) < ($1.code, $1.area, $1.period, $1.line) }
    }
    // A row's position is made once per batch (its values are many and spread by the sort).
    var first = Int32.max
    var last = Int32.min
    for item in pending {
      first = min(first, item.line)
      last = max(last, item.line)
    }
    var positions: [Observation.Position?] = []
    if first <= last, Int(last) - Int(first) < 4 * pending.count {
      positions = [Observation.Position?](repeating: nil, count: Int(last) - Int(first) + 1)
    }
    for item in pending {
      let place: Observation.Position
      if positions.isEmpty {
        place = position(Int(item.line))
      } else if let known = positions[Int(item.line - first)] {
        place = known
      } else {
        place = position(Int(item.line))
        positions[Int(item.line - first)] = place
      }
      let observation = Observation(
        country: areas[Int(item.area)], areaKind: item.kind, indicator: codes[Int(item.code)],
        period: periods[Int(item.period)], value: item.value, position: place)
      report.count(observation)
      try emit(observation)
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// Hands over the last values and returns the report.
  mutating func finish(emit: ObservationSink) throws -> ImportReport {
    try flush(emit: emit)
    if duplicates > 0 {
      report.warnings.append("\(duplicates) values repeat a country, indicator and year already read: the first kept")
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension CountryTableImporter {
  static let format = ImportFormat.countryTable

  static func make(_ context: ImportContext) -> Self {
    CountryTableImporter(period: context.sdmx.period)
  }
}

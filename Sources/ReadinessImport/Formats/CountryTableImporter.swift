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
    var report = start.report
    let header = start.header.fields
    func location(_ line: Int, _ column: Int?) -> SourceLocation {
      locate?(line, column) ?? SourceLocation(file: file, line: line)
    }
    var sample: [CSVRecord] = []
    while sample.count < CountryTableImporter.sampleSize, let record = try reader.next() {
      if !record.isBlank { sample.append(record) }
    }
    guard
      let plan = CountryTableImporter.plan(header: header, sample: sample, reference: context.reference)
    else {
      throw ReadinessError(
        .unexpectedContent,
        "expected a table with one row per country: no column of country names or codes found in the first \(sample.count) rows (use --header-row N if the header is not the first row)",
        at: location(start.header.line, nil))
    }
    guard !plan.indicators.isEmpty else {
      throw ReadinessError(
        .unexpectedContent, "a column of countries but no numeric column to import",
        at: location(start.header.line, nil))
    }
    let fixedPeriod: String?
    if plan.yearColumn != nil || plan.indicators.allSatisfy({ $0.year != nil }) {
      fixedPeriod = nil
    } else if let given = period ?? (names + [file]).lazy.compactMap(UNEGovImporter.yearInFileName).first {
      fixedPeriod = given
    } else {
      throw ReadinessError(
        .unexpectedContent,
        "no year: the table has no Year column and no year in its headers or name; use --period YEAR",
        at: location(start.header.line, nil))
    }
    // Repeats are found on compact keys (country, indicator and year numbered as met), not on
    // strings: a sheet of millions of values keeps a set of 8-byte numbers.
    var seen = Set<UInt64>()
    var seenOther = Set<String>()
    var countryIDs: [String: UInt64] = [:]
    var codeIDs: [String: UInt64] = [:]
    /// Whether the value is new: countries in 24 bits, indicators in 16, years in 24 (else a string key).
    func isNew(_ country: String, _ code: String, _ year: String) -> Bool {
      let c =
        countryIDs[country]
        ?? {
          let id = UInt64(countryIDs.count)
          countryIDs[country] = id
          return id
        }()
      let i =
        codeIDs[code]
        ?? {
          let id = UInt64(codeIDs.count)
          codeIDs[code] = id
          return id
        }()
      guard c < 1 << 24, i < 1 << 16, let y = Int(year), y >= 0, y < 1 << 24 else {
        return seenOther.insert(country + "\u{1}" + code + "\u{1}" + year).inserted
      }
      return seen.insert(c << 40 | i << 24 | UInt64(y)).inserted
    }
    var duplicates = 0
    struct Pending {
      var code: Int32
      var area: Int32
      var kind: AreaKind
      var period: Int32
      var line: Int32
      var value: Double
    }
    var pending: [Pending] = []
    var codes: [String] = []
    var areas: [String] = []
    var periods: [String] = []
    var codeNumbers: [String: Int32] = [:]
    var areaNumbers: [String: Int32] = [:]
    var periodNumbers: [String: Int32] = [:]
    func number(_ text: String, _ numbers: inout [String: Int32], _ list: inout [String]) -> Int32 {
      if let known = numbers[text] { return known }
      let id = Int32(list.count)
      numbers[text] = id
      list.append(text)
      return id
    }
    func handle(_ record: CSVRow) throws {
      let raw = record.string(at: plan.countryColumn)?.trimmingSpaces() ?? ""
      if raw.isEmpty { return }
      let area =
        plan.byCode && raw.count <= 3
        ? context.reference.resolve(code: raw) : context.reference.resolve(code: nil, name: raw)
      let (country, kind) = area.stored
      let qualifier = plan.qualifier.flatMap { record.string(at: $0)?.trimmingSpaces() }.flatMap {
        $0.isEmpty ? nil : $0
      }
      for indicator in plan.indicators {
        let code = context.indicatorCode(qualifier.map { "\(indicator.code) [\($0)]" } ?? indicator.code)
        let year: String
        if let own = indicator.year {
          year = own
        } else if let column = plan.yearColumn {
          year = record.string(at: column)?.trimmingSpaces() ?? ""
          guard Int(year) != nil else {
            throw ReadinessError(.unexpectedContent, "\"\(year)\" is not a year", at: location(record.line, column))
          }
        } else {
          year = fixedPeriod ?? ""
        }
        let value: Double?
        do {
          value = try numericCell(record, indicator.column, file: file, what: code)?.value
        } catch let error as ReadinessError {
          throw ReadinessError(error.code, error.message, at: location(record.line, indicator.column))
        }
        guard let value else {
          report.missingValues += 1
          continue
        }
        guard isNew(country, code, year) else {
          duplicates += 1
          continue
        }
        if report.indicatorNames[code] == nil {
          report.indicatorNames[code] = qualifier.map { "\(indicator.code) [\($0)]" } ?? indicator.code
        }
        pending.append(
          Pending(
            code: number(code, &codeNumbers, &codes), area: number(country, &areaNumbers, &areas), kind: kind,
            period: number(year, &periodNumbers, &periods), line: Int32(clamping: record.line), value: value))
        if pending.count >= CountryTableImporter.batch { try flush() }
      }
    }
    // A table is read row by row (a country's indicators) but stored series by series (an
    // indicator's values for a country): values are handed over in batches sorted by indicator,
    // country and period, so that the workspace keeps one series row per run instead of one per value.
    func flush() throws {
      pending.sort { ($0.code, $0.area, $0.period, $0.line) < ($1.code, $1.area, $1.period, $1.line) }
      for item in pending {
        let observation = Observation(
          country: areas[Int(item.area)], areaKind: item.kind, indicator: codes[Int(item.code)],
          period: periods[Int(item.period)], value: item.value, position: position(Int(item.line)))
        report.count(observation)
        try emit(observation)
      }
      pending.removeAll(keepingCapacity: true)
    }
    for record in sample { try handle(CSVRow(record)) }
    // The rest is read as bytes: a number is parsed from its cell without a string.
    while let row = try reader.nextRow() {
      if !row.isBlank { try handle(row) }
    }
    try flush()
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

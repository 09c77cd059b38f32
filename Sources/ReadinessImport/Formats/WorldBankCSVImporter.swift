import Foundation
@_spi(RowStorage) import ReadinessCore

/// World Bank bulk CSV: `API_<code>_DS2_*.csv` (and topic files `API_14_DS2_*`), plus the
/// `Metadata_Country_*` and `Metadata_Indicator_*` files that come with them.
///
/// The data file has a preamble (`"Data Source","World Development Indicators",`, a blank
/// line, `"Last Updated Date","2022-09-16",`), then `Country Name,Country Code,Indicator
/// Name,Indicator Code,1960,…` with one column per year and a trailing comma. Aggregates
/// (WLD, EAS, HIC…) are mixed in: they are recognised from the reference tables and kept
/// apart. Excel re-saves with `;` and a `DD/MM/YYYY` date are read too; a row without a
/// country code (a hand-added total) is skipped and reported.
struct WorldBankCSVImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let (opened, encodingWarning) = try openCSV(file)
    var reader = opened
    var source = SourceInfo(
      publisher: "World Bank", dataset: "World Development Indicators", licence: "CC BY 4.0",
      file: file, url: "https://data.worldbank.org")
    var report = ImportReport(file: file, format: ImportFormat.wbCSV.rawValue, source: source)
    if let encodingWarning { report.warnings.append(encodingWarning) }
    var preambleLines: [Int] = []
    while let record = try reader.next() {
      if record.isBlank { continue }
      let first = HeaderIndex.key(record.fields[0])
      switch first {
      case "data source":
        if let dataset = record[safe: 1], !dataset.isEmpty { source.dataset = dataset }
        preambleLines.append(record.line)
      case "last updated date":
        if let raw = record[safe: 1], !raw.isEmpty {
          let (date, warning) = normaliseDate(raw, usOrder: false)
          source.vintage = date
          if let warning { report.warnings.append("line \(record.line): \(warning)") }
        }
        preambleLines.append(record.line)
      case "country name":
        report.source = source
        try readData(header: record, reader: &reader, file: file, context: context, report: &report, emit: emit)
        return report
      case "country code":
        report.source = source
        try readCountryMetadata(header: record, reader: &reader, file: file, context: context, report: &report)
        return report
      case "indicator_code":
        report.source = source
        try readIndicatorMetadata(header: record, reader: &reader, file: file, report: &report)
        return report
      default:
        throw ReadinessError(
          .unexpectedContent,
          "expected the World Bank preamble or a header starting \"Country Name\" or \"Country Code\"",
          at: SourceLocation(file: file, line: record.line, column: 1))
      }
    }
    throw ReadinessError(
      .unexpectedContent, "no header row \"Country Name,Country Code,…\" found", at: SourceLocation(file: file))
  }

  private func readData(
    header: CSVRecord, reader: inout CSVReader, file: String, context: ImportContext,
    report: inout ImportReport, emit: ObservationSink
  ) throws {
    let index = HeaderIndex(header)
    guard let nameColumn = index.find("Country Name"), let codeColumn = index.find("Country Code"),
      let indicatorColumn = index.find("Indicator Code")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected columns Country Name, Country Code, Indicator Code",
        at: SourceLocation(file: file, line: header.line))
    }
    let indicatorNameColumn = index.find("Indicator Name")
    var years: [(column: Int, year: String)] = []
    for (column, name) in header.fields.enumerated() {
      let trimmed = name.trimmingSpaces()
      if trimmed.count == 4, Int(trimmed) != nil { years.append((column, trimmed)) }
    }
    guard !years.isEmpty else {
      throw ReadinessError(
        .unexpectedContent, "no year columns (expected 1960, 1961, …)",
        at: SourceLocation(file: file, line: header.line))
    }
    let periods = years.map(\.year)
    // Every line has the header's fields: a line cut short (a file cut off mid-line, a lost
    // delimiter) or too long (a stray one) would shift or drop values without a word. A line
    // whose name a `;` re-save split (rejoined above) lost its trailing delimiter instead: one
    // field fewer there, when the header ends with an empty field.
    let fieldCount = header.fields.count
    let headerEndsBlank = header.fields.last?.trimmingSpaces().isEmpty == true
    func checkFieldCount(_ row: CSVRow, rejoined: Bool) throws {
      guard row.count != fieldCount else { return }
      if rejoined && headerEndsBlank && row.count == fieldCount - 1 { return }
      let what = row.count < fieldCount ? "cut short" : "too long"
      throw ReadinessError(
        .malformedInput,
        "line \(what): \(row.count) fields where the header (line \(header.line)) has \(fieldCount)"
          + (row.count < fieldCount ? " (a file cut off mid-line, or a delimiter lost?)" : " (a stray delimiter?)"),
        at: SourceLocation(file: file, line: row.line, column: row.column(of: row.count - 1)))
    }
    var resolved: [AreaKey: AreaResolution] = [:]
    // Consecutive lines mostly share their indicator: its code and name are taken once per run.
    var lastIndicator: (raw: String, code: String)?
    var lastIndicatorName: [UInt8] = []
    // Rows read as bytes: the year cells are parsed in place, without a string each.
    while var row = try reader.nextRow() {
      if row.isBlank { continue }
      var code = row.string(at: codeColumn)?.trimmingSpaces() ?? ""
      var rejoined = false
      if !WorldBankCSVImporter.isAreaCode(code),
        let repaired = WorldBankCSVImporter.rejoinSplitName(row.record, nameColumn: nameColumn, codeColumn: codeColumn)
      {
        report.warnings.append(
          "line \(row.line): the country name was split by the delimiter (\"\(row.string(at: nameColumn) ?? "");\(code)\", "
            + "a spreadsheet re-save?); joined back as \"\(repaired.fields[nameColumn])\"")
        row = CSVRow(repaired)
        code = row.string(at: codeColumn)?.trimmingSpaces() ?? ""
        rejoined = true
      }
      try checkFieldCount(row, rejoined: rejoined)
      let name = row.string(at: nameColumn) ?? ""
      let rawIndicator = row.string(at: indicatorColumn)?.trimmingSpaces() ?? ""
      if code.isEmpty && name.trimmingSpaces().isEmpty {
        report.skipped.append(
          "line \(row.line): row without a country name or code (a total added by hand?); not imported")
        continue
      }
      if rawIndicator.isEmpty {
        throw ReadinessError(
          .unexpectedContent, "empty Indicator Code (expected a code such as IT.NET.USER.ZS)",
          at: SourceLocation(file: file, line: row.line, column: row.column(of: indicatorColumn)))
      }
      let indicator: String
      if let last = lastIndicator, last.raw == rawIndicator {
        indicator = last.code
      } else {
        indicator = context.indicatorCode(rawIndicator)
        lastIndicator = (rawIndicator, indicator)
        lastIndicatorName = []
      }
      if let nameColumn = indicatorNameColumn,
        row.withBytes(at: nameColumn, { !$0.isEmpty && !WorldBankCSVImporter.same($0, lastIndicatorName) }) == true,
        let indicatorName = row.string(at: nameColumn)
      {
        report.indicatorNames[indicator] = indicatorName
        lastIndicatorName = Array(indicatorName.utf8)
      }
      let key = AreaKey(code: code, name: name)
      let area: AreaResolution
      if let known = resolved[key] {
        area = known
      } else {
        area = context.reference.resolve(code: code, name: name)
        resolved[key] = area
      }
      let (country, kind) = area.stored
      // One row per line: the line is one series, handed over whole.
      var cells: [ObservationRow.Cell] = []
      cells.reserveCapacity(years.count)
      for (index, (column, year)) in years.enumerated() {
        guard let (value, exact) = try numericCell(row, column, file: file, what: "year \(year)") else {
          report.missingValues += 1
          continue
        }
        // The published text goes along when it is exactly the value (the workspace may keep it).
        cells.append(
          exact
            ? ObservationRow.Cell(period: Int32(index), value: value, text: row.range(at: column) ?? 0..<0)
            : ObservationRow.Cell(period: Int32(index), value: value))
      }
      guard !cells.isEmpty else { continue }
      report.count(country: country, kind: kind, times: cells.count)
      try emit(
        ObservationRow(
          country: country, areaKind: kind, indicator: indicator, line: row.line, periods: periods, cells: cells,
          text: row.text))
    }
  }

  /// Whether two byte strings are equal (one `memcmp`; `elementsEqual` went byte by byte).
  static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
    guard bytes.count == other.count else { return false }
    guard let base = bytes.baseAddress else { return true }
    return other.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, bytes.count) == 0 }
  }

  /// A line's area as written: its code and name.
  private struct AreaKey: Hashable {
    var code: String
    var name: String
  }

  /// Spreadsheets re-saving a comma file with `;` turn "Korea, Rep." into two fields
  /// `Korea; Rep.` (and drop the trailing delimiter, so the field count still matches). When the
  /// code column holds text that is not a code and the next field is one, the name is rejoined.
  static func rejoinSplitName(_ record: CSVRecord, nameColumn: Int, codeColumn: Int) -> CSVRecord? {
    guard codeColumn == nameColumn + 1, record.fields.count > codeColumn + 1 else { return nil }
    let isCode = WorldBankCSVImporter.isAreaCode
    let tail = record.fields[codeColumn]
    guard !isCode(tail), !tail.isEmpty, isCode(record.fields[codeColumn + 1]) else { return nil }
    var fields = record.fields
    fields[nameColumn] = fields[nameColumn] + "," + tail
    fields.remove(at: codeColumn)
    var columns = record.columns
    if columns.count > codeColumn { columns.remove(at: codeColumn) }
    return CSVRecord(fields: fields, line: record.line, columns: columns)
  }

  /// Three capital letters or digits: what the Country Code column holds (`MYS`, `EAS`).
  static func isAreaCode(_ text: String) -> Bool {
    text.utf8.count == 3
      && text.utf8.allSatisfy {
        ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
      }
  }

  private func readCountryMetadata(
    header: CSVRecord, reader: inout CSVReader, file: String, context: ImportContext,
    report: inout ImportReport
  ) throws {
    let index = HeaderIndex(header)
    guard let codeColumn = index.find("Country Code"), let regionColumn = index.find("Region"),
      let incomeColumn = index.find("IncomeGroup")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected columns Country Code, Region, IncomeGroup",
        at: SourceLocation(file: file, line: header.line))
    }
    let nameColumn = index.find("TableName")
    var aggregates = 0
    defer {
      if aggregates > 0 {
        report.skipped.append("\(aggregates) aggregates (rows without a region) are not classified")
      }
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      let code = record[safe: codeColumn]?.trimmingSpaces() ?? ""
      let region = record[safe: regionColumn]?.trimmingSpaces() ?? ""
      let income = record[safe: incomeColumn]?.trimmingSpaces() ?? ""
      if region.isEmpty {
        aggregates += 1
        continue
      }
      let name = nameColumn.flatMap { record[safe: $0] }
      let area = context.reference.resolve(code: code, name: name)
      guard case .country(let iso3) = area else {
        report.unmatched[code, default: 0] += 1
        continue
      }
      report.classifications.append(Classification(country: iso3, scheme: "wb_region", value: region))
      if !income.isEmpty {
        report.classifications.append(Classification(country: iso3, scheme: "wb_income", value: income))
      }
    }
  }

  private func readIndicatorMetadata(
    header: CSVRecord, reader: inout CSVReader, file: String, report: inout ImportReport
  ) throws {
    let index = HeaderIndex(header)
    guard let codeColumn = index.find("INDICATOR_CODE"), let nameColumn = index.find("INDICATOR_NAME") else {
      throw ReadinessError(
        .unexpectedContent, "expected columns INDICATOR_CODE, INDICATOR_NAME",
        at: SourceLocation(file: file, line: header.line))
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      if let code = record[safe: codeColumn], let name = record[safe: nameColumn], !code.isEmpty {
        report.indicatorNames[code.trimmingSpaces()] = name
      }
    }
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension WorldBankCSVImporter {
  static let format = ImportFormat.wbCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    WorldBankCSVImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    // The wide `API_*.csv` (after its preamble), or its Metadata_Country / Metadata_Indicator companions.
    head.fields.first == "data source" || (head.fields.first == "country name" && head.keys.contains("indicator code"))
      || head.fields.starts(with: ["country code", "region", "incomegroup"]) || head.fields.first == "indicator_code"
  }
}

import ReadinessCore

/// World Bank Data360 CSV: `OBS_VALUE,…,DATABASE_ID,INDICATOR,REF_AREA,SEX,AGE,URBANISATION,
/// COMP_BREAKDOWN_1…3,TIME_PERIOD,FREQ,UNIT_MEASURE,…` — the API's answer, or the portal's export
/// with `STRUCTURE,STRUCTURE_ID,ACTION` in front and a `…_LABEL` column after each code column.
///
/// The indicator is `INDICATOR`; a row broken down by sex, age, urbanisation or another
/// breakdown (any value other than the totals `_T` and not-applicable `_Z`) is kept as its own
/// series, the breakdowns appended as `.SEX_F`, `.URBANISATION_R`, `.AGE_Y15T24`, `.COMP_BREAKDOWN_1_X`.
/// `ACTION=D` rows are deletions: not imported, reported. Label columns are skipped. The
/// publisher follows `DATABASE_ID` (ITU's databases carry ITU's terms, not an open licence).
struct Data360CSVImporter: Importer {
  static let breakdowns = ["SEX", "AGE", "URBANISATION", "COMP_BREAKDOWN_1", "COMP_BREAKDOWN_2", "COMP_BREAKDOWN_3"]

  /// Whether a CSV header is Data360's: the SDMX-like core columns and `DATABASE_ID`.
  static func isHeader(_ keys: Set<String>) -> Bool {
    keys.isSuperset(of: ["obs_value", "ref_area", "indicator", "time_period", "database_id"])
  }

  /// Provenance by database.
  static func source(database: String, file: String) -> SourceInfo {
    switch database.uppercased() {
    case "ITU_DH":
      SourceInfo(
        publisher: "International Telecommunication Union (ITU), via World Bank Data360",
        dataset: "ITU ICT Indicators Database (ITU_DH)", licence: "ITU terms of use (not an open licence)",
        file: file, url: "https://data360.worldbank.org")
    case "ITU_GCI":
      SourceInfo(
        publisher: "International Telecommunication Union (ITU), via World Bank Data360",
        dataset: "Global Cybersecurity Index (ITU_GCI)", licence: "ITU terms of use (not an open licence)",
        file: file, url: "https://data360.worldbank.org")
    case "":
      SourceInfo(publisher: "World Bank Data360", file: file, url: "https://data360.worldbank.org")
    default:
      SourceInfo(
        publisher: "World Bank Data360", dataset: database, licence: "as stated by the database's producer",
        file: file, url: "https://data360.worldbank.org")
    }
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(file, format: .data360CSV, source: SourceInfo(publisher: "World Bank Data360", file: file))
    var reader = start.reader
    var report = start.report
    let index = HeaderIndex(start.header)
    func required(_ name: String) throws -> Int {
      guard let position = index.find(name) else {
        throw ReadinessError(
          .unexpectedContent, "expected a \(name) column in a Data360 CSV",
          at: SourceLocation(file: file, line: start.header.line))
      }
      return position
    }
    let valueColumn = try required("OBS_VALUE")
    let areaColumn = try required("REF_AREA")
    let indicatorColumn = try required("INDICATOR")
    let periodColumn = try required("TIME_PERIOD")
    let databaseColumn = try required("DATABASE_ID")
    let areaLabel = index.find("REF_AREA_LABEL")
    let indicatorLabel = index.find("INDICATOR_LABEL")
    let actionColumn = index.find("ACTION")
    let unitColumn = index.find("UNIT_MEASURE")
    let statusColumn = index.find("OBS_STATUS")
    let breakdownColumns = Data360CSVImporter.breakdowns.compactMap { name in index.find(name).map { (name, $0) } }
    var database: String?
    var deletions = 0
    while let record = try reader.next() {
      if record.isBlank { continue }
      if let actionColumn, record[safe: actionColumn]?.trimmingSpaces().uppercased() == "D" {
        deletions += 1
        continue
      }
      let rowDatabase = (record[safe: databaseColumn] ?? "").trimmingSpaces()
      if database == nil { database = rowDatabase }
      var code = (record[safe: indicatorColumn] ?? "").trimmingSpaces()
      guard !code.isEmpty else {
        throw ReadinessError(
          .unexpectedContent, "expected an INDICATOR code",
          at: SourceLocation(file: file, line: record.line, column: record.column(of: indicatorColumn)))
      }
      for (name, column) in breakdownColumns {
        let value = (record[safe: column] ?? "").trimmingSpaces()
        if value.isEmpty || value == "_T" || value == "_Z" { continue }
        code += ".\(name)_\(value)"
      }
      code = context.indicatorCode(code)
      if report.indicatorNames[code] == nil {
        report.indicatorNames[code] = indicatorLabel.flatMap { record[safe: $0]?.trimmingSpaces() } ?? code
      }
      let period = (record[safe: periodColumn] ?? "").trimmingSpaces()
      guard Observation.year(of: period) != nil else {
        throw ReadinessError(
          .unexpectedContent, "\"\(period)\" is not a period",
          at: SourceLocation(file: file, line: record.line, column: record.column(of: periodColumn)))
      }
      guard let value = try numericCell(record, valueColumn, file: file, what: code) else {
        report.missingValues += 1
        continue
      }
      let area = context.reference.resolve(
        code: record[safe: areaColumn], name: areaLabel.flatMap { record[safe: $0] })
      let (country, kind) = area.stored
      var observation = Observation(
        country: country, areaKind: kind, indicator: code, period: period, value: value, position: .line(record.line))
      observation.unit = unitColumn.flatMap { record[safe: $0]?.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
      observation.status = statusColumn.flatMap { record[safe: $0]?.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
      report.count(observation)
      try emit(observation)
    }
    report.source = Data360CSVImporter.source(database: database ?? "", file: file)
    if deletions > 0 { report.skipped.append("\(deletions) rows with ACTION=D (deletions)") }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension Data360CSVImporter {
  static let format = ImportFormat.data360CSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    Data360CSVImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    isHeader(head.keys)
  }
}

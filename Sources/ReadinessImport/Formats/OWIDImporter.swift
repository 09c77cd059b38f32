import ReadinessCore

/// Our World in Data grapher CSV: `Entity,Code,Year,<one or more value columns>`.
///
/// The indicator is the value column's header unless `--indicator-map` maps it (the bundled
/// `Indicators/maps/owid-wdi.csv` maps OWID's World Bank columns back to WDI codes). Rows
/// with an `OWID_` code or no code are regions and groups: kept as aggregates. The same shape
/// without a code column (`Country,Year,<values>`, e.g. the AI Index national-strategy list) is
/// read by country name; unknown names are reported as unmatched.
struct OWIDImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let (opened, encodingWarning) = try openCSV(file)
    var reader = opened
    var report = ImportReport(
      file: file, format: ImportFormat.owidCSV.rawValue,
      source: SourceInfo(
        publisher: "Our World in Data", dataset: nil, licence: "CC BY 4.0", file: file,
        url: "https://ourworldindata.org"))
    if let encodingWarning { report.warnings.append(encodingWarning) }
    guard let header = try reader.next() else {
      throw ReadinessError(
        .unexpectedContent, "expected a header Entity,Code,Year,<value columns>",
        at: SourceLocation(file: file, line: 1))
    }
    // The same shape without a code column (`Country,Year,<values>`) is read by name.
    let hasCode = HeaderIndex.key(header[safe: 1] ?? "") == "code"
    let yearColumn = hasCode ? 2 : 1
    guard header.fields.count > yearColumn + 1 else {
      throw ReadinessError(
        .unexpectedContent, "expected value columns after Year", at: SourceLocation(file: file, line: 1))
    }
    if !hasCode { report.source = SourceInfo(publisher: "unstated (country-year CSV)", file: file) }
    let valueColumns = Array((yearColumn + 1)..<header.fields.count)
    let indicators = valueColumns.map { context.indicatorCode(header.fields[$0]) }
    for (column, indicator) in zip(valueColumns, indicators) {
      report.indicatorNames[indicator] = header.fields[column].trimmingSpaces()
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      let entity = record[safe: 0] ?? ""
      let code = hasCode ? (record[safe: 1] ?? "").trimmingSpaces() : ""
      let area: AreaResolution
      if code.isEmpty {
        let byName = context.reference.resolve(name: entity)
        if case .country = byName {
          area = byName
        } else if hasCode {
          area = .aggregate(entity.trimmingSpaces())
        } else {
          area = byName
        }
      } else {
        area = context.reference.resolve(code: code, name: entity)
      }
      let (country, kind) = area.stored
      let year = (record[safe: yearColumn] ?? "").trimmingSpaces()
      guard Int(year) != nil else {
        throw ReadinessError(
          .unexpectedContent, "\"\(year)\" is not a year",
          at: SourceLocation(file: file, line: record.line, column: record.column(of: yearColumn)))
      }
      for (column, indicator) in zip(valueColumns, indicators) {
        guard let value = try numericCell(record, column, file: file, what: indicator) else {
          report.missingValues += 1
          continue
        }
        let observation = Observation(
          country: country, areaKind: kind, indicator: indicator, period: year, value: value,
          position: .line(record.line))
        report.count(observation)
        try emit(observation)
      }
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension OWIDImporter {
  static let format = ImportFormat.owidCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    OWIDImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    // `Entity,Code,Year,…`, or `Country|Entity,Year,…` that is not a tidy table.
    head.fields.starts(with: ["entity", "code", "year"])
      || (head.fields.starts(with: ["country", "year"]) || head.fields.starts(with: ["entity", "year"]))
        && head.header.map { TidyCSVImporter.columns(in: HeaderIndex($0)) == nil } == true
  }
}

import ReadinessCore

/// Our World in Data grapher CSV: `Entity,Code,Year,<one or more value columns>`.
///
/// The indicator is the value column's header unless `--indicator-map` maps it (the bundled
/// `Indicators/maps/owid-wdi.csv` maps OWID's World Bank columns back to WDI codes). Rows
/// with an `OWID_` code or no code are regions and groups: kept as aggregates.
struct OWIDImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let (opened, encodingWarning) = try openCSV(file)
    var reader = opened
    var report = ImportReport(
      file: file, format: ImportFormat.owidCSV.rawValue,
      source: SourceInfo(publisher: "Our World in Data", dataset: nil, licence: "CC BY 4.0", file: file,
                         url: "https://ourworldindata.org"))
    if let encodingWarning { report.warnings.append(encodingWarning) }
    guard let header = try reader.next(), header.fields.count >= 4 else {
      throw ReadinessError(
        .unexpectedContent, "expected a header Entity,Code,Year,<value columns>", at: SourceLocation(file: file, line: 1))
    }
    let valueColumns = Array(3..<header.fields.count)
    let indicators = valueColumns.map { context.indicatorCode(header.fields[$0]) }
    for (column, indicator) in zip(valueColumns, indicators) {
      report.indicatorNames[indicator] = header.fields[column].trimmingSpaces()
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      let entity = record[safe: 0] ?? ""
      let code = (record[safe: 1] ?? "").trimmingSpaces()
      let area: AreaResolution
      if code.isEmpty {
        let byName = context.reference.resolve(name: entity)
        if case .country = byName { area = byName } else { area = .aggregate(entity.trimmingSpaces()) }
      } else {
        area = context.reference.resolve(code: code, name: entity)
      }
      let (country, kind) = area.stored
      let year = (record[safe: 2] ?? "").trimmingSpaces()
      guard Int(year) != nil else {
        throw ReadinessError(
          .unexpectedContent, "\"\(year)\" is not a year", at: SourceLocation(file: file, line: record.line, column: record.column(of: 2)))
      }
      for (column, indicator) in zip(valueColumns, indicators) {
        guard let value = try numericCell(record, column, file: file, what: indicator) else {
          report.missingValues += 1
          continue
        }
        let observation = Observation(
          country: country, areaKind: kind, indicator: indicator, period: year, value: value,
          location: "line \(record.line)")
        try emit(observation)
        report.count(observation)
      }
    }
    return report
  }
}

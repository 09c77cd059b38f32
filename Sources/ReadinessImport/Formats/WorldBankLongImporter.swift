import ReadinessCore

/// A long World Bank API pull saved as CSV:
/// `ind_id,ind_nm,cty_id,cty_nm,cty_iso,date,value,unit,obs_sttus,decimal`, `NA` for missing.
struct WorldBankLongImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .wbLong,
      source: SourceInfo(
        publisher: "World Bank", dataset: "World Development Indicators (API)",
        licence: "CC BY 4.0", file: file, url: "https://api.worldbank.org/v2"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let index = HeaderIndex(header)
    guard let indicatorColumn = index.find("ind_id"), let isoColumn = index.find("cty_iso"),
      let dateColumn = index.find("date"), let valueColumn = index.find("value")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected columns ind_id, cty_iso, date, value",
        at: SourceLocation(file: file, line: header.line))
    }
    let idColumn = index.find("cty_id")
    let nameColumn = index.find("cty_nm")
    let indicatorNameColumn = index.find("ind_nm")
    let unitColumn = index.find("unit")
    let statusColumn = index.find("obs_sttus", "obs_status")
    while let record = try reader.next() {
      if record.isBlank { continue }
      guard let value = try numericCell(record, valueColumn, file: file, what: "value") else {
        report.missingValues += 1
        continue
      }
      let iso = record[safe: isoColumn] ?? ""
      let area: AreaResolution
      if iso.trimmingSpaces().isEmpty {
        area = context.reference.resolve(
          code: idColumn.flatMap { record[safe: $0] }, name: nameColumn.flatMap { record[safe: $0] })
      } else {
        area = context.reference.resolve(code: iso, name: nameColumn.flatMap { record[safe: $0] })
      }
      let (country, kind) = area.stored
      let indicator = context.indicatorCode(record[safe: indicatorColumn] ?? "")
      if let column = indicatorNameColumn, let name = record[safe: column] {
        report.indicatorNames[indicator] = name
      }
      let unit = unitColumn.flatMap { record[safe: $0] }.flatMap { $0.isEmpty ? nil : $0 }
      let status = statusColumn.flatMap { record[safe: $0] }.flatMap { $0.isEmpty ? nil : $0 }
      let observation = Observation(
        country: country, areaKind: kind, indicator: indicator,
        period: (record[safe: dateColumn] ?? "").trimmingSpaces(), value: value, unit: unit, status: status,
        position: .line(record.line))
      report.count(observation)
      try emit(observation)
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension WorldBankLongImporter {
  static let format = ImportFormat.wbLong
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    WorldBankLongImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.isSuperset(of: ["ind_id", "cty_iso", "date", "value"])
  }
}

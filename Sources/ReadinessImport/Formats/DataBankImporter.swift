@_spi(RowStorage) import ReadinessCore

/// World Bank DataBank export (e.g. the Worldwide Governance Indicators):
/// `Country Name,Country Code,Series Name,Series Code,2019 [YR2019],2020 [YR2020]`, `..` for
/// missing values, then blank rows and footer lines `Data from database: …` and
/// `Last Updated: MM/DD/YYYY`, which become the dataset and vintage.
struct DataBankImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .wbDataBank,
      source: SourceInfo(
        publisher: "World Bank", dataset: nil, licence: "CC BY 4.0", file: file,
        url: "https://databank.worldbank.org"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let index = HeaderIndex(header)
    guard let nameColumn = index.find("Country Name"), let codeColumn = index.find("Country Code"),
      let seriesColumn = index.find("Series Code")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected columns Country Name, Country Code, Series Name, Series Code",
        at: SourceLocation(file: file, line: header.line))
    }
    let seriesNameColumn = index.find("Series Name")
    var periods: [(column: Int, period: String)] = []
    for (column, name) in header.fields.enumerated() {
      let trimmed = name.trimmingSpaces()
      if let year = Observation.year(of: String(trimmed.prefix(4))), trimmed.count >= 4 {
        periods.append((column, String(year)))
      }
    }
    let periodNames = periods.map(\.period)
    var inFooter = false
    while let record = try reader.next() {
      if record.isBlank {
        inFooter = true
        continue
      }
      let first = record.fields[0].trimmingSpaces()
      if first.hasPrefix("Data from database:") {
        report.source.dataset = String(first.dropFirst("Data from database:".count)).trimmingSpaces()
        inFooter = true
        continue
      }
      if first.hasPrefix("Last Updated:") {
        let (date, warning) = normaliseDate(String(first.dropFirst("Last Updated:".count)), usOrder: true)
        report.source.vintage = date
        if let warning { report.warnings.append(warning) }
        inFooter = true
        continue
      }
      if inFooter {
        report.skipped.append("line \(record.line): footer text \"\(first)\"")
        continue
      }
      let code = record[safe: codeColumn] ?? ""
      let name = record[safe: nameColumn] ?? ""
      let series = record[safe: seriesColumn]?.trimmingSpaces() ?? ""
      guard !series.isEmpty else {
        throw ReadinessError(
          .unexpectedContent, "empty Series Code", at: SourceLocation(file: file, line: record.line))
      }
      let indicator = context.indicatorCode(series)
      if let column = seriesNameColumn, let seriesName = record[safe: column] {
        report.indicatorNames[indicator] = seriesName
      }
      let (country, kind) = context.reference.resolve(code: code, name: name).stored
      // One row per line, as World Bank bulk files.
      var cells: [ObservationRow.Cell] = []
      for (index, (column, period)) in periods.enumerated() {
        guard let value = try numericCell(record, column, file: file, what: period) else {
          report.missingValues += 1
          continue
        }
        cells.append(ObservationRow.Cell(period: Int32(index), value: value))
      }
      guard !cells.isEmpty else { continue }
      report.count(country: country, kind: kind, times: cells.count)
      try emit(
        ObservationRow(
          country: country, areaKind: kind, indicator: indicator, line: record.line, periods: periodNames,
          cells: cells))
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension DataBankImporter {
  static let format = ImportFormat.wbDataBank
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    DataBankImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.isSuperset(of: ["country name", "country code", "series name", "series code"])
  }
}

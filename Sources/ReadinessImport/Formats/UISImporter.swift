import ReadinessCore

/// UNESCO Institute for Statistics bulk download (BDDS) files.
///
/// `*_DATA_NATIONAL.csv`: `INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER`. MAGNITUDE
/// says what a value is: `NIL` (a true zero), `NA` (not applicable), `SUPP` (suppressed),
/// `INCLUDED` (counted elsewhere), `LOWREL` (low reliability); QUALIFIER says who estimated it
/// (`NAT_EST`, `UIS_EST`). Blank values with a magnitude are missing, not zero; NIL is stored as
/// 0; magnitude and qualifier are kept as the note and status. `*_LABEL.csv` gives indicator
/// names; `*_COUNTRY.csv` and `*_REGION.csv` hold no values (regions become classifications).
struct UISImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .uisCSV,
      source: SourceInfo(
        publisher: "UNESCO Institute for Statistics", dataset: "UIS Bulk Data Download Service",
        licence: "CC BY-SA 3.0 IGO", file: file, url: "https://uis.unesco.org"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let index = HeaderIndex(header)
    if let idColumn = index.find("INDICATOR_ID"), let labelColumn = index.find("INDICATOR_LABEL_EN") {
      while let record = try reader.next() {
        if record.isBlank { continue }
        if let id = record[safe: idColumn], let label = record[safe: labelColumn] {
          report.indicatorNames[context.indicatorCode(id)] = label.trimmingSpaces()
        }
      }
      return report
    }
    if let regionColumn = index.find("REGION_ID"), let countryColumn = index.find("COUNTRY_ID") {
      while let record = try reader.next() {
        if record.isBlank { continue }
        guard let region = record[safe: regionColumn], let code = record[safe: countryColumn] else { continue }
        if case .country(let iso3) = context.reference.resolve(code: code) {
          report.classifications.append(Classification(country: iso3, scheme: "uis_region", value: region))
        } else {
          report.unmatched[code, default: 0] += 1
        }
      }
      return report
    }
    guard let indicatorColumn = index.find("INDICATOR_ID"), let countryColumn = index.find("COUNTRY_ID"),
      let yearColumn = index.find("YEAR"), let valueColumn = index.find("VALUE")
    else {
      if index.find("COUNTRY_ID") != nil && index.find("COUNTRY_NAME_EN") != nil {
        report.skipped.append("a country list (COUNTRY_ID, COUNTRY_NAME_EN): no values to import")
        return report
      }
      throw ReadinessError(
        .unexpectedContent, "expected INDICATOR_ID,COUNTRY_ID,YEAR,VALUE[,MAGNITUDE,QUALIFIER]",
        at: SourceLocation(file: file, line: header.line))
    }
    let magnitudeColumn = index.find("MAGNITUDE")
    let qualifierColumn = index.find("QUALIFIER")
    while let record = try reader.next() {
      if record.isBlank { continue }
      let magnitude = magnitudeColumn.flatMap { record[safe: $0] }?.trimmingSpaces() ?? ""
      let qualifier = qualifierColumn.flatMap { record[safe: $0] }?.trimmingSpaces() ?? ""
      var value = try numericCell(record, valueColumn, file: file, what: "VALUE")
      if value == nil && magnitude == "NIL" { value = 0 }
      guard let value else {
        report.missingValues += 1
        continue
      }
      let (country, kind) = context.reference.resolve(code: record[safe: countryColumn] ?? "").stored
      let observation = Observation(
        country: country, areaKind: kind, indicator: context.indicatorCode(record[safe: indicatorColumn] ?? ""),
        period: (record[safe: yearColumn] ?? "").trimmingSpaces(), value: value,
        status: qualifier.isEmpty ? nil : qualifier, note: magnitude.isEmpty ? nil : "magnitude \(magnitude)",
        position: .line(record.line))
      report.count(observation)
      try emit(observation)
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension UISImporter {
  static let format = ImportFormat.uisCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    UISImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.contains("country_id")
      && (head.keys.contains("indicator_id") || head.keys.contains("region_id")
        || head.keys.contains("country_name_en"))
      || head.keys.contains("indicator_id") && head.keys.contains("indicator_label_en")
  }
}

import ReadinessCore

/// The universal fallback: a long CSV with one observation per row.
///
/// Required columns (first alias found wins): country (`country`, `iso3`, `cc_iso3c`,
/// `ref_area`, `country_code`), indicator (`indicator`, `variable`, `series`,
/// `indicator_code`), period (`period`, `year`, `ref_year`, `time_period`, `date`), value
/// (`value`, `obs_value`). Optional: `unit`, `status`/`obs_status`, `note`, and per-row provenance
/// `publisher`, `dataset`, `licence`, `vintage`, `source_file`, `source_location`,
/// `source_url`, `retrieved` — the bundled snapshot uses these so that every value keeps its
/// original source. Instead of those, a `source` column may hold an id into a sources table
/// given with `--sources FILE` (the compact form the bundled snapshot uses). The country
/// cell may be a code or a name.
struct TidyCSVImporter: Importer {
  struct Columns {
    var country: Int
    var indicator: Int
    var period: Int
    var value: Int
    var unit: Int?
    var status: Int?
    var note: Int?
    var publisher: Int?
    var dataset: Int?
    var licence: Int?
    var vintage: Int?
    var sourceFile: Int?
    var sourceLocation: Int?
    var sourceURL: Int?
    var retrieved: Int?
    var sourceID: Int?
  }

  static func columns(in index: HeaderIndex) -> Columns? {
    guard let country = index.find("country", "iso3", "cc_iso3c", "ref_area", "country_code"),
      let indicator = index.find("indicator", "variable", "series", "indicator_code"),
      let period = index.find("period", "year", "ref_year", "time_period", "date"),
      let value = index.find("value", "obs_value")
    else { return nil }
    return Columns(
      country: country, indicator: indicator, period: period, value: value,
      unit: index.find("unit"), status: index.find("status", "obs_status"), note: index.find("note"),
      publisher: index.find("publisher"), dataset: index.find("dataset"),
      licence: index.find("licence", "license"), vintage: index.find("vintage"),
      sourceFile: index.find("source_file"), sourceLocation: index.find("source_location"),
      sourceURL: index.find("source_url"), retrieved: index.find("retrieved"), sourceID: index.find("source"))
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(file, format: .tidyCSV, source: SourceInfo(publisher: "unstated (tidy CSV)", file: file))
    var reader = start.reader
    var report = start.report
    let header = start.header
    guard let columns = TidyCSVImporter.columns(in: HeaderIndex(header)) else {
      throw ReadinessError(
        .unexpectedContent, "expected columns country,indicator,period,value",
        at: SourceLocation(file: file, line: header.line))
    }
    var resolved: [String: AreaResolution] = [:]
    var sources: [SourceInfo: SourceInfo] = [:]
    func cell(_ record: CSVRecord, _ column: Int?) -> String? {
      guard let column, let text = record[safe: column]?.trimmingSpaces(), !text.isEmpty else { return nil }
      return text
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      guard let value = try numericCell(record, columns.value, file: file, what: "value") else {
        report.missingValues += 1
        continue
      }
      let rawCountry = record[safe: columns.country] ?? ""
      let area: AreaResolution
      if let known = resolved[rawCountry] {
        area = known
      } else {
        let trimmed = rawCountry.trimmingSpaces()
        let looksLikeCode = trimmed.count <= 3 || trimmed.hasPrefix("OWID_")
        area =
          looksLikeCode
          ? context.reference.resolve(code: trimmed, name: trimmed)
          : context.reference.resolve(name: trimmed)
        resolved[rawCountry] = area
      }
      let (country, kind) = area.stored
      guard let indicator = cell(record, columns.indicator), let period = cell(record, columns.period) else {
        throw ReadinessError(
          .unexpectedContent, "empty indicator or period",
          at: SourceLocation(file: file, line: record.line))
      }
      var rowSource: SourceInfo?
      if let id = cell(record, columns.sourceID) {
        guard let source = context.sourceTable[id] else {
          throw ReadinessError(
            .unexpectedContent, "source \"\(id)\" is not in the sources table (pass it with --sources FILE)",
            at: SourceLocation(file: file, line: record.line, column: record.column(of: columns.sourceID ?? 0)))
        }
        rowSource = source
      } else if let publisher = cell(record, columns.publisher) {
        let candidate = SourceInfo(
          publisher: publisher, dataset: cell(record, columns.dataset), licence: cell(record, columns.licence),
          vintage: cell(record, columns.vintage), file: cell(record, columns.sourceFile),
          url: cell(record, columns.sourceURL), retrieved: cell(record, columns.retrieved))
        if let existing = sources[candidate] {
          rowSource = existing
        } else {
          sources[candidate] = candidate
          rowSource = candidate
        }
      }
      let location = cell(record, columns.sourceLocation) ?? "line \(record.line)"
      let observation = Observation(
        country: country, areaKind: kind, indicator: context.indicatorCode(indicator), period: period,
        value: value, unit: cell(record, columns.unit), status: cell(record, columns.status),
        note: cell(record, columns.note),
        location: location, source: rowSource)
      report.count(observation)
      try emit(observation)
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension TidyCSVImporter {
  static let format = ImportFormat.tidyCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    TidyCSVImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.header.map { columns(in: HeaderIndex($0)) != nil } == true
  }
}

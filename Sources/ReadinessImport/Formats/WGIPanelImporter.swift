import ReadinessCore

/// The Worldwide Governance Indicators long panel (as distributed with R packages and course
/// material): `"","Country/Territory","Code","Year","Estimate","Lower","NumSrc","Rank",
/// "StdErr","Upper","Indicator"`, `NA` for missing, often Latin-1 encoded.
///
/// Indicator names map to the World Bank series codes the DataBank export uses: the estimate
/// of `GovernmentEffectiveness` is `GE.EST`, its standard error `GE.STD.ERR`, the percentile
/// rank `GE.PER.RNK` with bounds `GE.PER.RNK.LOWER`/`.UPPER`, the number of sources `GE.NO.SRC`.
/// Old World Bank codes (ROM, ZAR, TMP…) resolve through the reference code aliases.
struct WGIPanelImporter: Importer {
  static let prefixes: [String: String] = [
    "VoiceandAccountability": "VA", "PoliticalStability": "PV", "PoliticalStabilityNoViolence": "PV",
    "GovernmentEffectiveness": "GE", "RegulatoryQuality": "RQ", "RuleofLaw": "RL", "ControlofCorruption": "CC",
  ]
  static let measures: [(column: String, suffix: String)] = [
    ("Estimate", "EST"), ("StdErr", "STD.ERR"), ("NumSrc", "NO.SRC"), ("Rank", "PER.RNK"),
    ("Lower", "PER.RNK.LOWER"), ("Upper", "PER.RNK.UPPER"),
  ]

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .wgiCSV,
      source: SourceInfo(
        publisher: "World Bank", dataset: "Worldwide Governance Indicators (panel)", licence: "CC BY 4.0", file: file,
        url: "https://www.worldbank.org/en/publication/worldwide-governance-indicators"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let index = HeaderIndex(header)
    guard let codeColumn = index.find("Code"), let yearColumn = index.find("Year"),
      let indicatorColumn = index.find("Indicator")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected the WGI panel columns Code, Year, Indicator, Estimate…",
        at: SourceLocation(file: file, line: header.line))
    }
    let nameColumn = index.find("Country/Territory", "Country")
    let measures = WGIPanelImporter.measures.compactMap { entry in index.find(entry.column).map { ($0, entry.suffix) } }
    var unknown: [String: Int] = [:]
    while let record = try reader.next() {
      if record.isBlank { continue }
      let name = (record[safe: indicatorColumn] ?? "").trimmingSpaces()
      guard let prefix = WGIPanelImporter.prefixes[name] else {
        unknown[name, default: 0] += 1
        continue
      }
      let (country, kind) = context.reference.resolve(
        code: record[safe: codeColumn], name: nameColumn.flatMap { record[safe: $0] }
      ).stored
      for (column, suffix) in measures {
        guard let value = try numericCell(record, column, file: file, what: suffix) else {
          report.missingValues += 1
          continue
        }
        let observation = Observation(
          country: country, areaKind: kind, indicator: context.indicatorCode(prefix + "." + suffix),
          period: (record[safe: yearColumn] ?? "").trimmingSpaces(), value: value, position: .line(record.line))
        report.count(observation)
        try emit(observation)
      }
    }
    for (name, count) in unknown.sorted(by: { $0.key < $1.key }) {
      report.skipped.append("\(count) rows of unknown indicator \"\(name)\"")
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension WGIPanelImporter {
  static let format = ImportFormat.wgiCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    WGIPanelImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.isSuperset(of: ["code", "year", "estimate", "indicator"])
  }
}

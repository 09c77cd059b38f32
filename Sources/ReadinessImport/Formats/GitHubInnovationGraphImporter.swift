import ReadinessCore

/// GitHub Innovation Graph: `<metric>,iso2_code,year,quarter` (developers, organizations,
/// repositories, git_pushes) and `num_pushers,topic,iso2_code,year,quarter` (topics).
///
/// The data are quarterly; the workspace stores annual values by a stated rule, recorded in each
/// value's note:
/// - **levels** (developers, organizations, repositories, topic pushers: accounts active in a
///   quarter): the mean of the year's quarters present; a year with fewer than four quarters is
///   kept with the status `P` (partial year) and the number of quarters in the note;
/// - **flows** (git_pushes: pushes made in a quarter): the sum of the four quarters; a year with
///   fewer than four quarters is not stored (a partial sum would understate it) and is reported.
///
/// Codes: `GH.DEVELOPERS`, `GH.ORGANIZATIONS`, `GH.REPOSITORIES`, `GH.GIT_PUSHES` and
/// `GH.TOPIC.<topic>`. Economies appear only where at least 100 developers did the activity
/// (the publisher's threshold): a missing economy is missing, not zero. `EU` is an aggregate.
struct GitHubInnovationGraphImporter: Importer {
  static let flows: Set<String> = ["git_pushes"]

  /// Whether a header is the Innovation Graph's.
  static func isHeader(_ fields: [String]) -> Bool {
    let keys = fields.map { HeaderIndex.key($0) }
    return keys.count >= 4 && keys.suffix(3) == ["iso2_code", "year", "quarter"]
  }

  private struct Key: Hashable {
    var indicator: String
    var area: String
    var year: Int
  }

  private struct Sum {
    var total = 0.0
    var quarters = Set<Int>()
    var lastLine = 0
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .githubInnovationGraph,
      source: SourceInfo(
        publisher: "GitHub", dataset: "GitHub Innovation Graph", licence: "CC0 1.0", file: file,
        url: "https://innovationgraph.github.com"))
    var reader = start.reader
    var report = start.report
    let fields = start.header.fields.map { $0.trimmingSpaces() }
    guard GitHubInnovationGraphImporter.isHeader(fields) else {
      throw ReadinessError(
        .unexpectedContent, "expected a header <metric>[,topic],iso2_code,year,quarter",
        at: SourceLocation(file: file, line: start.header.line))
    }
    let metric = fields[0].lowercased()
    let topicColumn: Int? = fields.count == 5 && HeaderIndex.key(fields[1]) == "topic" ? 1 : nil
    guard fields.count == (topicColumn == nil ? 4 : 5) else {
      throw ReadinessError(
        .unexpectedContent, "expected one metric column (and topic) before iso2_code,year,quarter",
        at: SourceLocation(file: file, line: start.header.line))
    }
    let areaColumn = fields.count - 3
    let isFlow = GitHubInnovationGraphImporter.flows.contains(metric)
    var sums: [Key: Sum] = [:]
    var order: [Key] = []
    while let record = try reader.next() {
      if record.isBlank { continue }
      guard record.fields.count == fields.count else {
        throw ReadinessError(
          .unexpectedContent, "expected \(fields.count) fields, found \(record.fields.count)",
          at: SourceLocation(file: file, line: record.line))
      }
      let yearText = record.fields[areaColumn + 1].trimmingSpaces()
      let quarterText = record.fields[areaColumn + 2].trimmingSpaces()
      guard let year = Int(yearText), (1900...2200).contains(year) else {
        throw ReadinessError(
          .unexpectedContent, "\"\(yearText)\" is not a year",
          at: SourceLocation(file: file, line: record.line, column: record.column(of: areaColumn + 1)))
      }
      guard let quarter = Int(quarterText), (1...4).contains(quarter) else {
        throw ReadinessError(
          .unexpectedContent, "\"\(quarterText)\" is not a quarter (1 to 4)",
          at: SourceLocation(file: file, line: record.line, column: record.column(of: areaColumn + 2)))
      }
      guard let value = try numericCell(record, 0, file: file, what: metric) else {
        report.missingValues += 1
        continue
      }
      let indicator: String
      if let topicColumn {
        indicator = context.indicatorCode("GH.TOPIC." + record.fields[topicColumn].trimmingSpaces())
      } else {
        indicator = context.indicatorCode("GH." + metric.uppercased())
      }
      let key = Key(indicator: indicator, area: record.fields[areaColumn].trimmingSpaces(), year: year)
      if sums[key] == nil { order.append(key) }
      var sum = sums[key, default: Sum()]
      guard sum.quarters.insert(quarter).inserted else {
        throw ReadinessError(
          .unexpectedContent, "\(key.area) \(year) Q\(quarter) appears twice",
          at: SourceLocation(file: file, line: record.line))
      }
      sum.total += value
      sum.lastLine = record.line
      sums[key] = sum
    }
    var partialFlows = 0
    for key in order {
      guard let sum = sums[key] else { continue }
      let quarters = sum.quarters.count
      if isFlow && quarters < 4 {
        partialFlows += 1
        continue
      }
      let value = isFlow ? sum.total : sum.total / Double(quarters)
      let area = key.area == "EU" ? AreaResolution.aggregate("EU") : context.reference.resolve(code: key.area)
      let (country, kind) = area.stored
      var observation = Observation(
        country: country, areaKind: kind, indicator: key.indicator, period: String(key.year), value: value,
        position: .line(sum.lastLine))
      observation.note =
        isFlow
        ? "sum of 4 quarters" : "mean of \(quarters) quarter\(quarters == 1 ? "" : "s") (accounts active per quarter)"
      if quarters < 4 { observation.status = "P" }
      if report.indicatorNames[key.indicator] == nil {
        report.indicatorNames[key.indicator] =
          topicColumn == nil
          ? "GitHub \(metric.replacingOccurrences(of: "_", with: " ")) (\(isFlow ? "annual sum" : "annual mean of quarters"))"
          : "GitHub developers pushing to topic \(key.indicator.dropFirst("GH.TOPIC.".count)) (annual mean of quarters)"
      }
      report.count(observation)
      try emit(observation)
    }
    if partialFlows > 0 {
      report.skipped.append(
        "\(partialFlows) country-years with fewer than four quarters (a flow is summed over whole years only)")
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension GitHubInnovationGraphImporter {
  static let format = ImportFormat.githubInnovationGraph
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    GitHubInnovationGraphImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    isHeader(head.header?.fields ?? [])
  }
}

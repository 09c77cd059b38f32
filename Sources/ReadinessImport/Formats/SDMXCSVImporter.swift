import Foundation
import ReadinessCore

/// SDMX-CSV 1.0 (`DATAFLOW,<dimensions>,TIME_PERIOD,OBS_VALUE,<attributes>`) and 2.0
/// (`STRUCTURE[;],STRUCTURE_ID,ACTION,…`).
///
/// Headers may carry labels (`DIM_1: Dimension 1`), multi-value or language markers (`ATTR_1[]`,
/// `ATTR_1[en;fr]`); cells may be `CODE: Label` (the code is kept); a separate label column
/// (a header that is not an identifier, such as `Dimension 1`) is skipped. With `;` as the
/// delimiter a decimal comma in a measure is read as a decimal point. `ACTION=D` rows are
/// deletions: each measure of the key is stored as a recorded deletion (``Observation/deletionStatus``,
/// value 0, note "deleted by ACTION=D") that hides what earlier imports stored for that country,
/// indicator and period, while those values stay in the history; a deletion without a period is
/// reported and not applied. Several measures (`OBS_VALUE1`, `OBS_VALUE2`) give one
/// indicator each (the measure id is appended to the key). Components are told apart as in
/// ``SDMXMLImporter``: `TIME_PERIOD` is the time (or the one dimension whose values are
/// periods), known attribute concepts and `ATTR…` columns are attributes, the rest are
/// dimensions in column order (or `--dimension-order`).
struct SDMXCSVImporter: Importer {
  var dimensionOrder: [String] = []
  var areaDimension: String?

  static let metaColumns: Set<String> = [
    "DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "SERIES_KEY", "OBS_KEY", "UPDATED",
  ]

  enum Role: Equatable {
    case meta(String)
    case dimension(String)
    case time
    case measure(String)
    case attribute(String)
    case label
  }

  static func identifier(_ header: String) -> String? {
    var text = header.trimmingSpaces()
    if let colon = text.range(of: ":") { text = String(text[..<colon.lowerBound]) }
    if let bracket = text.firstIndex(of: "[") { text = String(text[..<bracket]) }
    guard text.range(of: #"^[A-Za-z][A-Za-z0-9_@.]*$"#, options: .regularExpression) != nil else { return nil }
    return text
  }

  static func isCSVHeader(_ fields: [String]) -> Bool {
    guard let first = fields.first.flatMap(identifier)?.uppercased() else { return false }
    return first == "DATAFLOW" || first == "STRUCTURE"
  }

  /// The code of a `CODE: Label` cell.
  static func code(_ cell: String) -> String {
    let text = cell.trimmingSpaces()
    if let range = text.range(of: ": ") { return String(text[..<range.lowerBound]) }
    return text
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let (opened, encodingWarning) = try openCSV(file)
    var reader = opened
    var report = ImportReport(
      file: file, format: ImportFormat.sdmxCSV.rawValue,
      source: SourceInfo(publisher: "unstated (SDMX-CSV)", file: file))
    if let encodingWarning { report.warnings.append(encodingWarning) }
    guard let header = try reader.next(), SDMXCSVImporter.isCSVHeader(header.fields) else {
      throw ReadinessError(
        .unexpectedContent, "expected an SDMX-CSV header starting with DATAFLOW or STRUCTURE",
        at: SourceLocation(file: file, line: 1, column: 1))
    }
    let forced = Set(dimensionOrder.map { $0.uppercased() })
    let roles: [Role] = header.fields.map { raw in
      guard let id = SDMXCSVImporter.identifier(raw) else { return .label }
      let concept = id.uppercased()
      if SDMXCSVImporter.metaColumns.contains(concept) { return .meta(concept) }
      if SDMXMLImporter.timeDimensions.contains(concept) { return .time }
      if concept.hasPrefix("OBS_VALUE") || concept.hasPrefix("MEAS") { return .measure(id) }
      if forced.contains(concept) { return .dimension(id) }
      if concept.hasPrefix("ATTR") || raw.contains("[") || SDMXMLImporter.attributeConcepts.contains(concept) {
        return .attribute(concept)
      }
      return .dimension(id)
    }
    let measures = roles.enumerated().compactMap { index, role -> (Int, String)? in
      if case .measure(let id) = role { return (index, id) }
      return nil
    }
    guard !measures.isEmpty else {
      throw ReadinessError(
        .unexpectedContent, "no OBS_VALUE column", at: SourceLocation(file: file, line: header.line))
    }
    let dimensions = roles.enumerated().compactMap { index, role -> (Int, String)? in
      if case .dimension(let id) = role { return (index, id) }
      return nil
    }
    var order = dimensionOrder.map { $0.uppercased() }
    for (_, id) in dimensions where !order.contains(id.uppercased()) { order.append(id.uppercased()) }
    let timeColumn = roles.firstIndex(of: .time)
    let actionColumn = roles.firstIndex(of: .meta("ACTION"))
    let structureColumn = roles.firstIndex(of: .meta("STRUCTURE_ID")) ?? roles.firstIndex(of: .meta("DATAFLOW"))
    let statusColumn = roles.firstIndex(of: .attribute("OBS_STATUS"))
    let unitColumn = roles.firstIndex(of: .attribute("UNIT_MEASURE"))
    let decimalComma = reader.delimiter == UInt8(ascii: ";")
    let wantedArea = areaDimension.map { [$0.uppercased()] } ?? SDMXMLImporter.areaDimensions
    var textMeasures = 0
    var deletions = 0

    while let record = try reader.next() {
      if record.isBlank { continue }
      let action = actionColumn.flatMap { record[safe: $0] }?.trimmingSpaces().uppercased() ?? "I"
      let deletion = action == "D"
      if let column = structureColumn, let structure = record[safe: column], !structure.isEmpty {
        let id = SDMXCSVImporter.code(structure)
        if report.source.dataset == nil { report.source.dataset = id }
        if report.source.publisher.hasPrefix("unstated"), let agency = id.split(separator: ":").first {
          report.source.publisher = String(agency)
        }
      }
      var values: [String: String] = [:]
      for (column, id) in dimensions {
        let cell = SDMXCSVImporter.code(record[safe: column] ?? "")
        if !cell.isEmpty { values[id.uppercased()] = cell }
      }
      var time = timeColumn.flatMap { record[safe: $0] }.map(SDMXCSVImporter.code)
      if time == nil || time?.isEmpty == true {
        let periods = values.filter { SDMXMLImporter.looksLikePeriod($0.value) }
        if periods.count == 1, let (id, period) = periods.first {
          time = period
          values[id] = nil
        }
      }
      guard let period = time, !period.isEmpty else {
        if deletion {
          report.skipped.append(
            "line \(record.line): deletion (ACTION=D) of a whole series (no TIME_PERIOD) not applied")
          continue
        }
        throw ReadinessError(
          .unexpectedContent, "no time period in this row (expected a TIME_PERIOD column)",
          at: SourceLocation(file: file, line: record.line))
      }
      let areaID = wantedArea.first { values[$0] != nil }
      let area = areaID.flatMap { values[$0] } ?? ""
      let key = order.filter { $0 != areaID }.compactMap { values[$0] }
      let (country, kind) = (area.isEmpty ? AreaResolution.unmatched("") : context.reference.resolve(code: area)).stored
      for (_, measure) in measures where deletion {
        let indicator = (key + (measures.count > 1 ? [measure] : [])).joined(separator: ".")
        let observation = Observation(
          country: country, areaKind: kind, indicator: context.indicatorCode(indicator), period: period, value: 0,
          status: Observation.deletionStatus, note: "deleted by ACTION=D", position: .line(record.line))
        deletions += 1
        try emit(observation)
      }
      for (column, measure) in measures where !deletion {
        var text = (record[safe: column] ?? "").trimmingSpaces()
        if isMissingMarker(text) {
          report.missingValues += 1
          continue
        }
        if decimalComma { text = text.replacingOccurrences(of: ",", with: ".") }
        guard let value = parseStatisticalNumber(text) else {
          textMeasures += 1
          if textMeasures <= 5 {
            report.skipped.append("line \(record.line): \(measure) \(describeRefusedNumber(text)); not imported")
          }
          continue
        }
        let indicator = (key + (measures.count > 1 ? [measure] : [])).joined(separator: ".")
        let observation = Observation(
          country: country, areaKind: kind, indicator: context.indicatorCode(indicator), period: period, value: value,
          unit: unitColumn.flatMap { record[safe: $0] }.map(SDMXCSVImporter.code).flatMap { $0.isEmpty ? nil : $0 },
          status: statusColumn.flatMap { record[safe: $0] }.map(SDMXCSVImporter.code).flatMap { $0.isEmpty ? nil : $0 },
          position: .line(record.line))
        report.count(observation)
        try emit(observation)
      }
    }
    if deletions > 0 {
      report.warnings.append(
        "\(deletions) deletion\(deletions == 1 ? "" : "s") (ACTION=D) recorded: newest-only views and scoring no longer "
          + "see the values earlier imports stored for \(deletions == 1 ? "that key" : "those keys"); the values stay in the history"
      )
    }
    if textMeasures > 5 { report.skipped.append("… \(textMeasures) non-numeric measure values in all") }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension SDMXCSVImporter {
  static let format = ImportFormat.sdmxCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    SDMXCSVImporter(dimensionOrder: context.sdmx.dimensionOrder, areaDimension: context.sdmx.areaDimension)
  }

  static func detect(_ head: FileHead) -> Bool {
    isCSVHeader(head.header?.fields ?? [])
  }
}

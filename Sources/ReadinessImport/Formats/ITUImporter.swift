import ReadinessCore

/// ITU DataHub CSV downloads: `seriesID,seriesCode,seriesName,seriesParent,seriesUnits,
/// entityID,entityIso,entityName,dataValue,dataYear,dataNote,dataSource,seriesDescription`.
///
/// The indicator is `seriesCode` (two series can share one name: `i271` counts and `i911` per
/// 100 people are both "Mobile-cellular subscriptions"). Values come as C-style strings
/// (`"1.2e+006"`); `dataNote` is kept as the note; `dataSource` may hold line breaks.
struct ITUImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .ituCSV,
      source: SourceInfo(
        publisher: "International Telecommunication Union (ITU)",
        dataset: "World Telecommunication/ICT Indicators Database (ITU DataHub)",
        licence: "ITU terms of use", file: file, url: "https://datahub.itu.int"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let index = HeaderIndex(header)
    guard let codeColumn = index.find("seriesCode"), let isoColumn = index.find("entityIso"),
      let valueColumn = index.find("dataValue"), let yearColumn = index.find("dataYear")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected the ITU DataHub columns seriesCode, entityIso, dataValue, dataYear",
        at: SourceLocation(file: file, line: header.line))
    }
    let nameColumn = index.find("entityName")
    let seriesNameColumn = index.find("seriesName")
    let unitColumn = index.find("seriesUnits")
    let noteColumn = index.find("dataNote")
    while let record = try reader.next() {
      if record.isBlank { continue }
      guard let value = try numericCell(record, valueColumn, file: file, what: "dataValue") else {
        report.missingValues += 1
        continue
      }
      let indicator = context.indicatorCode(record[safe: codeColumn] ?? "")
      if let column = seriesNameColumn, let name = record[safe: column] { report.indicatorNames[indicator] = name }
      let area = context.reference.resolve(
        code: record[safe: isoColumn], name: nameColumn.flatMap { record[safe: $0] })
      let (country, kind) = area.stored
      let note = noteColumn.flatMap { record[safe: $0] }?.trimmingSpaces()
      let observation = Observation(
        country: country, areaKind: kind, indicator: indicator,
        period: (record[safe: yearColumn] ?? "").trimmingSpaces(), value: value,
        unit: unitColumn.flatMap { record[safe: $0] }.flatMap { $0.isEmpty ? nil : $0 },
        note: note?.isEmpty == false ? note : nil, position: .line(record.line))
      report.count(observation)
      try emit(observation)
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension ITUImporter {
  static let format = ImportFormat.ituCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    ITUImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.isSuperset(of: ["seriescode", "entityiso", "datavalue", "datayear"])
  }
}

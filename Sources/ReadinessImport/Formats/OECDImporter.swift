import ReadinessCore

/// OECD.Stat "Export → Text file (CSV)": code/label column pairs (`"COU","Country","VAR",
/// "Variable","YEA","Year"`), then `Unit Code`, `Unit`, `PowerCode Code`, `PowerCode`,
/// `Reference Period Code`, `Reference Period`, `Value`, `Flag Codes`, `Flags`.
///
/// The area is the `COU`/`LOCATION`/`REF_AREA` code, the period the `YEA`/`TIME`/`YEAR`
/// code; every other code column (`VAR`, `MAREG`…) is a dimension of the indicator, joined by
/// `.` in column order. The value is stored as published with the PowerCode kept in the unit
/// (`USD ×10^6`); flag codes become the status. OECD aggregates (OECD, EU28, WLD…) are kept
/// apart.
struct OECDImporter: Importer {
  static let areaCodes: Set<String> = ["COU", "LOCATION", "REF_AREA", "COUNTRY"]
  static let timeCodes: Set<String> = ["YEA", "TIME", "YEAR", "TIME_PERIOD"]
  static let special: Set<String> = [
    "UNIT CODE", "UNIT", "POWERCODE CODE", "POWERCODE", "REFERENCE PERIOD CODE", "REFERENCE PERIOD", "VALUE",
    "FLAG CODES", "FLAGS",
  ]

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .oecdCSV,
      source: SourceInfo(
        publisher: "OECD", dataset: "OECD.Stat export", licence: "OECD terms and conditions", file: file,
        url: "https://stats.oecd.org"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let names = header.fields.map { $0.trimmingSpaces() }
    let index = HeaderIndex(header)
    guard let valueColumn = index.find("Value") else {
      throw ReadinessError(
        .unexpectedContent, "expected a Value column (an OECD.Stat CSV export)", at: SourceLocation(file: file, line: 1)
      )
    }
    var areaColumn: Int?
    var timeColumn: Int?
    var dimensionColumns: [Int] = []
    for (column, name) in names.enumerated() where !OECDImporter.special.contains(name.uppercased()) {
      // A code column: an upper-case identifier followed by its label column.
      guard name.range(of: #"^[A-Z][A-Z0-9_]*$"#, options: .regularExpression) != nil else { continue }
      if OECDImporter.areaCodes.contains(name) {
        areaColumn = column
      } else if OECDImporter.timeCodes.contains(name) {
        timeColumn = column
      } else {
        dimensionColumns.append(column)
      }
    }
    guard let areaColumn, let timeColumn else {
      throw ReadinessError(
        .unexpectedContent, "expected an area code column (COU or LOCATION) and a time column (YEA or TIME)",
        at: SourceLocation(file: file, line: 1))
    }
    let unitColumn = index.find("Unit Code")
    let powerColumn = index.find("PowerCode Code")
    let flagColumn = index.find("Flag Codes")
    let areaNameColumn = areaColumn + 1 < names.count ? areaColumn + 1 : nil
    while let record = try reader.next() {
      if record.isBlank { continue }
      guard let value = try numericCell(record, valueColumn, file: file, what: "Value") else {
        report.missingValues += 1
        continue
      }
      let area = context.reference.resolve(
        code: record[safe: areaColumn], name: areaNameColumn.flatMap { record[safe: $0] })
      let (country, kind) = area.stored
      let indicator = dimensionColumns.compactMap { record[safe: $0] }.joined(separator: ".")
      var unit = unitColumn.flatMap { record[safe: $0] }.flatMap { $0.isEmpty ? nil : $0 }
      if let power = powerColumn.flatMap({ record[safe: $0] }).flatMap({ Int($0) }), power != 0 {
        unit = (unit.map { $0 + " " } ?? "") + "×10^\(power)"
      }
      let flag = flagColumn.flatMap { record[safe: $0] }?.trimmingSpaces()
      let observation = Observation(
        country: country, areaKind: kind, indicator: context.indicatorCode(indicator),
        period: (record[safe: timeColumn] ?? "").trimmingSpaces(), value: value, unit: unit,
        status: flag?.isEmpty == false ? flag : nil, position: .line(record.line))
      report.count(observation)
      try emit(observation)
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension OECDImporter {
  static let format = ImportFormat.oecdCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    OECDImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.isSuperset(of: ["value", "unit code", "powercode code"])
  }
}

import Foundation
import ReadinessCore

/// A DDF (Open Numbers / Gapminder data package) datapoints file:
/// `ddf--datapoints--<concept>--by--country--year.csv` with the header `country,year,<concept>`
/// and lower-case ISO alpha-3 codes, as UNESCO UIS SDG extracts are republished.
///
/// The indicator code is the concept in UIS style (`ger_5t8_f` → `GER.5T8.F`); its name comes
/// from the package's `ddf--concepts--continuous.csv` beside the file when there is one.
/// The package's concepts and entities tables are not data: they are refused, naming the
/// datapoints files to import instead.
struct DDFDatapointsImporter: Importer {
  /// Whether `file` is a DDF datapoints file by country and year.
  static func isDatapoints(file: String, fields: [String]) -> Bool {
    let name = (file as NSString).lastPathComponent.lowercased()
    let keys = fields.map { HeaderIndex.key($0) }
    return name.hasPrefix("ddf--datapoints--") && keys.count >= 3 && ["country", "geo"].contains(keys[0])
      && ["year", "time"].contains(keys[1])
  }

  /// Whether `file` is one of a DDF package's tables that hold no data points.
  static func isMetadata(file: String) -> Bool {
    let name = (file as NSString).lastPathComponent.lowercased()
    return name.hasPrefix("ddf--concepts") || name.hasPrefix("ddf--entities")
  }

  /// The UIS-style code of a DDF concept.
  static func code(concept: String) -> String {
    concept.trimmingSpaces().uppercased().replacingOccurrences(of: "_", with: ".")
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .ddfCSV,
      source: SourceInfo(
        publisher: "UNESCO Institute for Statistics (UIS), via a DDF data package", dataset: "UIS SDG indicators",
        licence: "CC BY 4.0 (as the data package states; UIS terms not verified)", file: file,
        url: "https://uis.unesco.org"))
    var reader = start.reader
    var report = start.report
    let fields = start.header.fields
    guard DDFDatapointsImporter.isDatapoints(file: file, fields: fields) else {
      throw ReadinessError(
        .unexpectedContent,
        "expected a DDF datapoints file (ddf--datapoints--… with the header country,year,<concept>)",
        at: SourceLocation(file: file, line: start.header.line))
    }
    let names = DDFDatapointsImporter.conceptNames(besides: file)
    let columns = Array(2..<fields.count)
    let codes = columns.map { context.indicatorCode(DDFDatapointsImporter.code(concept: fields[$0])) }
    for (column, code) in zip(columns, codes) {
      report.indicatorNames[code] = names[HeaderIndex.key(fields[column])] ?? fields[column].trimmingSpaces()
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      let year = (record[safe: 1] ?? "").trimmingSpaces()
      guard let number = Int(year), (1800...2200).contains(number) else {
        throw ReadinessError(
          .unexpectedContent, "\"\(year)\" is not a year",
          at: SourceLocation(file: file, line: record.line, column: record.column(of: 1)))
      }
      let (country, kind) = context.reference.resolve(code: record[safe: 0] ?? "").stored
      for (column, code) in zip(columns, codes) {
        guard let value = try numericCell(record, column, file: file, what: code) else {
          report.missingValues += 1
          continue
        }
        let observation = Observation(
          country: country, areaKind: kind, indicator: code, period: year, value: value, position: .line(record.line))
        report.count(observation)
        try emit(observation)
      }
    }
    return report
  }

  /// Concept names from `ddf--concepts--continuous.csv` (or `ddf--concepts.csv`) beside `file`.
  static func conceptNames(besides file: String) -> [String: String] {
    let folder = (file as NSString).deletingLastPathComponent
    for candidate in ["ddf--concepts--continuous.csv", "ddf--concepts.csv"] {
      let path = (folder as NSString).appendingPathComponent(candidate)
      guard FileManager.default.fileExists(atPath: path), var reader = try? CSVReader(path: path),
        let header = try? reader.next()
      else { continue }
      let index = HeaderIndex(header)
      guard let conceptColumn = index.find("concept"), let nameColumn = index.find("name") else { continue }
      var names: [String: String] = [:]
      while let record = try? reader.next() {
        if let concept = record[safe: conceptColumn], let name = record[safe: nameColumn], !name.isEmpty {
          names[HeaderIndex.key(concept)] = name
        }
      }
      return names
    }
    return [:]
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension DDFDatapointsImporter {
  static let format = ImportFormat.ddfCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    DDFDatapointsImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    isDatapoints(file: head.file, fields: head.header?.fields ?? [])
  }
}

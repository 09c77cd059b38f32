import Foundation
import ReadinessCore

/// What every importer needs besides the file: the reference tables, the indicator map and
/// any provenance the user supplies.
public struct ImportContext: Sendable {
  /// Dossiers: today's date (YYYY-MM-DD; later dates are refused), nil for the real date.
  public var today: String? = nil
  /// Dossiers: answers older than this many months are reported as stale.
  public var staleAfterMonths: Int = 24
  /// Countries, names and aggregates for normalisation.
  public var reference: ReferenceData
  /// Source indicator (as in the file) → code to store; from `--indicator-map`.
  public var indicatorMap: [String: String]
  /// Provenance the user gives on the command line; fills what the file does not say.
  public var sourceOverride: SourceOverride
  /// Sources by id, for tidy files whose `source` column refers to a sources table
  /// (`--sources FILE`; the bundled snapshot uses one).
  public var sourceTable: [String: SourceInfo]
  /// How to read SDMX keys (`--dimension-order`, `--area-dimension`).
  public var sdmx: SDMXOptions
  /// Which sheet of a workbook, and where its header is (`--sheet`, `--header-row`).
  public var sheet: SheetOptions
  /// The recipe that aggregates a record-level list (`--recipe`).
  public var recipe: String?
  /// `benchmark`: the file is an external index shown beside the score, never scored; its
  /// indicators are stored under ``ImportContext/benchmarkPrefix`` (`--role benchmark`).
  public var role: ImportRole = .data

  /// The namespace of benchmark series: no framework indicator code starts with it.
  public static let benchmarkPrefix = "benchmark:"

  public init(
    reference: ReferenceData, indicatorMap: [String: String] = [:],
    sourceOverride: SourceOverride = SourceOverride(), sourceTable: [String: SourceInfo] = [:],
    sdmx: SDMXOptions = SDMXOptions(), sheet: SheetOptions = SheetOptions()
  ) {
    self.sdmx = sdmx
    self.sheet = sheet
    self.reference = reference
    self.indicatorMap = indicatorMap
    self.sourceOverride = sourceOverride
    self.sourceTable = sourceTable
  }

  /// Loads a sources table: a CSV with columns `source,publisher,dataset,licence,vintage,
  /// source_file,source_url,retrieved` (the first two required).
  public static func loadSourceTable(path: String) throws(ReadinessError) -> [String: SourceInfo] {
    var reader = try CSVReader(path: path)
    guard let header = try reader.next() else { return [:] }
    let columns = header.fields.map { $0.trimmingSpaces().lowercased() }
    func index(_ name: String) -> Int? { columns.firstIndex(of: name) }
    guard let idIndex = index("source"), let publisherIndex = index("publisher") else {
      throw ReadinessError(
        .unexpectedContent, "a sources table needs the columns source,publisher",
        at: SourceLocation(file: path, line: header.line))
    }
    var table: [String: SourceInfo] = [:]
    while let record = try reader.next() {
      if record.isBlank { continue }
      func cell(_ name: String) -> String? {
        guard let position = index(name), let text = record[safe: position], !text.isEmpty else { return nil }
        return text
      }
      guard let id = record[safe: idIndex], !id.isEmpty, let publisher = record[safe: publisherIndex],
        !publisher.isEmpty
      else {
        throw ReadinessError(
          .unexpectedContent, "expected a source id and a publisher", at: SourceLocation(file: path, line: record.line))
      }
      table[id] = SourceInfo(
        publisher: publisher, dataset: cell("dataset"), licence: cell("licence"), vintage: cell("vintage"),
        file: cell("source_file"), url: cell("source_url"), retrieved: cell("retrieved"))
    }
    return table
  }

  /// A digest of everything here that changes what an import stores (indicator map, provenance
  /// overrides, sources table, SDMX options), so that re-importing the same bytes with other
  /// options is a new import rather than a no-op.
  public func fingerprint(format: ImportFormat?) -> String {
    var parts = ["format=\(format?.rawValue ?? "auto")"]
    parts += indicatorMap.sorted { $0.key < $1.key }.map { "map \($0.key)=\($0.value)" }
    let o = sourceOverride
    parts += [o.publisher, o.dataset, o.licence, o.vintage, o.url, o.retrieved].map { "override \($0 ?? "-")" }
    parts += sourceTable.sorted { $0.key < $1.key }.map {
      "source \($0.key)=\($0.value.publisher)|\($0.value.dataset ?? "")|\($0.value.licence ?? "")|\($0.value.vintage ?? "")|\($0.value.file ?? "")"
    }
    parts += [
      "order \(sdmx.dimensionOrder.joined(separator: ","))", "area \(sdmx.areaDimension ?? "-")",
      "period \(sdmx.period ?? "-")",
    ]
    let headerRow: String = sheet.headerRow.map { String($0) } ?? "-"
    parts.append("sheet \(sheet.sheet ?? "-")")
    parts.append("header-row \(headerRow)")
    parts.append("role \(role.rawValue)")
    parts.append(
      "recipe \(recipe.flatMap { FileManager.default.contents(atPath: $0) }.map { SHA256.hex(Array($0)) } ?? "-")")
    return SHA256.hex(Array(parts.joined(separator: "\n").utf8))
  }

  /// The code to store for an indicator as the file names it.
  public func indicatorCode(_ raw: String) -> String {
    let trimmed = raw.trimmingSpaces()
    return indicatorMap[trimmed] ?? trimmed
  }

  /// Loads an indicator map: a CSV with columns `source,code`.
  public static func loadIndicatorMap(path: String) throws(ReadinessError) -> [String: String] {
    var reader = try CSVReader(path: path)
    guard let header = try reader.next() else { return [:] }
    let columns = header.fields.map { $0.trimmingSpaces().lowercased() }
    guard let sourceIndex = columns.firstIndex(of: "source"), let codeIndex = columns.firstIndex(of: "code")
    else {
      throw ReadinessError(
        .unexpectedContent, "an indicator map needs the columns source,code",
        at: SourceLocation(file: path, line: header.line))
    }
    var map: [String: String] = [:]
    while let record = try reader.next() {
      if record.isBlank { continue }
      guard let source = record[safe: sourceIndex], let code = record[safe: codeIndex], !code.isEmpty else {
        throw ReadinessError(
          .unexpectedContent, "expected a source and a code", at: SourceLocation(file: path, line: record.line))
      }
      map[source.trimmingSpaces()] = code.trimmingSpaces()
    }
    return map
  }
}

/// Provenance given by the user (`--publisher`, `--licence`, …); empty fields change nothing.
public struct SourceOverride: Sendable, Hashable {
  public var publisher: String?
  public var dataset: String?
  public var licence: String?
  public var vintage: String?
  public var url: String?
  public var retrieved: String?

  public init(
    publisher: String? = nil, dataset: String? = nil, licence: String? = nil, vintage: String? = nil,
    url: String? = nil, retrieved: String? = nil
  ) {
    self.publisher = publisher
    self.dataset = dataset
    self.licence = licence
    self.vintage = vintage
    self.url = url
    self.retrieved = retrieved
  }

  /// `source` with the user's values laid over it.
  public func apply(to source: SourceInfo) -> SourceInfo {
    var out = source
    if let publisher { out.publisher = publisher }
    if let dataset { out.dataset = dataset }
    if let licence { out.licence = licence }
    if let vintage { out.vintage = vintage }
    if let url { out.url = url }
    if let retrieved { out.retrieved = retrieved }
    return out
  }
}

/// How SDMX keys are read when no data structure definition is at hand.
public struct SDMXOptions: Sendable, Hashable {
  /// The dimensions in the data structure's order; dimensions not listed follow in message order.
  public var dimensionOrder: [String]
  /// The dimension that holds the country (default: REF_AREA, COUNTRY, LOCATION, GEO, REPORTER…).
  public var areaDimension: String?
  /// The period for data without a time dimension.
  public var period: String?

  public init(dimensionOrder: [String] = [], areaDimension: String? = nil, period: String? = nil) {
    self.dimensionOrder = dimensionOrder
    self.areaDimension = areaDimension
    self.period = period
  }
}

/// Which sheet of a workbook to read and where its header is.
public struct SheetOptions: Sendable, Hashable {
  /// A sheet's name, or its number from 1 (`--sheet`); the first sheet when `nil`.
  public var sheet: String?
  /// The row (from 1) that holds the column names (`--header-row`); found when `nil`.
  public var headerRow: Int?

  public init(sheet: String? = nil, headerRow: Int? = nil) {
    self.sheet = sheet
    self.headerRow = headerRow
  }
}

/// What an imported file is for.
public enum ImportRole: String, Sendable, Hashable, CaseIterable {
  /// Data the framework may score (the default).
  case data
  /// An external index, shown in profiles as "how other indices see this country" and never scored.
  case benchmark
}

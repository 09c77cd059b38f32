/// What one file's import produced: counts, provenance and everything not imported as a
/// country observation, so that nothing is dropped silently.
public struct ImportReport: Sendable, Hashable, Codable {
  /// The file as given.
  public var file: String
  /// The format used (`wb-csv`, `wb-xml`, …).
  public var format: String
  /// Provenance read from the file (publisher, dataset, licence, vintage).
  public var source: SourceInfo
  /// Observations stored, all kinds of area.
  public var observations = 0
  /// Of which for aggregates (kept apart from countries).
  public var aggregateObservations = 0
  /// Names or codes no reference table knows, with how many observations each carried.
  public var unmatched: [String: Int] = [:]
  /// Cells or records that held no value (empty, `..`, `NA`, null).
  public var missingValues = 0
  /// Rows skipped on purpose, each with its line and why.
  public var skipped: [String] = []
  /// Things the user should know (a truncated page, an ambiguous date).
  public var warnings: [String] = []
  /// Country classifications the file carries (World Bank region, income group).
  public var classifications: [Classification] = []
  /// Indicator names (code → name) the file states.
  public var indicatorNames: [String: String] = [:]
  /// `true` when an identical file had already been imported (nothing was added).
  public var alreadyImported = false

  public init(file: String, format: String, source: SourceInfo) {
    self.file = file
    self.format = format
    self.source = source
  }

  /// Counts one stored observation.
  public mutating func count(_ observation: Observation) {
    count(country: observation.country, kind: observation.areaKind)
  }

  /// Counts `times` stored observations for one area (an importer may add up a series' at once).
  public mutating func count(country: String, kind: AreaKind, times: Int = 1) {
    guard times > 0 else { return }
    observations += times
    switch kind {
    case .aggregate: aggregateObservations += times
    case .unmatched: unmatched[country, default: 0] += times
    case .country: break
    }
  }
}

/// A classification of a country under a scheme, e.g. (`MYS`, `wb_income`, `Upper middle income`).
public struct Classification: Sendable, Hashable, Codable {
  public var country: String
  public var scheme: String
  public var value: String

  public init(country: String, scheme: String, value: String) {
    self.country = country
    self.scheme = scheme
    self.value = value
  }
}

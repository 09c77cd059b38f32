import ReadinessCore

/// Everything one scoring run produced, for every country: the input to profiles and exports.
public struct ScoreResult: Sendable, Codable, Hashable {
  /// The framework's id, name, version and label ("RAM-aligned, unofficial").
  public var framework: FrameworkInfo
  /// The reference year `R`: values from `R − window + 1 … R` are used.
  public var referenceYear: Int
  /// The first year of the window.
  public var windowStart: Int
  /// One entry per country with at least one indicator value, best index rank first.
  public var countries: [CountryScore]

  /// The score of one country.
  public func country(_ iso3: String) -> CountryScore? {
    countries.first { $0.iso3 == iso3.uppercased() }
  }

  /// How many countries have an index score (the N of "rank r of N").
  public var rankedCount: Int { countries.filter { $0.index.score != nil }.count }
}

/// The framework a result came from.
public struct FrameworkInfo: Sendable, Codable, Hashable {
  public var id: String
  public var name: String
  public var version: String
  public var label: String
  /// SHA-256 of the framework file, when it was loaded from one.
  public var sha256: String?
}

/// One country's scores at every level.
public struct CountryScore: Sendable, Codable, Hashable {
  public var iso3: String
  /// The overall readiness index.
  public var index: NodeScore
  /// The dimensions, in framework order.
  public var dimensions: [NodeScore]
  /// The sub-pillars, in framework order.
  public var pillars: [NodeScore]
  /// The indicators, in framework order.
  public var indicators: [IndicatorScore]

  /// A node (dimension or pillar) by code.
  public func node(_ code: String) -> NodeScore? {
    if index.code == code { return index }
    return dimensions.first { $0.code == code } ?? pillars.first { $0.code == code }
  }

  /// An indicator by code.
  public func indicator(_ code: String) -> IndicatorScore? { indicators.first { $0.code == code } }
}

/// The score of an aggregate node (index, dimension or sub-pillar).
public struct NodeScore: Sendable, Codable, Hashable {
  public var code: String
  public var name: String
  /// 0–100, or `nil` for "insufficient data".
  public var score: Double?
  /// Children with a score.
  public var available: Int
  /// Children defined in the framework.
  public var total: Int
  /// 1 = best; ties share the lowest rank; `nil` when not scored.
  public var rank: Int?
  /// The band label of the score.
  public var band: String?

  public init(
    code: String, name: String, score: Double?, available: Int, total: Int, rank: Int? = nil, band: String? = nil
  ) {
    self.code = code
    self.name = name
    self.score = score
    self.available = available
    self.total = total
    self.rank = rank
    self.band = band
  }

  /// "insufficient data" or the rounded score.
  public var status: String { score == nil ? "insufficient data" : "scored" }
}

/// One indicator of one country: the raw value, where it came from, and its score.
public struct IndicatorScore: Sendable, Codable, Hashable {
  public var code: String
  public var name: String
  public var unit: String
  public var pillar: String
  public var dimension: String
  /// The value as published (before per-capita division), or `nil` when missing.
  public var raw: Double?
  /// The value scored (after per-capita division).
  public var value: Double?
  /// The year of the value.
  public var year: Int?
  /// `referenceYear − year`.
  public var age: Int?
  /// The denominator used for a per-capita indicator.
  public var denominator: Double?
  /// Where the denominator came from (population figures are cited like any value).
  public var denominatorSource: SourceInfo?
  /// The denominator's position in its source file.
  public var denominatorLocation: String?
  /// 0–100 against the goalposts, or `nil` when missing.
  public var score: Double?
  /// Rank among countries with a value (ties share the lowest rank).
  public var rank: Int?
  public var band: String?
  /// Where the value came from.
  public var source: SourceInfo?
  /// The position in the source file.
  public var location: String?

  public init(code: String, name: String, unit: String, pillar: String, dimension: String) {
    self.code = code
    self.name = name
    self.unit = unit
    self.pillar = pillar
    self.dimension = dimension
  }
}

/// The framework-wide rules: the data window, coverage thresholds and score bands.
public struct ScoringRules: Sendable, Hashable, Codable {
  /// Minimum share of a node's children that must have a score for the node to be scored.
  public struct Coverage: Sendable, Hashable, Codable {
    public var pillar: Double
    public var dimension: Double
    public var index: Double
    public init(pillar: Double = 0.5, dimension: Double = 0.5, index: Double = 0.8) {
      self.pillar = pillar
      self.dimension = dimension
      self.index = index
    }
  }

  /// Latest value within this many years up to the reference year (5 → years ref-4 … ref).
  public var windowYears: Int
  public var coverage: Coverage
  public var bands: [Band]
  /// The reference year the framework is scored at unless `--year` says otherwise; stated in the
  /// file so that new data or a new indicator cannot move it (and rescore everyone) unnoticed.
  public var referenceYear: Int?

  enum CodingKeys: String, CodingKey {
    case windowYears = "window_years"
    case referenceYear = "reference_year"
    case coverage, bands
  }

  public init(windowYears: Int = 5, coverage: Coverage = Coverage(), bands: [Band] = Band.umc) {
    self.windowYears = windowYears
    self.coverage = coverage
    self.bands = bands
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    windowYears = try container.decodeIfPresent(Int.self, forKey: .windowYears) ?? 5
    coverage = try container.decodeIfPresent(Coverage.self, forKey: .coverage) ?? Coverage()
    bands = try container.decodeIfPresent([Band].self, forKey: .bands) ?? Band.umc
    referenceYear = try container.decodeIfPresent(Int.self, forKey: .referenceYear)
  }

  /// The band a 0–100 score falls in (lower bound inclusive; 100 in the top band).
  public func band(for score: Double) -> String? {
    for band in bands where score >= band.lower && (score < band.upper || (band.upper >= 100 && score <= band.upper)) {
      return band.label
    }
    return nil
  }
}

/// A labelled score range, `[lower, upper, label]` in YAML.
public struct Band: Sendable, Hashable, Codable {
  public var lower: Double
  public var upper: Double
  public var label: String

  public init(lower: Double, upper: Double, label: String) {
    self.lower = lower
    self.upper = upper
    self.label = label
  }

  /// ITU's Universal and Meaningful Connectivity bands.
  public static let umc = [
    Band(lower: 0, upper: 50, label: "Limited"),
    Band(lower: 50, upper: 75, label: "Satisfactory"),
    Band(lower: 75, upper: 95, label: "Advanced"),
    Band(lower: 95, upper: 100, label: "Target met"),
  ]

  public init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    lower = try container.decode(Double.self)
    upper = try container.decode(Double.self)
    label = try container.decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    try container.encode(lower)
    try container.encode(upper)
    try container.encode(label)
  }
}

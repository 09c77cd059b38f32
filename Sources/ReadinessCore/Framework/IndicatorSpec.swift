/// One indicator of a framework: what it is, how to score it and where it comes from.
public struct IndicatorSpec: Sendable, Hashable, Codable {
  /// Whether more is better.
  public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case higher, lower
  }
  /// A transformation applied to the value and both goalposts before normalising.
  public enum Transform: String, Sendable, Hashable, Codable, CaseIterable {
    case none, log10
  }
  /// How fast policy can move the indicator (used to tag levers).
  public enum Lever: String, Sendable, Hashable, Codable, CaseIterable {
    /// A law, a strategy or an institution can move it quickly.
    case policy
    /// Slow structural change: enrolment, infrastructure, income.
    case structural
  }
  /// Divide by another series of the same country and year, then multiply by `scale`.
  public struct PerCapita: Sendable, Hashable, Codable {
    public var denominator: String
    public var scale: Double
    public init(denominator: String, scale: Double = 1) {
      self.denominator = denominator
      self.scale = scale
    }
  }
  /// Provenance of the indicator as the framework documents it.
  public struct Source: Sendable, Hashable, Codable {
    public var organisation: String
    public var dataset: String?
    public var licence: String?
    public var url: String?
    public init(organisation: String, dataset: String? = nil, licence: String? = nil, url: String? = nil) {
      self.organisation = organisation
      self.dataset = dataset
      self.licence = licence
      self.url = url
    }
  }

  /// The indicator code observations carry (e.g. `IT.NET.USER.ZS`).
  public var code: String
  public var name: String
  public var unit: String
  public var direction: Direction
  /// `[low, high]` in the indicator's units, after ``perCapita`` and before ``transform``.
  public var goalposts: [Double]
  public var transform: Transform?
  public var perCapita: PerCapita?
  public var lever: Lever?
  public var source: Source
  public var rationale: String?

  enum CodingKeys: String, CodingKey {
    case code, name, unit, direction, goalposts, transform, lever, source, rationale
    case perCapita = "per_capita"
  }

  public init(
    code: String, name: String, unit: String, direction: Direction, goalposts: [Double],
    transform: Transform? = nil, perCapita: PerCapita? = nil, lever: Lever? = nil,
    source: Source, rationale: String? = nil
  ) {
    self.code = code
    self.name = name
    self.unit = unit
    self.direction = direction
    self.goalposts = goalposts
    self.transform = transform
    self.perCapita = perCapita
    self.lever = lever
    self.source = source
    self.rationale = rationale
  }

  /// The lower goalpost.
  public var low: Double { goalposts.first ?? 0 }
  /// The upper goalpost.
  public var high: Double { goalposts.count > 1 ? goalposts[1] : 100 }
}

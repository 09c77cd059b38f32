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
  /// What a country without a value means.
  public enum Missing: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not known: the indicator is left out of the country's scores (the default).
    case absent
    /// Zero: only for a census, where the list is complete and absence means none (notable AI
    /// models, cloud regions); the framework must say why in ``IndicatorSpec/missingReason``.
    case zero
  }
  /// The themes the mission names; every indicator of framework 0.2 has one.
  public static let themes: Set<String> = [
    "connectivity", "compute", "ai-capacity", "governance", "skills", "economy", "inclusion",
  ]
  /// RAM's general block and 22 sub-dimensions (`../shared/design/ram-structure.md`).
  public static let ramCodes: Set<String> = [
    "G", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "S1", "S2", "S3", "S4", "S5", "E1", "E2", "C1", "C2", "C3",
    "T1", "T2", "T3", "T4",
  ]

  /// The names of RAM's general block and sub-dimensions, as `ram-structure.md` gives them.
  public static let ramNames: [String: String] = [
    "G": "general questions", "L1": "AI policy and regulation", "L2": "data protection and privacy",
    "L3": "data sharing and accessibility", "L4": "public procurement", "L5": "freedom of information",
    "L6": "due process and accountability", "L7": "online safety, integrity of speech, cybersecurity",
    "L8": "public-sector capacity", "S1": "diversity, inclusion and gender", "S2": "public engagement and trust",
    "S3": "environment and sustainability", "S4": "health and social well-being", "S5": "culture",
    "E1": "research and innovation", "E2": "education", "C1": "labour market", "C2": "intermediate consumption",
    "C3": "investment and output", "T1": "infrastructure and connectivity", "T2": "applied standards",
    "T3": "computing capabilities", "T4": "statistical performance",
  ]

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
  /// RAM sub-dimensions the indicator speaks to (`T3`, `E1` …).
  public var ram: [String]?
  /// One of ``themes``.
  public var theme: String?
  /// What a missing value means (``Missing/absent`` by default).
  public var missing: Missing?
  /// Why a missing value is a zero (required with ``Missing/zero``).
  public var missingReason: String?
  /// The indicator's weight within its sub-pillar (1 by default: equal weights).
  public var weight: Double?
  /// Series whose values (per country and year) are added up to make this indicator's value,
  /// e.g. the cloud regions of three providers; a component a country lacks counts as zero when
  /// ``missing`` is `zero`.
  public var sumOf: [String]?

  enum CodingKeys: String, CodingKey {
    case code, name, unit, direction, goalposts, transform, lever, source, rationale, ram, theme, missing, weight
    case perCapita = "per_capita"
    case missingReason = "missing_reason"
    case sumOf = "sum_of"
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

  /// The weight within the sub-pillar.
  public var effectiveWeight: Double { weight ?? 1 }
  /// Whether a country without a value has zero.
  public var missingIsZero: Bool { missing == .zero }

  /// The lower goalpost.
  public var low: Double { goalposts.first ?? 0 }
  /// The upper goalpost.
  public var high: Double { goalposts.count > 1 ? goalposts[1] : 100 }
}

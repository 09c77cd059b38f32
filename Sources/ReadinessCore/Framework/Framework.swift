/// A scoring framework: dimensions → sub-pillars → indicators, with the rules to score them.
///
/// The default is `Indicators/frameworks/ram-digital-divide.yaml`, organised by the five
/// dimensions of UNESCO's Readiness Assessment Methodology. Its schema is documented in
/// `Indicators/frameworks/README.md`.
public struct Framework: Sendable, Hashable, Codable {
  /// Schema tag, `readiness-framework/1`.
  public var schema: String
  /// Short identifier, e.g. `ram-digital-divide`.
  public var id: String
  /// Human-readable name.
  public var name: String
  /// Version of the framework (not of the software).
  public var version: String
  /// The label every output carries, e.g. "RAM-aligned, unofficial".
  public var label: String
  /// What the framework measures.
  public var description: String?
  /// Window, coverage and band rules.
  public var scoring: ScoringRules
  /// The top-level dimensions.
  public var dimensions: [Dimension]
  /// Series kept with the framework's data for context but never scored (GDP per capita, for the
  /// audit's wealth correlation); `context_series` in the file.
  public var contextSeries: [String]?

  enum CodingKeys: String, CodingKey {
    case schema, id, name, version, label, description, scoring, dimensions
    case contextSeries = "context_series"
  }

  public init(
    schema: String = Framework.schemaTag, id: String, name: String, version: String, label: String,
    description: String? = nil, scoring: ScoringRules = ScoringRules(), dimensions: [Dimension]
  ) {
    self.schema = schema
    self.id = id
    self.name = name
    self.version = version
    self.label = label
    self.description = description
    self.scoring = scoring
    self.dimensions = dimensions
  }

  /// The schema tag this version of the software reads.
  public static let schemaTag = "readiness-framework/1"

  /// The weight of the node with `code` (dimension, sub-pillar or indicator) as the file sets it; 1
  /// where it sets none.
  public func weight(of code: String) -> Double {
    for dimension in dimensions {
      if dimension.code == code { return dimension.weight ?? 1 }
      for pillar in dimension.pillars {
        if pillar.code == code { return pillar.weight ?? 1 }
        for indicator in pillar.indicators where indicator.code == code { return indicator.effectiveWeight }
      }
    }
    return 1
  }

  /// RAM sub-dimensions (and the general block) that none of the framework's indicators speaks to:
  /// what a profile must call "not measured by open data". Empty for a framework without `ram:` tags.
  public var ramNotMeasured: [String] {
    let reached = Set(indicators.flatMap { $0.ram ?? [] })
    guard !reached.isEmpty else { return [] }
    let rank = { (code: String) in ["G", "L", "S", "E", "C", "T"].firstIndex(of: String(code.prefix(1))) ?? 9 }
    return IndicatorSpec.ramCodes.subtracting(reached).sorted { (rank($0), $0) < (rank($1), $1) }
  }

  /// Every indicator, in framework order.
  public var indicators: [IndicatorSpec] {
    dimensions.flatMap { $0.pillars.flatMap(\.indicators) }
  }

  /// Every indicator code the framework needs from the workspace, denominators included.
  public var requiredSeries: Set<String> {
    var codes = Set(indicators.map(\.code))
    for indicator in indicators {
      if let perCapita = indicator.perCapita { codes.insert(perCapita.denominator) }
      for component in indicator.sumOf ?? [] { codes.insert(component) }
    }
    for code in contextSeries ?? [] { codes.insert(code) }
    return codes
  }
}

/// A RAM dimension: a group of sub-pillars.
public struct Dimension: Sendable, Hashable, Codable {
  public var code: String
  public var name: String
  public var description: String?
  /// The dimension's weight in the index (1 by default: equal weights).
  public var weight: Double?
  public var pillars: [Pillar]

  public init(code: String, name: String, description: String? = nil, pillars: [Pillar]) {
    self.code = code
    self.name = name
    self.description = description
    self.pillars = pillars
  }
}

/// A sub-pillar: a group of indicators.
public struct Pillar: Sendable, Hashable, Codable {
  public var code: String
  public var name: String
  /// The sub-pillar's weight in its dimension (1 by default: equal weights).
  public var weight: Double?
  /// The share of its indicators the sub-pillar needs to be scored, when it differs from the
  /// framework's `scoring.coverage.pillar` (a reason belongs in the file).
  public var coverage: Double?
  public var indicators: [IndicatorSpec]

  public init(code: String, name: String, indicators: [IndicatorSpec]) {
    self.code = code
    self.name = name
    self.indicators = indicators
  }
}

import ReadinessCore
import ReadinessScoring

/// Everything a country profile shows. Renderers read only this, so Markdown and JSON can
/// never disagree.
public struct CountryProfile: Sendable, Codable, Hashable {
  /// Country identity and groupings.
  public struct Header: Sendable, Codable, Hashable {
    public var iso3: String
    public var name: String
    public var region: String?
    public var subregion: String?
    public var incomeGroup: String?
    public var blocs: [String]
    /// "RAM-aligned, unofficial".
    public var label: String
    public var framework: FrameworkInfo
    public var referenceYear: Int
    public var windowStart: Int
    public var softwareVersion: String
  }

  /// The overall result.
  public struct Headline: Sendable, Codable, Hashable {
    public var score: Double?
    public var band: String?
    public var rank: Int?
    /// N in "rank r of N".
    public var rankedCount: Int
    /// Dimensions scored / defined.
    public var dimensionsScored: Int
    public var dimensionsTotal: Int
    /// Indicators with a value / defined.
    public var indicatorsWithData: Int
    public var indicatorsTotal: Int
    /// The median year of the values used.
    public var medianDataYear: Int?
  }

  /// A dimension with its sub-pillars and indicators.
  public struct DimensionSection: Sendable, Codable, Hashable {
    public var score: NodeScore
    public var pillars: [PillarSection]
  }

  public struct PillarSection: Sendable, Codable, Hashable {
    public var score: NodeScore
    public var indicators: [IndicatorScore]
  }

  /// A neighbouring country's index, for context.
  public struct Peer: Sendable, Codable, Hashable {
    public var iso3: String
    public var name: String
    public var score: Double?
    public var rank: Int?
  }

  public var header: Header
  public var headline: Headline
  public var dimensions: [DimensionSection]
  /// Land neighbours with their index scores.
  public var neighbours: [Peer]
  /// Distinct sources cited, for the provenance annex.
  public var sources: [SourceInfo]
}

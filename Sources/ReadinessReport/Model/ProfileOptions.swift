import ReadinessCore
import ReadinessScoring

/// What a profile includes beyond the scores: peers, uncertainty, history, self-assessment and
/// divide-lens data, the recommendations library. Every field is optional; a profile built
/// without them says "not assessed", "not collected" or leaves the section out.
public struct ProfileOptions: Sendable {
  /// Peer-group selectors, first = primary (strengths, weaknesses, levers): `income`, `region`,
  /// `subregion`, `neighbours`, `blocs` (all of the country's), `bloc:NAME`, `similar[:K]`,
  /// `group:NAME` (a user group), `all`. Empty = ``defaultPeers``.
  public var peers: [String] = []
  /// User-defined groups by name (``PeerGroupFile``).
  public var userGroups: [String: [String]] = [:]
  /// The Monte Carlo analysis of the same result (rank and score intervals).
  public var uncertainty: CoinUncertainty.Result?
  /// What the analysis varied, in words ("weights ±25%", "arithmetic or geometric").
  public var uncertaintyAssumptions: [String] = []
  /// Results at earlier reference years (trends).
  public var history: [ScoreResult] = []
  /// Values of series outside the framework: self-assessment answers, divide-lens series.
  public var supplementary = SupplementaryData()
  /// External indices stored with `--role benchmark`, shown beside the score, never scored.
  public var benchmarks: [BenchmarkSeries] = []
  public var questions: QuestionBank?
  public var lens: DivideLens?
  public var library: RecommendationLibrary?
  /// Current self-assessment dossiers by country (their policy scores are shown beside the open-data ones).
  public var dossiers: [String: Dossier] = [:]
  /// SHA-256 of the data files behind the workspace.
  public var dataSHA256: [String] = []
  public var partnerCount = 5
  public var strengthCount = 5

  public init() {}

  /// income, region, neighbours, blocs, similar — the income group first, as in the NRI/GCR
  /// profiles' strengths and weaknesses.
  public static let defaultPeers = ["income", "region", "neighbours", "blocs", "similar"]
}

/// The latest annual value per country and series within a window, for series a profile shows
/// but does not score.
public struct SupplementaryData: Sendable {
  /// country → indicator → observation.
  public var values: [String: [String: Observation]] = [:]

  public init() {}

  /// Keeps, per country and indicator, the latest annual observation with
  /// `windowStart ≤ year ≤ referenceYear`.
  public init(observations: [Observation], windowStart: Int, referenceYear: Int) {
    for observation in observations where observation.areaKind == .country && observation.period.utf8.count == 4 {
      guard let year = observation.year, year >= windowStart, year <= referenceYear else { continue }
      if let current = values[observation.country]?[observation.indicator], (current.year ?? 0) >= year { continue }
      values[observation.country, default: [:]][observation.indicator] = observation
    }
  }

  public func value(_ country: String, _ indicator: String) -> Observation? { values[country]?[indicator] }

  /// Adds another set's values (its values win for the same country and indicator).
  public mutating func merge(_ other: SupplementaryData) {
    for (country, byIndicator) in other.values {
      values[country, default: [:]].merge(byIndicator) { _, new in new }
    }
  }
}

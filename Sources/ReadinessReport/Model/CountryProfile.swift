import ReadinessCore
import ReadinessScoring

/// Everything a country profile shows. Renderers (HTML, Markdown, JSON, CSV) read only this, so
/// they can never disagree; every number in it comes from the scoring engine or the workspace.
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
    /// The latest year of any value used for this country ("data to …").
    public var dataYear: Int?
    public var softwareVersion: String
    /// Where the country stands with UNESCO's RAM (a dated fact, not a score): "completed (report
    /// 2025), as listed in 2025-10"; `nil` when the list does not name the country.
    public var ramStatus: String?
  }

  /// The overall result.
  public struct Headline: Sendable, Codable, Hashable {
    public var score: Double?
    public var band: String?
    public var rank: Int?
    /// N in "rank r of N".
    public var rankedCount: Int
    /// The 90% interval of the rank (5th–95th percentile) from the uncertainty analysis.
    public var rankInterval: ClosedInterval?
    /// The 90% interval of the score.
    public var scoreInterval: ClosedInterval?
    /// Dimensions scored / defined.
    public var dimensionsScored: Int
    public var dimensionsTotal: Int
    /// Indicators with a value / defined.
    public var indicatorsWithData: Int
    public var indicatorsTotal: Int
    /// The median year of the values used.
    public var medianDataYear: Int?
  }

  /// A 5th–95th percentile interval.
  public struct ClosedInterval: Sendable, Codable, Hashable {
    public var low: Double
    public var high: Double
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

  /// A country's index and dimension scores, for context.
  public struct Peer: Sendable, Codable, Hashable {
    public var iso3: String
    public var name: String
    public var score: Double?
    public var rank: Int?
    /// Dimension scores in framework order (`nil`: insufficient data).
    public var dimensions: [Double?]
  }

  /// A set of peer countries (neighbours, region, income group, bloc, the most similar, a user
  /// group) and the members' scores.
  public struct PeerGroup: Sendable, Codable, Hashable {
    /// The selector that chose it: `income`, `region`, `bloc:ASEAN`, `similar`, `group:NAME`…
    public var id: String
    /// Human label: "Upper middle income", "ASEAN", "5 most similar countries".
    public var label: String
    /// The members other than the country itself, best index first.
    public var members: [Peer]
    /// Members' median index score (members with a score).
    public var medianScore: Double?
    /// The country's rank within the group including itself ("2 of 11").
    public var rankInGroup: Int?
    public var scoredCount: Int
  }

  /// One row of the dimension scorecard.
  public struct ScorecardRow: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var score: Double?
    public var band: String?
    public var rank: Int?
    public var available: Int
    public var total: Int
    /// The median dimension score of each peer group, in ``CountryProfile/peerGroups`` order.
    public var peerMedians: [Double?]
    /// The best score of any country (the frontier).
    public var frontier: Double?
  }

  /// An indicator judged a strength or weakness relative to the primary peer group.
  public struct Assessment: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var dimension: String
    public var value: Double?
    public var unit: String
    public var year: Int?
    public var score: Double
    public var peerMedian: Double
    /// Percentile of the country's score among the peers (0–100; ties count half).
    public var percentile: Double
    public var peersWithData: Int
    /// Why it was selected, in words.
    public var reason: String
  }

  /// A governance-checklist row: a self-assessment question and this country's answer.
  public struct GovernanceItem: Sendable, Codable, Hashable {
    public var question: String
    public var indicator: String
    public var dimension: String?
    /// `answered` or `not assessed`.
    public var status: String
    public var answer: String?
    /// 0–1 ordinal score of the answer.
    public var score: Double?
    public var evidence: String?
    public var year: Int?
    public var source: String?
  }

  /// A digital-divide lens item: a gap between two groups or a single measure, or "not collected".
  public struct DivideItem: Sendable, Codable, Hashable {
    public var label: String
    public var kind: String
    public var groupA: String
    public var valueA: Double?
    public var groupB: String?
    public var valueB: Double?
    /// valueA − valueB when both exist.
    public var gap: Double?
    public var unit: String
    public var year: Int?
    /// `collected` or `not collected`.
    public var status: String
    public var source: String?
  }

  /// A score over reference years (trends).
  public struct TrendSeries: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var points: [TrendPoint]
  }

  public struct TrendPoint: Sendable, Codable, Hashable {
    public var year: Int
    public var score: Double?
  }

  /// What closing one indicator's gap would add to the composite, by re-running the aggregation.
  public struct Lever: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var dimension: String
    /// `policy` (a law, a strategy: quick) or `structural` (enrolment, infrastructure: slow).
    public var type: String
    public var score: Double
    /// One target per kind: best peer, peers' top quartile, goalpost.
    public var targets: [LeverTarget]
    /// The largest gain of the realistic targets (best peer, top quartile), used to rank levers.
    public var bestGain: Double
  }

  public struct LeverTarget: Sendable, Codable, Hashable {
    /// `best peer`, `peer top quartile`, `goalpost`.
    public var kind: String
    /// The indicator score the target means (0–100).
    public var targetScore: Double
    /// Who sets it (the best peer's code), when a country does.
    public var setBy: String?
    /// That country's population (SP.POP.TOTL, the denominator the scores used), when known: a
    /// briefing can judge whether the example fits.
    public var setByPopulation: Double? = nil
    /// Index points gained.
    public var gain: Double
    /// The new index score and the rank it would give (others unchanged).
    public var newScore: Double
    public var newRank: Int
  }

  /// Several levers pulled together: the new index score, band and rank (others unchanged).
  public struct Scenario: Sendable, Codable, Hashable {
    /// In words: "the top three levers reach the best peer".
    public var label: String
    /// The indicators changed, with their target scores.
    public var changes: [LeverChange]
    public var newScore: Double
    public var newBand: String?
    public var newRank: Int
    public var gain: Double
  }

  public struct LeverChange: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var from: Double
    public var to: Double
  }

  /// A suggested partner country.
  public struct Partner: Sendable, Codable, Hashable {
    public var iso3: String
    public var name: String
    /// Where the partnership could be pursued: a shared bloc or region.
    public var forum: String
    /// `mentor` (same income group, clearly ahead), `complementary`, `peer learner`.
    public var relation: String
    /// Which way the suggestion runs: `both ways` (mutual: each leads where the other is weak;
    /// listed first) or `learn from` (the partner leads, this country has little to offer in return).
    public var direction: String = "learn from"
    /// Σ over this country's weak dimensions of max(0, partner − this)·weight.
    public var complementarity: Double
    /// Σ over this country's strong dimensions of max(0, this − partner)·weight (mutual benefit).
    public var mutuality: Double
    /// Indicators where the partner leads (evidence for the suggestion).
    public var theyLead: [Evidence]
    /// Indicators where this country leads (what it can offer).
    public var weLead: [Evidence]
  }

  public struct Evidence: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var ours: Double
    public var theirs: Double
  }

  /// A prompt for deliberation from the recommendations library.
  public struct Recommendation: Sendable, Codable, Hashable {
    /// `institutions`, `laws-and-policies` or `human-capital`.
    public var group: String
    /// The indicator or sub-pillar code it is keyed by.
    public var key: String
    /// Why it was selected ("weakness: …", "lever: …").
    public var trigger: String
    public var action: String
    public var question: String?
    public var legislation: String?
    public var budget: String?
    public var frameworks: [String]
  }

  /// Coverage of one dimension.
  public struct CoverageRow: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var indicatorsWithData: Int
    public var indicatorsTotal: Int
    public var oldestYear: Int?
  }

  public struct DataCoverage: Sendable, Codable, Hashable {
    public var dimensions: [CoverageRow]
    /// Indicators without a value in the window.
    public var missing: [String]
    /// The scoring engine does not impute in the framework path: always 0 here, stated.
    public var imputed: Int
    public var medianYear: Int?
    public var oldestYear: Int?
    /// RAM sub-dimensions no indicator of the framework measures (`L4 public procurement`): where
    /// open data is silent and the national self-assessment must carry the evidence.
    public var notMeasured: [String]?
  }

  /// The uncertainty analysis behind the rank interval.
  public struct Robustness: Sendable, Codable, Hashable {
    public var runs: Int
    public var seed: UInt64
    /// What varied, in words.
    public var assumptions: [String]
    public var rankInterval: ClosedInterval?
    public var scoreInterval: ClosedInterval?
    public var medianRank: Double?
    /// One plain sentence.
    public var statement: String
  }

  /// How to reproduce the numbers.
  public struct Methodology: Sendable, Codable, Hashable {
    public var frameworkId: String
    public var frameworkVersion: String
    public var frameworkSHA256: String?
    public var softwareVersion: String
    /// SHA-256 of the data the workspace was built from (the bundled snapshot, or each import).
    public var dataSHA256: [String]
    public var normalisation: String
    public var aggregation: String
    public var weights: String
    public var coverageRule: String
    public var window: String
  }

  public var header: Header
  public var headline: Headline
  public var dimensions: [DimensionSection]
  public var scorecard: [ScorecardRow]
  /// The peer groups; the first is the primary group of strengths, weaknesses and levers.
  public var peerGroups: [PeerGroup]
  /// Land neighbours with their index scores.
  public var neighbours: [Peer]
  public var strengths: [Assessment]
  public var weaknesses: [Assessment]
  public var governance: [GovernanceItem]
  public var divide: [DivideItem]
  /// Index and dimensions over the reference years scored (empty with one year).
  public var trends: [TrendSeries]
  public var levers: [Lever]
  /// The group lever targets are drawn from (best peer, top quartile): a bloc, the most similar
  /// countries or the region rather than a world-wide income group, named so the choice is visible.
  public var leverPeers: String? = nil
  /// What-if combinations of levers.
  public var scenarios: [Scenario]
  public var partners: [Partner]
  public var recommendations: [Recommendation]
  /// The recommendations library's disclaimer.
  public var recommendationsNote: String
  public var coverage: DataCoverage
  public var robustness: Robustness?
  public var methodology: Methodology
  /// Distinct sources cited, for the provenance annex.
  public var sources: [SourceInfo]
  /// The policy and institutional readiness score of the country's current self-assessment dossier,
  /// shown beside the open-data scores and never blended with them (absent without a dossier).
  public var policy: PolicyReadiness? = nil
  /// How other indices (imported with `--role benchmark`) see the country; absent without any.
  public var benchmarks: [Benchmark]? = nil

  /// The ordinal policy and institutional readiness score of a dossier (``PolicyScore``), per dimension.
  public struct PolicyReadiness: Sendable, Codable, Hashable {
    public var round: String
    public var status: String
    public var assessmentDate: String
    public var example: Bool
    public var dimensions: [PolicyDimension]
    public var note: String
  }

  public struct PolicyDimension: Sendable, Codable, Hashable {
    /// The framework's dimension code (LEG, SOC, SCI, ECO, TEC).
    public var code: String
    public var name: String
    /// 0–100, nil when nothing is answered.
    public var policyScore: Double?
    public var answered: Int
    public var questions: Int
    /// The open-data score of the same dimension.
    public var openDataScore: Double?
  }
}

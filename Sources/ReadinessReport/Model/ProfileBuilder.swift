import Foundation
import ReadinessCore
import ReadinessScoring

/// Builds ``CountryProfile`` values from a scoring result, the reference tables and the
/// ``ProfileOptions``. Create one builder per result and call ``profile(_:)`` per country: the
/// indicator-score matrix and the compiled aggregation are prepared once.
public struct ProfileBuilder: Sendable {
  public let result: ScoreResult
  public let reference: ReferenceData
  public let framework: Framework
  public let softwareVersion: String
  public let options: ProfileOptions

  let aggregation: FrameworkAggregation
  /// iso3 → indicator scores in framework order.
  let matrix: [String: [Double?]]
  let scores: [String: CountryScore]
  let specs: [String: IndicatorSpec]

  public init(
    result: ScoreResult, framework: Framework, reference: ReferenceData, softwareVersion: String,
    options: ProfileOptions = ProfileOptions()
  ) {
    self.result = result
    self.framework = framework
    self.reference = reference
    self.softwareVersion = softwareVersion
    self.options = options
    let aggregation = FrameworkAggregation(framework: framework)
    self.aggregation = aggregation
    self.matrix = Dictionary(
      result.countries.map { ($0.iso3, aggregation.indicatorScores(of: $0)) }, uniquingKeysWith: { first, _ in first })
    self.scores = Dictionary(result.countries.map { ($0.iso3, $0) }, uniquingKeysWith: { first, _ in first })
    self.specs = Dictionary(framework.indicators.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The profile of one country.
  ///
  /// - Throws: ``ReadinessError`` `notFound` when the country has no score in this result,
  ///   `invalidConfiguration` for an unknown peer selector.
  public func profile(_ iso3: String) throws(ReadinessError) -> CountryProfile {
    let code = iso3.uppercased()
    guard let score = scores[code] else {
      let known = reference.country(code) != nil
      throw ReadinessError(
        .notFound,
        known
          ? "\(code) has no data for any indicator of \(framework.id) in \(result.windowStart)–\(result.referenceYear)"
          : "\(code) is not an ISO 3166-1 alpha-3 code in the reference table (expected e.g. MYS)")
    }
    let country = reference.country(code)
    let years = score.indicators.compactMap(\.year).sorted()
    let header = CountryProfile.Header(
      iso3: code, name: country?.name ?? code, region: country?.region, subregion: country?.subregion,
      incomeGroup: country?.incomeGroup, blocs: reference.blocs(of: code), label: framework.label,
      framework: result.framework, referenceYear: result.referenceYear, windowStart: result.windowStart,
      dataYear: years.last, softwareVersion: softwareVersion, ramStatus: reference.ramStatus[code]?.summary)
    let summary = options.uncertainty?.units.first { $0.unit == code }
    func interval(_ low: Double?, _ high: Double?) -> CountryProfile.ClosedInterval? {
      guard let low, let high else { return nil }
      return CountryProfile.ClosedInterval(low: low, high: high)
    }
    let headline = CountryProfile.Headline(
      score: score.index.score, band: score.index.band, rank: score.index.rank, rankedCount: result.rankedCount,
      rankInterval: interval(summary?.p5Rank, summary?.p95Rank),
      scoreInterval: interval(summary?.p5Score, summary?.p95Score),
      dimensionsScored: score.dimensions.filter { $0.score != nil }.count, dimensionsTotal: score.dimensions.count,
      indicatorsWithData: score.indicators.filter { $0.score != nil }.count, indicatorsTotal: score.indicators.count,
      medianDataYear: years.isEmpty ? nil : years[(years.count - 1) / 2])

    let dimensions = dimensionSections(score)
    let groups = try peerGroups(code)
    let primary = groups.first
    let neighbours = (reference.borders[code] ?? []).sorted().map(peer)
    let scorecard = framework.dimensions.enumerated().map { d, dimension in
      let node = score.dimensions[d]
      return CountryProfile.ScorecardRow(
        code: dimension.code, name: dimension.name, score: node.score, band: node.band, rank: node.rank,
        available: node.available, total: node.total,
        peerMedians: groups.map { group in median(group.members.compactMap { scores[$0.iso3]?.dimensions[d].score }) },
        frontier: result.countries.compactMap { $0.dimensions[d].score }.max())
    }
    let (strengths, weaknesses) = assessments(score, peers: primary)
    let leverPeers = ProfileBuilder.leverGroup(groups)
    let levers = self.levers(code, peers: leverPeers)
    let weakDimensions = Set(
      scorecard.filter { row in
        guard let value = row.score, let median = row.peerMedians.first ?? nil else { return false }
        return value < median
      }.map(\.code))
    let partners = self.partners(code, weakDimensions: weakDimensions, scorecard: scorecard)
    var sources: [SourceInfo] = []
    var seen = Set<SourceInfo>()
    for indicator in dimensions.flatMap(\.pillars).flatMap(\.indicators) {
      for source in [indicator.source, indicator.denominatorSource].compactMap({ $0 })
      where seen.insert(source).inserted {
        sources.append(source)
      }
    }
    var profile = CountryProfile(
      header: header, headline: headline, dimensions: dimensions, scorecard: scorecard, peerGroups: groups,
      neighbours: neighbours, strengths: strengths, weaknesses: weaknesses, governance: governance(code),
      divide: divide(code), trends: trends(code), levers: levers, scenarios: scenarios(code, levers: levers),
      partners: partners,
      recommendations: recommendations(weaknesses: weaknesses, levers: levers, blocs: reference.blocs(of: code)),
      recommendationsNote: options.library?.disclaimer
        ?? "Prompts for deliberation selected automatically from the data; not advice, and not UNESCO's.",
      coverage: coverage(score), robustness: robustness(summary), methodology: methodology(), sources: sources)
    profile.policy = policy(code, dimensions: dimensions)
    profile.benchmarks = benchmarks(code)
    if !levers.isEmpty { profile.leverPeers = leverPeers?.label }
    return profile
  }

  // MARK: - Sections

  private func dimensionSections(_ score: CountryScore) -> [CountryProfile.DimensionSection] {
    // An observation whose file states no licence (a user's tidy file) keeps none: the renderers
    // say "not stated" rather than lend it the framework's licence, which the file never granted.
    return framework.dimensions.map { dimension in
      CountryProfile.DimensionSection(
        score: score.node(dimension.code)
          ?? NodeScore(
            code: dimension.code, name: dimension.name, score: nil, available: 0, total: dimension.pillars.count),
        pillars: dimension.pillars.map { pillar in
          CountryProfile.PillarSection(
            score: score.node(pillar.code)
              ?? NodeScore(
                code: pillar.code, name: pillar.name, score: nil, available: 0, total: pillar.indicators.count),
            indicators: pillar.indicators.compactMap { score.indicator($0.code) })
        })
    }
  }

  func peer(_ iso3: String) -> CountryProfile.Peer {
    let other = scores[iso3]
    return CountryProfile.Peer(
      iso3: iso3, name: reference.country(iso3)?.name ?? iso3, score: other?.index.score, rank: other?.index.rank,
      dimensions: other?.dimensions.map(\.score) ?? framework.dimensions.map { _ in nil })
  }

  /// Strengths and weaknesses relative to the primary peers (GCR/NRI rule): strength when the
  /// indicator's percentile among peers with data is ≥ 75; weakness when ≤ 25, or when the score
  /// is more than one standard deviation below the peer median. At least 3 peers with data.
  private func assessments(_ score: CountryScore, peers: CountryProfile.PeerGroup?)
    -> ([CountryProfile.Assessment], [CountryProfile.Assessment])
  {
    guard let peers else { return ([], []) }
    var strengths: [CountryProfile.Assessment] = []
    var weaknesses: [CountryProfile.Assessment] = []
    for (i, indicator) in score.indicators.enumerated() {
      guard let own = indicator.score else { continue }
      let others = peers.members.compactMap { matrix[$0.iso3]?[i] }
      guard others.count >= 3, let peerMedian = median(others) else { continue }
      let below = others.filter { $0 < own - 1e-9 }.count
      let equal = others.filter { abs($0 - own) <= 1e-9 }.count
      let percentile = (Double(below) + 0.5 * Double(equal)) / Double(others.count) * 100
      let sd = standardDeviation(others)
      var assessment = CountryProfile.Assessment(
        code: indicator.code, name: indicator.name, dimension: indicator.dimension, value: indicator.value,
        unit: indicator.unit, year: indicator.year, score: own, peerMedian: peerMedian, percentile: percentile,
        peersWithData: others.count, reason: "")
      let group = "\(others.count) \(peers.label) peers with data"
      let above = others.filter { $0 > own + 1e-9 }.count
      if percentile >= 75 {
        assessment.reason = "higher than \(below) of the \(group)"
        strengths.append(assessment)
      } else if percentile <= 25 || (sd.map { peerMedian - own > $0 } ?? false) {
        assessment.reason =
          percentile <= 25
          ? "lower than \(above) of the \(group)"
          : "more than one standard deviation below the median of the \(group)"
        weaknesses.append(assessment)
      }
    }
    strengths.sort {
      ($0.percentile, $0.score - $0.peerMedian, $1.code) > ($1.percentile, $1.score - $1.peerMedian, $0.code)
    }
    weaknesses.sort {
      ($0.percentile, $0.score - $0.peerMedian, $0.code) < ($1.percentile, $1.score - $1.peerMedian, $1.code)
    }
    return (Array(strengths.prefix(options.strengthCount)), Array(weaknesses.prefix(options.strengthCount)))
  }

  private func coverage(_ score: CountryScore) -> CountryProfile.DataCoverage {
    let rows = framework.dimensions.map { dimension in
      let indicators = score.indicators.filter { $0.dimension == dimension.code }
      return CountryProfile.CoverageRow(
        code: dimension.code, name: dimension.name, indicatorsWithData: indicators.filter { $0.score != nil }.count,
        indicatorsTotal: indicators.count, oldestYear: indicators.compactMap(\.year).min())
    }
    let years = score.indicators.compactMap(\.year).sorted()
    return CountryProfile.DataCoverage(
      dimensions: rows, missing: score.indicators.filter { $0.score == nil }.map(\.name), imputed: 0,
      medianYear: years.isEmpty ? nil : years[(years.count - 1) / 2], oldestYear: years.first,
      notMeasured: framework.ramNotMeasured.isEmpty
        ? nil : framework.ramNotMeasured.map { "\($0) \(IndicatorSpec.ramNames[$0] ?? "")" })
  }

  private func methodology() -> CountryProfile.Methodology {
    let rules = framework.scoring
    return CountryProfile.Methodology(
      frameworkId: framework.id, frameworkVersion: framework.version, frameworkSHA256: result.framework.sha256,
      softwareVersion: softwareVersion, dataSHA256: options.dataSHA256,
      normalisation: "goalposts: 100 × (value − lower) / (upper − lower), truncated to 0–100 (direction applied)",
      aggregation: "weighted arithmetic mean of the scored children at each level",
      weights: "equal within each sub-pillar, dimension and the index",
      coverageRule: String(
        format:
          "a node is scored when at least %.0f%% (sub-pillar), %.0f%% (dimension), %.0f%% (index) of its children are",
        rules.coverage.pillar * 100, rules.coverage.dimension * 100, rules.coverage.index * 100),
      window:
        "the latest value in \(result.windowStart)–\(result.referenceYear) (\(rules.windowYears) years); no imputation")
  }
}

/// The median of values (mean of the middle two for an even count), `nil` when empty.
func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : Statistics.median(values) }

/// The sample standard deviation (n − 1), `nil` below two values.
func standardDeviation(_ values: [Double]) -> Double? { values.count > 1 ? Statistics.sd(values) : nil }

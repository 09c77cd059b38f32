import Foundation
import ReadinessCore

/// The first scoring engine: goalposts, latest value in a window, weighted arithmetic means up
/// the tree (the framework's `weight:`, equal by default) with a coverage rule, ranks and bands.
///
/// The rules are those of `Indicators/frameworks/README.md` §2:
/// - only annual periods (`2019`) are scored; quarterly or monthly values are ignored;
/// - the value is a country's latest observation with `R − W + 1 ≤ year ≤ R`; for a
///   per-capita indicator only years where the denominator also exists (> 0) count;
/// - indicator score = goalpost normalisation (``Goalposts``);
/// - a sub-pillar, dimension or index is the mean of its scored children when at least the
///   framework's coverage share of them is scored, else "insufficient data";
/// - ranks are competition ranks (ties → min) among countries scored at that node.
public struct Scorer: Sendable {
  public let framework: Framework
  /// SHA-256 of the framework file, copied into results.
  public var frameworkSHA256: String?
  /// Weight multipliers by node code (indicator, sub-pillar, dimension); 1 where absent. The
  /// framework's own weights are equal; uncertainty analyses perturb them.
  public var weights: [String: Double] = [:]
  /// `arithmetic` (the framework's rule) or `geometric` (of max(score, 1), so that a zero score
  /// does not annul a node) — an alternative for uncertainty analyses.
  public var aggregation: String = "arithmetic"

  public init(framework: Framework, frameworkSHA256: String? = nil) {
    self.framework = framework
    self.frameworkSHA256 = frameworkSHA256
  }

  /// The default reference year: the latest year in which at least a fifth of the
  /// framework's indicators have a value for some country. (The latest year with *any* value
  /// is often a year in which one early-reporting series stands alone, which would push most
  /// indicators out of the window.)
  public func defaultReferenceYear(observations: [Observation]) -> Int? {
    let scored = Set(framework.indicators.map(\.code))
    var indicatorsByYear: [Int: Set<String>] = [:]
    for observation in observations
    where observation.areaKind == .country && scored.contains(observation.indicator)
      && observation.period.utf8.count == 4
    {
      if let year = observation.year { indicatorsByYear[year, default: []].insert(observation.indicator) }
    }
    let needed = max(1, Int((Double(scored.count) * 0.2).rounded(.up)))
    return indicatorsByYear.filter { $0.value.count >= needed }.keys.max() ?? indicatorsByYear.keys.max()
  }

  /// Whether the reference year comes from the data: neither `given` (`--year`) nor stated by the
  /// framework (`scoring.reference_year`), so importing one more file can move it.
  public func derivesReferenceYear(given: Int?) -> Bool {
    given == nil && framework.scoring.referenceYear == nil
  }

  /// The framework's indicator codes that match no observation at all in `observations` (any year,
  /// any area), in framework order: codes never imported, or mistyped. A `sum_of` indicator has data
  /// when one of its components has.
  public func indicatorsWithoutData(observations: [Observation]) -> [String] {
    var present = Set<String>()
    for observation in observations { present.insert(observation.indicator) }
    return framework.indicators.filter { indicator in
      !present.contains(indicator.code) && !(indicator.sumOf ?? []).contains(where: present.contains)
    }.map(\.code)
  }

  /// Scores every country that has at least one indicator value in the window.
  ///
  /// - Parameters:
  ///   - observations: country observations (one per country, indicator and year; the
  ///     workspace resolves duplicates), each with its ``Observation/source``.
  ///   - referenceYear: `R`; defaults to ``defaultReferenceYear(observations:)``.
  /// - Throws: ``ReadinessError`` `notFound` when there is no data for the framework at all.
  public func score(observations: [Observation], referenceYear: Int? = nil) throws(ReadinessError) -> ScoreResult {
    score(try prepare(observations: observations, referenceYear: referenceYear))
  }

  /// The observations arranged for scoring (the window applied), reusable by runs that change only
  /// weights or aggregation.
  public struct Prepared: Sendable {
    let series: [String: [String: [Int: Observation]]]
    let countries: [String]
    public let referenceYear: Int
    let windowStart: Int
  }

  /// Selects the window and arranges the observations by indicator, country and year.
  public func prepare(observations: [Observation], referenceYear: Int? = nil) throws(ReadinessError) -> Prepared {
    guard
      let reference = referenceYear ?? framework.scoring.referenceYear
        ?? defaultReferenceYear(observations: observations)
    else {
      throw ReadinessError(
        .notFound,
        "the workspace holds no values for any indicator of framework \(framework.id); import data first (readiness import FILE…)"
      )
    }
    let windowStart = reference - framework.scoring.windowYears + 1
    // series[indicator][country][year] = observation
    var series: [String: [String: [Int: Observation]]] = [:]
    let needed = framework.requiredSeries
    for observation in observations where observation.areaKind == .country && needed.contains(observation.indicator) {
      // Annual values only: a quarter or month (`2019-Q4`) must not stand in for the year.
      guard observation.period.utf8.count == 4, let year = observation.year, year >= windowStart, year <= reference
      else { continue }
      series[observation.indicator, default: [:]][observation.country, default: [:]][year] = observation
    }
    for indicator in framework.indicators {
      if let components = indicator.sumOf {
        series[indicator.code] = Scorer.sum(components, of: series, spec: indicator)
      }
    }
    var countryCodes = Set<String>()
    for indicator in framework.indicators {
      for (country, _) in series[indicator.code] ?? [:] { countryCodes.insert(country) }
    }
    return Prepared(
      series: series, countries: countryCodes.sorted(), referenceYear: reference, windowStart: windowStart)
  }

  /// The series `sum_of` makes: per country and year the sum of the components' values (a
  /// component a country lacks counts as zero only under `missing: zero`).
  static func sum(_ components: [String], of series: [String: [String: [Int: Observation]]], spec: IndicatorSpec)
    -> [String: [Int: Observation]]
  {
    var keys = Set<[String]>()
    for component in components {
      for (country, years) in series[component] ?? [:] {
        for year in years.keys { keys.insert([country, String(year)]) }
      }
    }
    var out: [String: [Int: Observation]] = [:]
    for key in keys {
      let (country, year) = (key[0], Int(key[1]) ?? 0)
      let parts = components.map { series[$0]?[country]?[year] }
      guard spec.missingIsZero || parts.allSatisfy({ $0 != nil }) else { continue }
      let present = parts.compactMap { $0 }
      guard let first = present.first else { continue }
      var observation = Observation(
        country: country, areaKind: .country, indicator: spec.code, period: String(year),
        value: present.reduce(0) { $0 + $1.value },
        position: .text(
          "sum of "
            + zip(components, parts).map { "\($0) \($1.map { String($0.value) } ?? "0 (not listed)")" }.joined(
              separator: ", ")))
      observation.unit = first.unit
      var source = first.source ?? SourceInfo(publisher: spec.source.organisation)
      let publishers = Array(Set(present.compactMap { $0.source?.dataset ?? $0.source?.publisher })).sorted()
      source.dataset = publishers.joined(separator: "; ")
      observation.source = source
      out[country, default: [:]][year] = observation
    }
    return out
  }

  /// Scores prepared observations.
  public func score(_ prepared: Prepared) -> ScoreResult {
    let (series, reference, windowStart) = (prepared.series, prepared.referenceYear, prepared.windowStart)
    var results: [CountryScore] = prepared.countries.map { iso3 in
      scoreCountry(iso3, series: series, reference: reference, windowStart: windowStart)
    }
    rank(&results)
    results.sort { lhs, rhs in
      switch (lhs.index.rank, rhs.index.rank) {
      case (let l?, let r?): return l != r ? l < r : lhs.iso3 < rhs.iso3
      case (.some, .none): return true
      case (.none, .some): return false
      case (.none, .none): return lhs.iso3 < rhs.iso3
      }
    }
    return ScoreResult(
      framework: FrameworkInfo(
        id: framework.id, name: framework.name, version: framework.version, label: framework.label,
        sha256: frameworkSHA256),
      referenceYear: reference, windowStart: windowStart, countries: results)
  }

  private func scoreCountry(
    _ iso3: String, series: [String: [String: [Int: Observation]]], reference: Int, windowStart: Int
  ) -> CountryScore {
    let rules = framework.scoring
    var indicatorScores: [IndicatorScore] = []
    var pillarScores: [NodeScore] = []
    var dimensionScores: [NodeScore] = []
    for dimension in framework.dimensions {
      var pillarValues: [(Double, Double)] = []
      for pillar in dimension.pillars {
        var values: [(Double, Double)] = []
        for spec in pillar.indicators {
          let result = scoreIndicator(
            spec, iso3: iso3, pillar: pillar.code, dimension: dimension.code, series: series, reference: reference)
          if let score = result.score { values.append((score, spec.effectiveWeight * (weights[spec.code] ?? 1))) }
          indicatorScores.append(result)
        }
        let node = aggregate(
          code: pillar.code, name: pillar.name, values: values, total: pillar.indicators.count,
          threshold: pillar.coverage ?? rules.coverage.pillar)
        if let score = node.score { pillarValues.append((score, (pillar.weight ?? 1) * (weights[pillar.code] ?? 1))) }
        pillarScores.append(node)
      }
      let node = aggregate(
        code: dimension.code, name: dimension.name, values: pillarValues, total: dimension.pillars.count,
        threshold: rules.coverage.dimension)
      dimensionScores.append(node)
    }
    let index = aggregate(
      code: "INDEX", name: framework.name,
      values: dimensionScores.compactMap { node in
        node.score.map { ($0, framework.weight(of: node.code) * (weights[node.code] ?? 1)) }
      },
      total: framework.dimensions.count, threshold: rules.coverage.index)
    return CountryScore(
      iso3: iso3, index: index, dimensions: dimensionScores, pillars: pillarScores, indicators: indicatorScores)
  }

  private func scoreIndicator(
    _ spec: IndicatorSpec, iso3: String, pillar: String, dimension: String,
    series: [String: [String: [Int: Observation]]], reference: Int
  ) -> IndicatorScore {
    var result = IndicatorScore(
      code: spec.code, name: spec.name, unit: spec.unit, pillar: pillar, dimension: dimension)
    guard let byYear = series[spec.code]?[iso3] else {
      // A census: not listed means none (the framework says why).
      if spec.missingIsZero {
        result.raw = 0
        result.value = 0
        result.year = reference
        result.age = 0
        result.score = Goalposts.score(0, spec: spec)
        result.band = result.score.flatMap { framework.scoring.band(for: $0) }
        result.source = SourceInfo(
          publisher: spec.source.organisation, dataset: spec.source.dataset, licence: spec.source.licence,
          url: spec.source.url)
        result.location = "not listed: counted as zero (\(spec.missingReason ?? "a census"))"
      }
      return result
    }
    for year in byYear.keys.sorted(by: >) {
      guard let observation = byYear[year] else { continue }
      var value = observation.value
      if let perCapita = spec.perCapita {
        guard let denominatorObservation = series[perCapita.denominator]?[iso3]?[year], denominatorObservation.value > 0
        else { continue }
        value = observation.value / denominatorObservation.value * perCapita.scale
        result.denominator = denominatorObservation.value
        result.denominatorSource = denominatorObservation.source
        result.denominatorLocation = denominatorObservation.location
      }
      result.raw = observation.value
      result.value = value
      result.year = year
      result.age = reference - year
      result.score = Goalposts.score(value, spec: spec)
      result.band = result.score.flatMap { framework.scoring.band(for: $0) }
      result.source = observation.source
      result.location = observation.location
      return result
    }
    return result
  }

  private func aggregate(code: String, name: String, values: [(Double, Double)], total: Int, threshold: Double)
    -> NodeScore
  {
    let score = FrameworkAggregation.mean(
      values, total: total, threshold: threshold, geometric: aggregation == "geometric")
    return NodeScore(
      code: code, name: name, score: score, available: values.count, total: total, rank: nil,
      band: score.flatMap { framework.scoring.band(for: $0) })
  }

  private func rank(_ results: inout [CountryScore]) {
    let indexRanks = competitionRanks(results.map(\.index.score))
    for i in results.indices { results[i].index.rank = indexRanks[i] }
    let dimensionCount = results.first?.dimensions.count ?? 0
    for d in 0..<dimensionCount {
      let ranks = competitionRanks(results.map { $0.dimensions[d].score })
      for i in results.indices { results[i].dimensions[d].rank = ranks[i] }
    }
    let pillarCount = results.first?.pillars.count ?? 0
    for p in 0..<pillarCount {
      let ranks = competitionRanks(results.map { $0.pillars[p].score })
      for i in results.indices { results[i].pillars[p].rank = ranks[i] }
    }
    let indicatorCount = results.first?.indicators.count ?? 0
    for k in 0..<indicatorCount {
      let ranks = competitionRanks(results.map { $0.indicators[k].score })
      for i in results.indices { results[i].indicators[k].rank = ranks[i] }
    }
  }
}

import Foundation
import ReadinessCore

/// Monte Carlo uncertainty of a YAML framework's scores: each run multiplies every node's weight
/// (indicator, sub-pillar, dimension) by U(1 − noise, 1 + noise) and may switch the aggregation to
/// a geometric mean, rescores every country and records its index score and rank. Goalposts,
/// window and coverage rules stay as the framework states them. Deterministic for a seed
/// (each run has its own generator); runs are spread over all cores.
public struct FrameworkUncertainty: Sendable {
  public let framework: Framework
  public let observations: [Observation]
  public let referenceYear: Int?
  /// Uses `weights.noise` and `aggregate` (arithmetic, geometric); other keys do not apply.
  public let spec: CoinUncertainty.Spec

  public init(framework: Framework, observations: [Observation], referenceYear: Int?, spec: CoinUncertainty.Spec) {
    self.framework = framework
    self.observations = observations
    self.referenceYear = referenceYear
    self.spec = spec
  }

  public func run(runs: Int? = nil, seed: UInt64? = nil) throws(ReadinessError) -> CoinUncertainty.Result {
    let total = runs ?? spec.runs ?? 1000
    let seed = seed ?? spec.seed ?? 1
    guard total >= 1 else { throw ReadinessError(.invalidConfiguration, "runs must be at least 1") }
    for method in spec.aggregate ?? [] where !["arithmetic", "geometric"].contains(method) {
      throw ReadinessError(
        .invalidConfiguration, "aggregate alternative \(method) (a framework can use arithmetic or geometric)")
    }
    if let noise = spec.weights?.noise, !(0..<1).contains(noise) {
      throw ReadinessError(.invalidConfiguration, "weights.noise must be in [0, 1)")
    }
    let prepared = try Scorer(framework: framework).prepare(observations: observations, referenceYear: referenceYear)
    let nominal = Scorer(framework: framework).score(prepared)
    let countries = nominal.countries.map(\.iso3)
    let codes = framework.dimensions.flatMap { d in
      [d.code] + d.pillars.flatMap { p in [p.code] + p.indicators.map(\.code) }
    }
    let scores = UnsafeMutableBufferPointer<Double>.allocate(capacity: total * countries.count)
    let ranks = UnsafeMutableBufferPointer<Double>.allocate(capacity: total * countries.count)
    defer {
      scores.deallocate()
      ranks.deallocate()
    }
    scores.initialize(repeating: .nan)
    ranks.initialize(repeating: .nan)
    let spec = self.spec
    let methods = (0..<total).map { run -> String in
      var generator = SplitMix64(seed: seed, index: run)
      let options = spec.aggregate ?? ["arithmetic"]
      return options.isEmpty ? "arithmetic" : options[Int(generator.next() % UInt64(options.count))]
    }
    // Each run re-aggregates the nominal indicator scores (goalposts and window do not change).
    let aggregation = FrameworkAggregation(framework: framework)
    let matrix = nominal.countries.map { aggregation.indicatorScores(of: $0) }
    let outcomes = concurrentMap(total, seed: seed) { run, generator -> (scores: [Double?], ranks: [Int?]) in
      _ = generator.next()  // the aggregation draw, made above
      var table: [String: Double] = [:]
      if let noise = spec.weights?.noise, noise > 0 {
        for code in codes {
          table[code] = 1 - noise + 2 * noise * generator.unit()
        }
      }
      let weights = aggregation.weights(table)
      let geometric = methods[run] == "geometric"
      let indexScores = matrix.map { aggregation.aggregate($0, weights: weights, geometric: geometric).index }
      return (indexScores, competitionRanks(indexScores))
    }
    for (run, outcome) in outcomes.enumerated() {
      for unit in 0..<countries.count {
        if let score = outcome.scores[unit] { scores[run * countries.count + unit] = score }
        if let rank = outcome.ranks[unit] { ranks[run * countries.count + unit] = Double(rank) }
      }
    }
    let summaries = CoinUncertainty.UnitSummary.summarise(
      units: countries, nominalScores: nominal.countries.map(\.index.score),
      nominalRanks: nominal.countries.map(\.index.rank), runs: total, scores: scores, ranks: ranks,
      useScore: { _ in true }, useRank: { _ in true })
    return CoinUncertainty.Result(
      runs: total, failedRuns: 0, seed: seed, aggregate: "INDEX", units: summaries,
      referenceYear: nominal.referenceYear)
  }
}

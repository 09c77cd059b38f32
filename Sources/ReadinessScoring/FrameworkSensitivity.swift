import Foundation
import ReadinessCore

/// Sobol sensitivity of a YAML framework's ranking to its uncertain assumptions: the weight noise
/// (one factor: the whole vector of node weights, each multiplied by U(1 − noise, 1 + noise)) and
/// the aggregation (arithmetic or geometric). The output of each build is the mean absolute change
/// of the countries' index ranks against the nominal ranking; builds re-aggregate the nominal
/// indicator scores through ``FrameworkAggregation``.
public struct FrameworkSensitivity: Sendable {
  public let framework: Framework
  public let result: ScoreResult
  /// Uses `weights.noise` and `aggregate`.
  public let spec: CoinUncertainty.Spec

  public init(framework: Framework, result: ScoreResult, spec: CoinUncertainty.Spec) {
    self.framework = framework
    self.result = result
    self.spec = spec
  }

  public func run(samples: Int, seed: UInt64, bootstrap: Int = 500) throws(ReadinessError) -> CoinSensitivity.Result {
    var names: [String] = []
    if let noise = spec.weights?.noise, noise > 0 { names.append("weights") }
    if (spec.aggregate?.count ?? 0) > 1 { names.append("aggregate") }
    for method in spec.aggregate ?? [] where !["arithmetic", "geometric"].contains(method) {
      throw ReadinessError(
        .invalidConfiguration, "aggregate alternative \(method) (a framework can use arithmetic or geometric)")
    }
    guard !names.isEmpty else {
      throw ReadinessError(.invalidConfiguration, "no assumption varies in the specification: nothing to analyse")
    }
    guard samples >= 10 else {
      throw ReadinessError(.invalidConfiguration, "a Sobol analysis needs at least 10 samples")
    }
    let aggregation = FrameworkAggregation(framework: framework)
    let matrix = result.countries.map { aggregation.indicatorScores(of: $0) }
    let nominalRanks = result.countries.map(\.index.rank)
    let codes = framework.dimensions.flatMap { d in
      [d.code] + d.pillars.flatMap { p in [p.code] + p.indicators.map(\.code) }
    }
    let noise = spec.weights?.noise ?? 0
    let options = spec.aggregate ?? ["arithmetic"]
    let points = SaltelliDesign.points(names: names, samples: samples, seed: seed)
    // Each point's mean absolute rank shift (NaN when no country has a rank).
    let outputs = concurrentMap(points.count) { index -> Double in
      let point = points[index]
      var table: [String: Double] = [:]
      if let u = point["weights"] {
        // The point's coordinate seeds the whole weight vector (one factor).
        var generator = SplitMix64(seed: UInt64(u * Double(UInt64(1) << 52)))
        for code in codes { table[code] = 1 - noise + 2 * noise * generator.unit() }
      }
      let method =
        point["aggregate"].map { options[min(options.count - 1, Int($0 * Double(options.count)))] } ?? options[0]
      let weights = aggregation.weights(table)
      let ranks = competitionRanks(
        matrix.map { aggregation.aggregate($0, weights: weights, geometric: method == "geometric").index })
      var shifts: [Double] = []
      for (rank, nominal) in zip(ranks, nominalRanks) {
        if let rank, let nominal { shifts.append(Double(abs(rank - nominal))) }
      }
      return shifts.isEmpty ? .nan : shifts.reduce(0, +) / Double(shifts.count)
    }
    let (variance, factors, failed) = SaltelliDesign.indices(
      outputs: Array(outputs), names: names, samples: samples, seed: seed, bootstrap: bootstrap)
    return CoinSensitivity.Result(
      samples: samples, builds: points.count, failedBuilds: failed, seed: seed, variance: variance, factors: factors,
      referenceYear: result.referenceYear)
  }
}

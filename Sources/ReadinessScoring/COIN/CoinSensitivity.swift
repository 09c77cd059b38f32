import Foundation
import ReadinessCore

/// Variance-based sensitivity of a COINr-format index to its uncertain assumptions: a Saltelli
/// design with first-order (Saltelli 2010) and total (Jansen) Sobol indices and bootstrap
/// intervals.
///
/// Each assumption of the ``CoinUncertainty/Spec`` that varies is one factor: `weights` (the whole
/// vector of weight noise), `normalise`, `aggregate`, `impute`, `winmax`. A run's output is the
/// mean absolute change of the units' ranks at the top level against the nominal build, so the
/// indices say which assumption moves the ranking most. Cost: `samples × (factors + 2)` builds.
public struct CoinSensitivity: Sendable {
  public struct Factor: Sendable, Hashable, Codable {
    public var name: String
    public var first: Double
    public var firstLow: Double
    public var firstHigh: Double
    public var total: Double
    public var totalLow: Double
    public var totalHigh: Double
  }

  public struct Result: Sendable, Codable {
    public var samples: Int
    public var builds: Int
    public var failedBuilds: Int
    public var seed: UInt64
    /// Variance of the output (mean absolute rank change) over the base samples.
    public var variance: Double
    public var factors: [Factor]
    /// The reference year of a framework's scores (absent for a COINr-format index).
    public var referenceYear: Int? = nil
  }

  public let analysis: CoinUncertainty

  public init(analysis: CoinUncertainty) { self.analysis = analysis }

  /// The factors that vary in the specification.
  var factorNames: [String] {
    var names: [String] = []
    let spec = analysis.spec
    if let noise = spec.weights?.noise, noise > 0 { names.append("weights") }
    if (spec.normalise?.count ?? 0) > 1 { names.append("normalise") }
    if (spec.aggregate?.count ?? 0) > 1 { names.append("aggregate") }
    if (spec.impute?.count ?? 0) > 1 { names.append("impute") }
    if (spec.winmax?.count ?? 0) > 1 { names.append("winmax") }
    return names
  }

  /// The draw a point of the unit hypercube stands for.
  func draw(_ u: [String: Double]) -> CoinUncertainty.Draw {
    let spec = analysis.spec
    let pipeline = analysis.pipeline
    func pick<T>(_ options: [T]?, _ name: String, _ fallback: T) -> T {
      guard let options, !options.isEmpty, let x = u[name] else { return options?.first ?? fallback }
      return options[min(options.count - 1, Int(x * Double(options.count)))]
    }
    var weights: [String: Double] = [:]
    var generator = SplitMix64(seed: UInt64((u["weights"] ?? 0) * Double(UInt64(1) << 52)))
    for node in analysis.input.nodes {
      var factor = 1.0
      if u["weights"] != nil, let noise = spec.weights?.noise, noise > 0 {
        factor = 1 - noise + 2 * noise * generator.unit()
      }
      weights[node.code] = factor
    }
    return CoinUncertainty.Draw(
      normalise: pick(spec.normalise, "normalise", pipeline.normalise.method.rawValue),
      aggregate: pick(spec.aggregate, "aggregate", pipeline.aggregate.method.rawValue),
      impute: pick(spec.impute, "impute", pipeline.impute.map { $0.method != .none } ?? false),
      winmax: pick(spec.winmax, "winmax", pipeline.treat?.winmax ?? 5), weights: weights)
  }

  public func run(samples: Int, seed: UInt64, bootstrap: Int = 500) throws(ReadinessError) -> Result {
    let names = factorNames
    guard !names.isEmpty else {
      throw ReadinessError(.invalidConfiguration, "no assumption varies in the specification: nothing to analyse")
    }
    guard samples >= 10 else {
      throw ReadinessError(.invalidConfiguration, "a Sobol analysis needs at least 10 samples")
    }
    let nominal = try CoinEngine.run(analysis.input, analysis.pipeline)
    guard let top = nominal.aggregates.first else {
      throw ReadinessError(.invalidConfiguration, "the index has no aggregate to analyse")
    }
    let nominalRank = Dictionary(
      zip(nominal.units, nominal.ranks[top] ?? []).compactMap { unit, rank in rank.map { (unit, $0) } },
      uniquingKeysWith: { first, _ in first })
    let points = SaltelliDesign.points(names: names, samples: samples, seed: seed)
    let plans = points.map { point -> (CoinUncertainty.Draw, CoinPipeline) in
      let d = draw(point)
      return (d, analysis.pipeline(for: d))
    }
    var upstream: [String: CoinEngine.Prepared] = [:]
    for (d, p) in plans where upstream["\(d.impute)|\(d.winmax)"] == nil {
      upstream["\(d.impute)|\(d.winmax)"] = try CoinEngine.prepare(analysis.input, p)
    }
    let prepared = upstream
    let input = analysis.input
    // Each build's mean absolute rank shift, NaN for a build that could not be made.
    let outputs = concurrentMap(plans.count) { index -> Double in
      let (d, p) = plans[index]
      guard let base = prepared["\(d.impute)|\(d.winmax)"] else { return .nan }
      guard let result = try? CoinEngine.finish(input, p, base, multipliers: d.weights) else { return .nan }
      var shifts: [Double] = []
      for (row, unit) in result.units.enumerated() {
        if let rank = result.ranks[top]?[row], let reference = nominalRank[unit] {
          shifts.append(Double(abs(rank - reference)))
        }
      }
      return shifts.isEmpty ? .nan : shifts.reduce(0, +) / Double(shifts.count)
    }
    let (variance, factors, failed) = SaltelliDesign.indices(
      outputs: outputs, names: names, samples: samples, seed: seed, bootstrap: bootstrap)
    return Result(
      samples: samples, builds: plans.count, failedBuilds: failed, seed: seed, variance: variance, factors: factors)
  }
}

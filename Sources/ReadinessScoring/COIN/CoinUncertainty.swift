import Foundation
import ReadinessCore
import Yams

/// Monte Carlo uncertainty analysis of a COINr-format index: each run draws the uncertain
/// assumptions (weight noise, normalisation, aggregation, imputation on or off, winmax), rebuilds
/// the index and records every unit's index score and rank. Rank statistics use every run; score
/// statistics use the runs that kept the nominal normalisation (other normalisations put scores on
/// other scales). Geometric and harmonic means need positive values, so a run that draws one of
/// them rescales its normalisation first, as COINr's sensitivity analysis does: min-max onto
/// [1, 100], z-scores onto mean 10 and standard deviation 2 (a value more than five standard
/// deviations below the mean would still be non-positive). A run that cannot be built is counted as
/// failed and left out, and the reasons are kept (``Result/failureReasons``).
///
/// Deterministic for a given seed whatever the number of threads: run `r` draws from its own
/// generator seeded with `(seed, r)`. Runs are spread over all cores. Stages upstream of the
/// drawn assumptions are computed once per distinct choice (imputation and treatment depend only
/// on `impute` and `winmax`), so a run recomputes only normalisation and aggregation.
public struct CoinUncertainty: Sendable {
  /// The uncertain assumptions, as a YAML file:
  ///
  ///     runs: 1000
  ///     seed: 42
  ///     weights: {noise: 0.25}            # each weight × U(1 − noise, 1 + noise)
  ///     normalise: [minmax, zscore, rank] # alternatives, drawn with equal probability
  ///     aggregate: [arithmetic, geometric]
  ///     impute: [true, false]             # imputation on or off
  ///     winmax: [3, 5, 7]
  public struct Spec: Sendable, Hashable, Codable {
    public struct Weights: Sendable, Hashable, Codable {
      public var noise: Double
      public init(noise: Double) { self.noise = noise }
    }
    public var runs: Int?
    public var seed: UInt64?
    public var weights: Weights?
    public var normalise: [String]?
    public var aggregate: [String]?
    public var impute: [Bool]?
    public var winmax: [Int]?

    public init(
      runs: Int? = nil, seed: UInt64? = nil, weights: Weights? = nil, normalise: [String]? = nil,
      aggregate: [String]? = nil, impute: [Bool]? = nil, winmax: [Int]? = nil
    ) {
      self.runs = runs
      self.seed = seed
      self.weights = weights
      self.normalise = normalise
      self.aggregate = aggregate
      self.impute = impute
      self.winmax = winmax
    }

    /// The keys a specification may use: a misspelt one (`winmx:`) is an error at its line.
    static let keys = YAMLKeys([
      "runs": .leaf, "seed": .leaf, "weights": YAMLKeys(["noise": .leaf]), "normalise": .leaf, "aggregate": .leaf,
      "impute": .leaf, "winmax": .leaf,
    ])

    public static func load(path: String) throws(ReadinessError) -> Spec {
      let text: String
      do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
        throw ReadinessError.cannotOpen(path, what: "uncertainty specification")
      }
      do {
        if let node = try Yams.compose(yaml: text) {
          try Spec.keys.check(node, file: path, what: "uncertainty specification")
        }
        return try YAMLDecoder().decode(Spec.self, from: text)
      } catch let error as ReadinessError {
        throw error
      } catch {
        throw ReadinessError(
          .invalidConfiguration, "invalid uncertainty specification: \(error)", at: SourceLocation(file: path))
      }
    }
  }

  /// One unit's distribution over the runs.
  public struct UnitSummary: Sendable, Hashable, Codable {
    public var unit: String
    public var nominalScore: Double?
    public var nominalRank: Int?
    public var meanScore: Double?
    public var medianScore: Double?
    public var p5Score: Double?
    public var p95Score: Double?
    public var meanRank: Double?
    public var medianRank: Double?
    public var p5Rank: Double?
    public var p95Rank: Double?
  }

  public struct Result: Sendable, Codable {
    public var runs: Int
    public var failedRuns: Int
    public var seed: UInt64
    public var aggregate: String
    public var units: [UnitSummary]
    /// The reference year of a framework's scores (absent for a COINr-format index).
    public var referenceYear: Int? = nil
    /// Why runs failed: one entry per combination of drawn assumptions that failed, most runs
    /// first (empty when none failed).
    public var failureReasons: [FailureReason] = []
  }

  /// Runs that failed with the same drawn normalisation and aggregation, and the first error.
  public struct FailureReason: Sendable, Hashable, Codable {
    /// The drawn assumptions, `normalise zscore, aggregate geometric`.
    public var assumptions: String
    public var runs: Int
    /// The error of the first such run (lowest run number) and that run's number (from 0).
    public var firstError: String
    public var firstRun: Int
  }

  public let input: CoinInput
  public let pipeline: CoinPipeline
  public let spec: Spec

  public init(input: CoinInput, pipeline: CoinPipeline, spec: Spec) {
    self.input = input
    self.pipeline = pipeline
    self.spec = spec
  }

  /// One run's drawn assumptions.
  struct Draw: Hashable {
    var normalise: String
    var aggregate: String
    var impute: Bool
    var winmax: Int
    /// Weight multipliers by node code.
    var weights: [String: Double]
  }

  func draw(run: Int, seed: UInt64) -> Draw {
    var generator = SplitMix64(seed: seed, index: run)
    func pick<T>(_ options: [T]?, _ fallback: T) -> T {
      guard let options, !options.isEmpty else { return fallback }
      return options[Int(generator.next() % UInt64(options.count))]
    }
    let normalise = pick(spec.normalise, pipeline.normalise.method.rawValue)
    let aggregate = pick(spec.aggregate, pipeline.aggregate.method.rawValue)
    let impute = pick(spec.impute, pipeline.impute.map { $0.method != .none } ?? false)
    let winmax = pick(spec.winmax, pipeline.treat?.winmax ?? 5)
    // Weight multipliers: applied after the pipeline's weighting method (explicit, equal or PCA).
    var weights: [String: Double] = [:]
    for node in input.nodes {
      var factor = 1.0
      if let noise = spec.weights?.noise, noise > 0 {
        factor = 1 - noise + 2 * noise * generator.unit()
      }
      weights[node.code] = factor
    }
    return Draw(normalise: normalise, aggregate: aggregate, impute: impute, winmax: winmax, weights: weights)
  }

  /// The pipeline a draw stands for.
  func pipeline(for draw: Draw) -> CoinPipeline {
    var p = pipeline
    // The spec's alternatives are checked against the methods before any run (`run`).
    p.normalise.method = CoinPipeline.NormaliseMethod(rawValue: draw.normalise) ?? p.normalise.method
    // Geometric and harmonic means need positive values: min-max then runs on [1, 100].
    // Z-scores onto mean 10 and standard deviation 2, as COINr's sensitivity analysis does (a z-score
    // of mean 0 is negative for half the units, and its geometric mean undefined).
    if ["geometric", "harmonic"].contains(draw.aggregate) {
      if draw.normalise == "minmax" { p.normalise.range = [1, 100] }
      if draw.normalise == "zscore" {
        p.normalise.mean = p.normalise.mean ?? 10
        p.normalise.sd = p.normalise.sd ?? 2
      }
    }
    p.aggregate.method = CoinPipeline.AggregateMethod(rawValue: draw.aggregate) ?? p.aggregate.method
    if !draw.impute { p.impute = nil } else if p.impute == nil { p.impute = .init(method: .mean) }
    if p.treat != nil { p.treat?.winmax = draw.winmax }
    return p
  }

  /// Runs the analysis. `runs` and `seed` override the specification's.
  public func run(runs: Int? = nil, seed: UInt64? = nil) throws(ReadinessError) -> Result {
    let total = runs ?? spec.runs ?? 1000
    let seed = seed ?? spec.seed ?? 1
    guard total >= 1 else { throw ReadinessError(.invalidConfiguration, "runs must be at least 1") }
    for method in spec.normalise ?? [] where !CoinPipeline.normalisations.contains(method) {
      throw ReadinessError(
        .invalidConfiguration,
        "normalise alternative \(method) (expected \(CoinPipeline.normalisations.joined(separator: ", ")))")
    }
    for method in spec.aggregate ?? [] where !CoinPipeline.aggregations.contains(method) || method == "generalised" {
      throw ReadinessError(
        .invalidConfiguration,
        "aggregate alternative \(method) (expected one of \(CoinPipeline.aggregations.filter { $0 != "generalised" }.joined(separator: ", ")))"
      )
    }
    if let noise = spec.weights?.noise, !(0..<1).contains(noise) {
      throw ReadinessError(.invalidConfiguration, "weights.noise must be in [0, 1)")
    }
    let nominal = try CoinEngine.run(input, pipeline)
    guard let top = nominal.aggregates.first else {
      throw ReadinessError(.invalidConfiguration, "the index has no aggregate to analyse")
    }
    let units = nominal.units
    // Upstream stages once per distinct (impute, winmax).
    let draws = (0..<total).map { draw(run: $0, seed: seed) }
    var upstream: [String: CoinEngine.Prepared] = [:]
    for draw in draws {
      let key = "\(draw.impute)|\(draw.winmax)"
      if upstream[key] == nil { upstream[key] = try CoinEngine.prepare(input, pipeline(for: draw)) }
    }
    let prepared = upstream
    let scores = UnsafeMutableBufferPointer<Double>.allocate(capacity: total * units.count)
    let ranks = UnsafeMutableBufferPointer<Double>.allocate(capacity: total * units.count)
    let failed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: total)
    let errors = UnsafeMutableBufferPointer<String?>.allocate(capacity: total)
    defer {
      scores.deallocate()
      ranks.deallocate()
      failed.deallocate()
      errors.deinitialize()
      errors.deallocate()
    }
    scores.initialize(repeating: .nan)
    ranks.initialize(repeating: .nan)
    failed.initialize(repeating: false)
    errors.initialize(repeating: nil)
    let input = self.input
    let plans = draws.map { (draw: $0, pipeline: pipeline(for: $0)) }
    let position = Dictionary(
      units.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    // Each run's scores and ranks by unit (NaN = none), or why its build failed.
    enum Outcome: Sendable {
      case success([Double], [Double])
      case failure(String)
    }
    let outcomes = concurrentMap(total) { run -> Outcome in
      let plan = plans[run]
      guard let base = prepared["\(plan.draw.impute)|\(plan.draw.winmax)"] else { return .success([], []) }
      let result: CoinEngine.Result
      do {
        result = try CoinEngine.finish(input, plan.pipeline, base, multipliers: plan.draw.weights)
      } catch let error as ReadinessError {
        return .failure(error.message)
      } catch {
        return .failure("\(error)")
      }
      // Screening can differ between runs: map by unit code.
      var runScores = [Double](repeating: .nan, count: units.count)
      var runRanks = [Double](repeating: .nan, count: units.count)
      let column = result.tables["aggregated"]?[top] ?? []
      let rankColumn = result.ranks[top] ?? []
      for (row, unit) in result.units.enumerated() {
        guard let index = position[unit] else { continue }
        if let score = column[row] { runScores[index] = score }
        if let rank = rankColumn[row] { runRanks[index] = Double(rank) }
      }
      return .success(runScores, runRanks)
    }
    for (run, outcome) in outcomes.enumerated() {
      switch outcome {
      case .failure(let message):
        failed[run] = true
        errors[run] = message
      case .success(let runScores, let runRanks):
        for (index, score) in runScores.enumerated() { scores[run * units.count + index] = score }
        for (index, rank) in runRanks.enumerated() { ranks[run * units.count + index] = rank }
      }
    }
    let nominalScores = nominal.tables["aggregated"]?[top] ?? []
    // Scores are comparable only on the nominal normalisation's scale (a z-score is not a 0–100
    // score); ranks are comparable across all runs.
    let summaries = UnitSummary.summarise(
      units: units, nominalScores: nominalScores, nominalRanks: nominal.ranks[top] ?? [], runs: total,
      scores: scores, ranks: ranks,
      useScore: { run in !failed[run] && plans[run].draw.normalise == pipeline.normalise.method.rawValue },
      useRank: { run in !failed[run] })
    let failures = (0..<total).filter { failed[$0] }.count
    var reasons: [String: FailureReason] = [:]
    for run in 0..<total where failed[run] {
      let draw = plans[run].draw
      let key = "normalise \(draw.normalise), aggregate \(draw.aggregate)"
      if reasons[key] == nil {
        reasons[key] = FailureReason(assumptions: key, runs: 0, firstError: errors[run] ?? "unknown", firstRun: run)
      }
      reasons[key]?.runs += 1
    }
    let sorted = reasons.values.sorted { ($1.runs, $0.assumptions) < ($0.runs, $1.assumptions) }
    return Result(
      runs: total, failedRuns: failures, seed: seed, aggregate: top, units: summaries, failureReasons: sorted)
  }
}

extension CoinUncertainty.UnitSummary {
  /// Per-unit statistics of run buffers laid out run-major (`run × units + unit`, NaN = no value).
  static func summarise(
    units: [String], nominalScores: [Double?], nominalRanks: [Int?], runs: Int,
    scores: UnsafeMutableBufferPointer<Double>, ranks: UnsafeMutableBufferPointer<Double>,
    useScore: (Int) -> Bool, useRank: (Int) -> Bool
  ) -> [Self] {
    units.enumerated().map { index, unit in
      var s: [Double] = []
      var r: [Double] = []
      for run in 0..<runs {
        let score = scores[run * units.count + index]
        if !score.isNaN && useScore(run) { s.append(score) }
        let rank = ranks[run * units.count + index]
        if !rank.isNaN && useRank(run) { r.append(rank) }
      }
      return Self(
        unit: unit, nominalScore: index < nominalScores.count ? nominalScores[index] : nil,
        nominalRank: index < nominalRanks.count ? nominalRanks[index] : nil,
        meanScore: s.isEmpty ? nil : Statistics.mean(s), medianScore: s.isEmpty ? nil : Statistics.median(s),
        p5Score: Statistics.quantile(s, 0.05), p95Score: Statistics.quantile(s, 0.95),
        meanRank: r.isEmpty ? nil : Statistics.mean(r), medianRank: r.isEmpty ? nil : Statistics.median(r),
        p5Rank: Statistics.quantile(r, 0.05), p95Rank: Statistics.quantile(r, 0.95))
    }
  }
}

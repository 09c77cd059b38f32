import Foundation
import ReadinessCore

/// A framework's aggregation rules compiled to index arrays, so that composite scores can be
/// recomputed from indicator scores alone — thousands of times — without re-reading
/// observations.
///
/// It applies exactly the rules of ``Scorer`` (weighted arithmetic or geometric mean of the
/// scored children, the coverage share per level), in the same floating-point order, so that
/// `aggregate(indicatorScores(of: country))` reproduces the scorer's numbers bit for bit. The
/// uncertainty engine and the profile's levers ("what if this indicator reached the best peer's
/// score?") both re-run the actual aggregation through it.
public struct FrameworkAggregation: Sendable {
  /// Indicator codes in framework order (the order of ``indicatorScores(of:)``).
  public let indicatorCodes: [String]
  /// Sub-pillar codes in framework order.
  public let pillarCodes: [String]
  /// Dimension codes in framework order.
  public let dimensionCodes: [String]
  /// For each sub-pillar, the positions of its indicators.
  let pillarIndicators: [[Int]]
  /// For each dimension, the positions of its sub-pillars.
  let dimensionPillars: [[Int]]
  let coverage: ScoringRules.Coverage
  /// Each sub-pillar's coverage threshold (its own `coverage:` or the framework's).
  let pillarCoverage: [Double]
  /// The framework's own weights (`weight:` in the file, 1 where absent), in framework order.
  public let frameworkWeights: Weights

  /// Per-node weights, in framework order: the framework's own weights times any multipliers.
  public struct Weights: Sendable, Hashable {
    public var indicators: [Double]
    public var pillars: [Double]
    public var dimensions: [Double]
  }

  /// The composite scores of one country: `nil` = insufficient data.
  public struct Scores: Sendable, Hashable {
    public var index: Double?
    public var dimensions: [Double?]
    public var pillars: [Double?]
  }

  public init(framework: Framework) {
    var indicators: [String] = []
    var pillars: [String] = []
    var pillarIndicators: [[Int]] = []
    var dimensionPillars: [[Int]] = []
    var pillarCoverage: [Double] = []
    for dimension in framework.dimensions {
      var members: [Int] = []
      for pillar in dimension.pillars {
        members.append(pillars.count)
        pillars.append(pillar.code)
        pillarCoverage.append(pillar.coverage ?? framework.scoring.coverage.pillar)
        pillarIndicators.append(
          pillar.indicators.map { spec in
            indicators.append(spec.code)
            return indicators.count - 1
          })
      }
      dimensionPillars.append(members)
    }
    self.indicatorCodes = indicators
    self.pillarCodes = pillars
    self.dimensionCodes = framework.dimensions.map(\.code)
    self.pillarIndicators = pillarIndicators
    self.dimensionPillars = dimensionPillars
    self.coverage = framework.scoring.coverage
    self.pillarCoverage = pillarCoverage
    self.frameworkWeights = Weights(
      indicators: framework.indicators.map(\.effectiveWeight),
      pillars: framework.dimensions.flatMap { $0.pillars.map { $0.weight ?? 1 } },
      dimensions: framework.dimensions.map { $0.weight ?? 1 })
  }

  /// The framework's own weights (equal where the file sets none).
  public var equalWeights: Weights { frameworkWeights }

  /// The framework's weights times multipliers from a table keyed by node code (as
  /// ``Scorer/weights``); a node the table does not name keeps its framework weight.
  public func weights(_ table: [String: Double]) -> Weights {
    Weights(
      indicators: indicatorCodes.indices.map { frameworkWeights.indicators[$0] * (table[indicatorCodes[$0]] ?? 1) },
      pillars: pillarCodes.indices.map { frameworkWeights.pillars[$0] * (table[pillarCodes[$0]] ?? 1) },
      dimensions: dimensionCodes.indices.map { frameworkWeights.dimensions[$0] * (table[dimensionCodes[$0]] ?? 1) })
  }

  /// A country's indicator scores in framework order.
  public func indicatorScores(of country: CountryScore) -> [Double?] {
    let byCode = Dictionary(country.indicators.map { ($0.code, $0.score) }, uniquingKeysWith: { first, _ in first })
    return indicatorCodes.map { byCode[$0] ?? nil }
  }

  /// Aggregates indicator scores (framework order) up to the index.
  ///
  /// - Parameters:
  ///   - scores: one entry per indicator, `nil` when missing.
  ///   - weights: defaults to equal weights.
  ///   - geometric: the weighted geometric mean of max(score, 1) instead of the arithmetic mean.
  public func aggregate(_ scores: [Double?], weights: Weights? = nil, geometric: Bool = false) -> Scores {
    precondition(scores.count == indicatorCodes.count, "one score per indicator")
    let weights = weights ?? equalWeights
    var pillarScores: [Double?] = []
    pillarScores.reserveCapacity(pillarCodes.count)
    for (p, members) in pillarIndicators.enumerated() {
      pillarScores.append(
        Self.mean(
          members.lazy.compactMap { i in scores[i].map { ($0, weights.indicators[i]) } },
          total: members.count, threshold: pillarCoverage[p], geometric: geometric))
    }
    var dimensionScores: [Double?] = []
    dimensionScores.reserveCapacity(dimensionCodes.count)
    for members in dimensionPillars {
      dimensionScores.append(
        Self.mean(
          members.lazy.compactMap { p in pillarScores[p].map { ($0, weights.pillars[p]) } },
          total: members.count, threshold: coverage.dimension, geometric: geometric))
    }
    let index = Self.mean(
      dimensionScores.indices.lazy.compactMap { d in dimensionScores[d].map { ($0, weights.dimensions[d]) } },
      total: dimensionCodes.count, threshold: coverage.index, geometric: geometric)
    return Scores(index: index, dimensions: dimensionScores, pillars: pillarScores)
  }

  /// The scorer's node rule: covered when the scored share reaches the threshold, then the
  /// weighted mean (same summation order as ``Scorer``).
  static func mean<S: Sequence>(_ values: S, total: Int, threshold: Double, geometric: Bool) -> Double?
  where S.Element == (Double, Double) {
    var count = 0
    var weight = 0.0
    var sum = 0.0
    for (value, w) in values {
      count += 1
      weight += w
      sum += geometric ? w * log(max(value, 1)) : value * w
    }
    guard total > 0, Double(count) / Double(total) >= threshold - 1e-12, count > 0, weight > 0 else { return nil }
    return geometric ? exp(sum / weight) : sum / weight
  }
}

import Foundation
import ReadinessCore

/// The statistical audit of a built index, after the OECD/JRC Handbook and COINr's analysis
/// functions: indicator statistics, correlations with the parent, redundancy and negative
/// correlation flags, Cronbach's alpha and the first principal component's share per group, and
/// the rank impact of dropping each component.
public enum CoinAudit {
  public struct IndicatorStats: Sendable, Hashable, Codable {
    public var code: String
    public var min: Double?
    public var max: Double?
    public var mean: Double?
    public var sd: Double?
    public var skew: Double?
    public var kurtosis: Double?
    /// Share of units with a value before imputation.
    public var availability: Double
    public var flags: [String]
  }

  public struct Component: Sendable, Hashable, Codable {
    public var code: String
    public var parent: String
    /// Correlations with the parent's score (normalised data for indicators).
    public var pearson: Double?
    public var spearman: Double?
    /// Largest change in the parent's top-level rank of any unit when this component is dropped,
    /// and the mean absolute change.
    public var maxRankShift: Int
    public var meanRankShift: Double
    public var flags: [String]
  }

  public struct Group: Sendable, Hashable, Codable {
    public var code: String
    public var children: Int
    public var cronbachAlpha: Double?
    /// Share of the children's variance on the first principal component of their correlations.
    public var firstComponentShare: Double?
    /// Pairs of children correlated above 0.9 (possible redundancy).
    public var redundantPairs: [String]
  }

  public struct Report: Sendable, Codable {
    public var indicators: [IndicatorStats]
    public var components: [Component]
    public var groups: [Group]
    /// How much of each score is wealth: Spearman's rho of each indicator's value (and of the
    /// index and dimension scores) with log GDP per capita (framework audits only).
    public var wealth: [WealthCorrelation]?
    /// The framework and reference year audited (framework audits only).
    public var framework: String? = nil
    public var referenceYear: Int? = nil
  }

  /// Spearman's rho of a node with log GDP per capita over the countries that have both.
  public struct WealthCorrelation: Sendable, Codable, Hashable {
    public var code: String
    public var spearman: Double?
    public var n: Int
  }

  public static func run(_ input: CoinInput, _ pipeline: CoinPipeline) throws(ReadinessError) -> Report {
    let result = try CoinEngine.run(input, pipeline)
    let normalised = result.tables["normalised"] ?? [:]
    let aggregated = result.tables["aggregated"] ?? [:]
    let top = result.aggregates.first ?? ""
    func values(_ code: String) -> [Double?] { normalised[code] ?? aggregated[code] ?? [] }

    var indicators: [IndicatorStats] = []
    let denominated = result.tables["denominated"] ?? [:]
    for node in input.indicators {
      // The data as the pipeline uses it (after denomination), before imputation.
      let raw = denominated[node.code] ?? input.values[node.code] ?? []
      indicators.append(AuditRules.indicatorStats(code: node.code, values: raw))
    }

    var components: [Component] = []
    let nominalRanks = result.ranks[top] ?? []
    for node in input.nodes {
      guard let parent = node.parent else { continue }
      let pearson = correlation(values(node.code), values(parent))
      let spearman = correlation(rankTransform(values(node.code)), rankTransform(values(parent)))
      // Drop the component (weight 0) and compare the top-level ranks.
      var dropped = input
      if let index = dropped.nodes.firstIndex(where: { $0.code == node.code }) { dropped.nodes[index].weight = 0 }
      var shifts: [Int] = []
      if let other = try? CoinEngine.run(dropped, pipeline) {
        for (index, rank) in nominalRanks.enumerated() {
          if let rank, let newRank = other.ranks[top]?[index] { shifts.append(abs(rank - newRank)) }
        }
      }
      let flags = AuditRules.componentFlags(pearson: pearson)
      components.append(
        Component(
          code: node.code, parent: parent, pearson: pearson, spearman: spearman, maxRankShift: shifts.max() ?? 0,
          meanRankShift: shifts.isEmpty ? 0 : Double(shifts.reduce(0, +)) / Double(shifts.count), flags: flags))
    }

    var groups: [Group] = []
    for node in input.aggregates {
      let children = input.nodes.filter { $0.parent == node.code }
      let columns = children.map { values($0.code) }
      let redundant = AuditRules.redundantPairs(codes: children.map(\.code), columns: columns)
      groups.append(
        Group(
          code: node.code, children: children.count, cronbachAlpha: cronbachAlpha(columns),
          firstComponentShare: firstComponentShare(columns), redundantPairs: redundant))
    }
    return Report(indicators: indicators, components: components, groups: groups)
  }

  /// Pearson correlation over the units where both have a value.
  public static func correlation(_ a: [Double?], _ b: [Double?]) -> Double? {
    let pairs = zip(a, b).compactMap { x, y -> (Double, Double)? in
      guard let x, let y else { return nil }
      return (x, y)
    }
    guard pairs.count > 2 else { return nil }
    let mx = Statistics.mean(pairs.map(\.0))
    let my = Statistics.mean(pairs.map(\.1))
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (x, y) in pairs {
      sxy += (x - mx) * (y - my)
      sxx += (x - mx) * (x - mx)
      syy += (y - my) * (y - my)
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }

  /// Average ranks (ties share their mean rank), for Spearman's correlation.
  static func rankTransform(_ x: [Double?]) -> [Double?] {
    let present = x.enumerated().compactMap { index, value in value.map { (index, $0) } }.sorted { $0.1 < $1.1 }
    var ranks = [Double?](repeating: nil, count: x.count)
    var start = 0
    while start < present.count {
      var end = start
      while end + 1 < present.count && present[end + 1].1 == present[start].1 { end += 1 }
      let rank = Double(start + end) / 2 + 1
      for k in start...end { ranks[present[k].0] = rank }
      start = end + 1
    }
    return ranks
  }

  /// Cronbach's alpha over the units with every child present:
  /// k/(k−1) · (1 − Σ var(child) / var(Σ children)).
  public static func cronbachAlpha(_ columns: [[Double?]]) -> Double? {
    let k = columns.count
    guard k > 1, let count = columns.first?.count else { return nil }
    let rows = (0..<count).compactMap { index -> [Double]? in
      let row = columns.compactMap { $0[index] }
      return row.count == k ? row : nil
    }
    guard rows.count > 2 else { return nil }
    let itemVariance = (0..<k).reduce(0.0) { sum, j in sum + pow(Statistics.sd(rows.map { $0[j] }), 2) }
    let totalVariance = pow(Statistics.sd(rows.map { $0.reduce(0, +) }), 2)
    guard totalVariance > 0 else { return nil }
    return Double(k) / Double(k - 1) * (1 - itemVariance / totalVariance)
  }

  /// The largest eigenvalue of the children's correlation matrix over k (power iteration).
  public static func firstComponentShare(_ columns: [[Double?]]) -> Double? {
    let k = columns.count
    guard k > 1 else { return nil }
    var matrix = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<k {
      for j in 0..<k {
        if i == j {
          matrix[i][j] = 1
        } else {
          guard let r = correlation(columns[i], columns[j]) else { return nil }
          matrix[i][j] = r
        }
      }
    }
    var vector = [Double](repeating: 1 / Double(k).squareRoot(), count: k)
    var eigenvalue = 0.0
    for _ in 0..<500 {
      var next = [Double](repeating: 0, count: k)
      for i in 0..<k { for j in 0..<k { next[i] += matrix[i][j] * vector[j] } }
      let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 0 else { return nil }
      next = next.map { $0 / norm }
      let value = zip(next, (0..<k).map { i in (0..<k).reduce(0) { $0 + matrix[i][$1] * next[$1] } }).reduce(0) {
        $0 + $1.0 * $1.1
      }
      if abs(value - eigenvalue) < 1e-12 {
        eigenvalue = value
        break
      }
      eigenvalue = value
      vector = next
    }
    return eigenvalue / Double(k)
  }
}

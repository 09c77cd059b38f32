import Foundation
import ReadinessCore

/// The statistical audit of a YAML framework's result, in the same report as ``CoinAudit``:
/// per indicator the statistics of the values scored (after per-capita division) and flags; per
/// component (indicator, sub-pillar, dimension) the Pearson and Spearman correlation of its score
/// with its parent's and the index-rank shifts when it is dropped (weight 0, re-aggregated through
/// ``FrameworkAggregation``; an only child takes its parent with it; a dropped node still counts
/// towards its parent's coverage share, so dropping never turns a parent into "insufficient data");
/// per group Cronbach's alpha, the first principal component's share and
/// pairs correlated above 0.9.
public enum FrameworkAudit {
  /// - Parameter gdpPerCapita: GDP per capita by ISO3 (any year the caller chooses); when given, the
  ///   report says how each indicator, dimension and the index rank countries as wealth does
  ///   (Spearman's rho, the same for GDP and its log).
  public static func run(_ result: ScoreResult, framework: Framework, gdpPerCapita: [String: Double]? = nil)
    -> CoinAudit.Report
  {
    let countries = result.countries
    var indicators: [CoinAudit.IndicatorStats] = []
    for (k, spec) in framework.indicators.enumerated() {
      indicators.append(AuditRules.indicatorStats(code: spec.code, values: countries.map { $0.indicators[k].value }))
    }

    // Score columns of every node across countries.
    var column: [String: [Double?]] = ["INDEX": countries.map(\.index.score)]
    for (d, dimension) in framework.dimensions.enumerated() {
      column[dimension.code] = countries.map { $0.dimensions[d].score }
    }
    for (p, pillar) in framework.dimensions.flatMap(\.pillars).enumerated() {
      column[pillar.code] = countries.map { $0.pillars[p].score }
    }
    for (k, spec) in framework.indicators.enumerated() { column[spec.code] = countries.map { $0.indicators[k].score } }
    var children: [(String, [String])] = [("INDEX", framework.dimensions.map(\.code))]
    for dimension in framework.dimensions {
      children.append((dimension.code, dimension.pillars.map(\.code)))
      for pillar in dimension.pillars { children.append((pillar.code, pillar.indicators.map(\.code))) }
    }

    let aggregation = FrameworkAggregation(framework: framework)
    let matrix = countries.map { aggregation.indicatorScores(of: $0) }
    let nominal = countries.map(\.index.rank)
    // Dropping an only child would leave its parent empty (insufficient data everywhere): drop the
    // highest ancestor that has no other child instead.
    let parentOf = Dictionary(
      children.flatMap { parent, codes in codes.map { ($0, parent) } }, uniquingKeysWith: { a, _ in a })
    let childCount = Dictionary(children.map { ($0.0, $0.1.count) }, uniquingKeysWith: { a, _ in a })
    func dropped(_ code: String) -> String {
      var current = code
      while let parent = parentOf[current], parent != "INDEX", childCount[parent] == 1 { current = parent }
      return current
    }
    var components: [CoinAudit.Component] = []
    for (parent, codes) in children {
      for code in codes {
        let values = column[code] ?? []
        let pearson = CoinAudit.correlation(values, column[parent] ?? [])
        let spearman = CoinAudit.correlation(
          CoinAudit.rankTransform(values), CoinAudit.rankTransform(column[parent] ?? []))
        let weights = aggregation.weights([dropped(code): 0])
        let ranks = competitionRanks(matrix.map { aggregation.aggregate($0, weights: weights).index })
        let shifts = zip(nominal, ranks).compactMap { a, b -> Int? in
          guard let a, let b else { return nil }
          return abs(a - b)
        }
        let flags = AuditRules.componentFlags(pearson: pearson)
        components.append(
          CoinAudit.Component(
            code: code, parent: parent, pearson: pearson, spearman: spearman, maxRankShift: shifts.max() ?? 0,
            meanRankShift: shifts.isEmpty ? 0 : Double(shifts.reduce(0, +)) / Double(shifts.count), flags: flags))
      }
    }

    var groups: [CoinAudit.Group] = []
    for (parent, codes) in children {
      let columns = codes.map { column[$0] ?? [] }
      let redundant = AuditRules.redundantPairs(codes: codes, columns: columns)
      groups.append(
        CoinAudit.Group(
          code: parent, children: codes.count, cronbachAlpha: CoinAudit.cronbachAlpha(columns),
          firstComponentShare: CoinAudit.firstComponentShare(columns), redundantPairs: redundant))
    }
    var report = CoinAudit.Report(indicators: indicators, components: components, groups: groups)
    report.framework = "\(framework.id) \(framework.version)"
    report.referenceYear = result.referenceYear
    if let gdpPerCapita {
      let gdp = countries.map { country in gdpPerCapita[country.iso3].flatMap { $0 > 0 ? log($0) : nil } }
      func wealth(_ code: String, _ values: [Double?]) -> CoinAudit.WealthCorrelation {
        let n = zip(values, gdp).filter { $0 != nil && $1 != nil }.count
        return CoinAudit.WealthCorrelation(
          code: code, spearman: CoinAudit.correlation(CoinAudit.rankTransform(values), CoinAudit.rankTransform(gdp)),
          n: n)
      }
      var rows = [wealth("INDEX", countries.map(\.index.score))]
      for (d, dimension) in framework.dimensions.enumerated() {
        rows.append(wealth(dimension.code, countries.map { $0.dimensions[d].score }))
      }
      for (k, spec) in framework.indicators.enumerated() {
        rows.append(wealth(spec.code, countries.map { $0.indicators[k].value }))
      }
      report.wealth = rows
    }
    return report
  }
}

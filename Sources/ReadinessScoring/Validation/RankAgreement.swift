import Foundation
import ReadinessCore

/// How far the framework's ranking agrees with an external index: Spearman's rho and Kendall's
/// tau-b over the countries both rank, with percentile bootstrap 95 % intervals (countries
/// resampled with replacement, a seeded generator so that a run can be repeated), and the countries
/// whose ranks differ most, each with the sub-pillars that drive the difference.
///
/// Ranks are average ranks among the common countries (1 = best). A driver of a difference is a
/// sub-pillar in which the country's rank (among the common countries) is furthest from the
/// external rank, in the direction of the difference: where the framework ranks a country lower
/// than the external index does, the sub-pillars that rank it lowest.
public struct RankAgreement: Sendable, Hashable, Codable {
  public struct Interval: Sendable, Hashable, Codable {
    public var lower: Double
    public var upper: Double
  }

  public struct Driver: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// The country's rank on this sub-pillar among the common countries (1 = best).
    public var rank: Double
  }

  public struct Difference: Sendable, Hashable, Codable {
    public var iso3: String
    /// The framework's rank among the common countries.
    public var rank: Double
    /// The external index's rank among the common countries.
    public var externalRank: Double
    public var score: Double
    public var externalValue: Double
    /// `rank − externalRank`: positive where the framework ranks the country lower.
    public var shift: Double
    public var drivers: [Driver]
  }

  public var n: Int
  public var spearman: Double?
  public var spearmanInterval: Interval?
  public var kendall: Double?
  public var kendallInterval: Interval?
  public var bootstrapRuns: Int
  public var seed: UInt64
  public var differences: [Difference]

  /// Compares `result`'s index with `external` values by ISO3 (`higherIsBetter`: the external
  /// index's direction).
  public static func compute(
    result: ScoreResult, external: [String: Double], higherIsBetter: Bool = true, top: Int = 10, runs: Int = 1000,
    seed: UInt64 = 42
  ) -> RankAgreement {
    let common = result.countries.compactMap { country -> (CountryScore, Double, Double)? in
      guard let score = country.index.score, let value = external[country.iso3], value.isFinite else { return nil }
      return (country, score, value)
    }
    let ours = common.map(\.1)
    let theirs = common.map { higherIsBetter ? $0.2 : -$0.2 }
    var agreement = RankAgreement(
      n: common.count, spearman: nil, spearmanInterval: nil, kendall: nil, kendallInterval: nil, bootstrapRuns: runs,
      seed: seed, differences: [])
    guard common.count >= 3 else { return agreement }
    agreement.spearman = spearman(ours, theirs)
    agreement.kendall = kendallTauB(ours, theirs)
    if runs > 0 {
      var generator = SplitMix64(seed: seed)
      var rhos: [Double] = []
      var taus: [Double] = []
      for _ in 0..<runs {
        let sample = (0..<common.count).map { _ in Int.random(in: 0..<common.count, using: &generator) }
        let a = sample.map { ours[$0] }
        let b = sample.map { theirs[$0] }
        if let rho = spearman(a, b) { rhos.append(rho) }
        if let tau = kendallTauB(a, b) { taus.append(tau) }
      }
      agreement.spearmanInterval = percentileInterval(rhos)
      agreement.kendallInterval = percentileInterval(taus)
    }
    let ourRanks = descendingRanks(ours)
    let theirRanks = descendingRanks(theirs)
    let pillarCount = common.first?.0.pillars.count ?? 0
    let pillarRanks: [[Double?]] = (0..<pillarCount).map { p in descendingRanks(common.map { $0.0.pillars[p].score }) }
    var differences: [Difference] = []
    for (i, entry) in common.enumerated() {
      let shift = ourRanks[i]! - theirRanks[i]!
      var drivers: [Driver] = []
      for p in 0..<pillarCount {
        guard let rank = pillarRanks[p][i] else { continue }
        drivers.append(Driver(code: entry.0.pillars[p].code, name: entry.0.pillars[p].name, rank: rank))
      }
      // Lower than the external rank: the sub-pillars that rank the country lowest pull it down.
      drivers.sort { shift >= 0 ? $0.rank > $1.rank : $0.rank < $1.rank }
      differences.append(
        Difference(
          iso3: entry.0.iso3, rank: ourRanks[i]!, externalRank: theirRanks[i]!, score: entry.1, externalValue: entry.2,
          shift: shift, drivers: Array(drivers.prefix(3))))
    }
    differences.sort { abs($0.shift) != abs($1.shift) ? abs($0.shift) > abs($1.shift) : $0.iso3 < $1.iso3 }
    agreement.differences = Array(differences.prefix(top))
    return agreement
  }

  /// Average ranks with 1 for the largest value; `nil` stays `nil`.
  static func descendingRanks(_ values: [Double?]) -> [Double?] {
    CoinAudit.rankTransform(values.map { $0.map { -$0 } })
  }

  static func descendingRanks(_ values: [Double]) -> [Double?] { descendingRanks(values.map { Optional($0) }) }

  /// Spearman's rho: Pearson's correlation of average ranks.
  public static func spearman(_ a: [Double], _ b: [Double]) -> Double? {
    CoinAudit.correlation(CoinAudit.rankTransform(a.map { $0 }), CoinAudit.rankTransform(b.map { $0 }))
  }

  /// Kendall's tau-b (ties in either variable corrected), by counting all pairs.
  public static func kendallTauB(_ a: [Double], _ b: [Double]) -> Double? {
    var concordant = 0.0
    var discordant = 0.0
    var tiesA = 0.0
    var tiesB = 0.0
    for i in 0..<a.count {
      for j in (i + 1)..<max(a.count, i + 1) {
        let da = a[i] - a[j]
        let db = b[i] - b[j]
        if da == 0 && db == 0 { continue }
        if da == 0 {
          tiesA += 1
        } else if db == 0 {
          tiesB += 1
        } else if (da > 0) == (db > 0) {
          concordant += 1
        } else {
          discordant += 1
        }
      }
    }
    let denominator = ((concordant + discordant + tiesA) * (concordant + discordant + tiesB)).squareRoot()
    return denominator > 0 ? (concordant - discordant) / denominator : nil
  }

  /// The 2.5th and 97.5th percentiles (linear interpolation between order statistics).
  static func percentileInterval(_ values: [Double]) -> Interval? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    func quantile(_ q: Double) -> Double {
      let position = q * Double(sorted.count - 1)
      let low = Int(position.rounded(.down))
      let high = min(low + 1, sorted.count - 1)
      return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
    return Interval(lower: quantile(0.025), upper: quantile(0.975))
  }
}

import Foundation
import ReadinessCore
import ReadinessScoring

extension ProfileBuilder {
  /// The group lever targets come from. A parliament cannot answer "reach Tuvalu's level" for
  /// Malaysia: when the primary group is world-wide (`income`, `all`), the targets come instead from
  /// the smallest bloc the country belongs to with 4 to 30 scored members (ASEAN rather than the
  /// Commonwealth; a bloc of 50 spans the world again), else a user group, the most similar
  /// countries, the sub-region or the region; any other primary group (a bloc, a region, the most
  /// similar, a user group) is used as chosen.
  static func leverGroup(_ groups: [CountryProfile.PeerGroup]) -> CountryProfile.PeerGroup? {
    guard let primary = groups.first else { return nil }
    guard ["income", "all"].contains(primary.id) else { return primary }
    func scored(_ group: CountryProfile.PeerGroup) -> Int { group.members.filter { $0.score != nil }.count }
    let blocs = groups.filter { $0.id.hasPrefix("bloc:") && (4...30).contains(scored($0)) }
    if let bloc = blocs.min(by: { (scored($0), $0.id) < (scored($1), $1.id) }) { return bloc }
    for id in ["group:", "similar", "subregion", "region"] {
      if let group = groups.first(where: { $0.id.hasPrefix(id) && scored($0) >= 3 }) { return group }
    }
    return primary
  }

  /// A country's population: the SP.POP.TOTL denominator its per-capita scores used, if any.
  func population(_ iso3: String) -> Double? {
    guard let country = scores[iso3] else { return nil }
    for indicator in country.indicators where specs[indicator.code]?.perCapita?.denominator == "SP.POP.TOTL" {
      if let denominator = indicator.denominator { return denominator }
    }
    return nil
  }

  /// Levers: for each indicator with a score, the index points gained if it reached (a) the best
  /// score in `peers` (``leverGroup(_:)``), (b) that group's top quartile (75th percentile, type 7), (c) the
  /// goalpost (100) — each computed by re-running the framework's aggregation with that one
  /// indicator changed, other countries unchanged. Ranked by the larger of (a) and (b).
  func levers(_ iso3: String, peers: CountryProfile.PeerGroup?) -> [CountryProfile.Lever] {
    guard let own = matrix[iso3], let score = scores[iso3], let base = aggregation.aggregate(own).index else {
      return []
    }
    let others = result.countries.filter { $0.iso3 != iso3 }.compactMap { $0.index.score.map(roundedForRanking) }
    func rank(_ value: Double) -> Int {
      let key = roundedForRanking(value)
      return 1 + others.filter { $0 > key }.count
    }
    var levers: [CountryProfile.Lever] = []
    for (i, current) in own.enumerated() {
      guard let current, current < 100 - 1e-9 else { continue }
      let indicator = score.indicators[i]
      var candidates: [(String, Double, String?)] = []
      let peerScores = (peers?.members ?? []).compactMap { member in matrix[member.iso3]?[i].map { (member.iso3, $0) } }
      if let best = peerScores.max(by: { ($0.1, $1.0) < ($1.1, $0.0) }), best.1 > current + 1e-9 {
        candidates.append(("best peer", best.1, best.0))
      }
      if let q = Statistics.quantile(peerScores.map(\.1), 0.75), q > current + 1e-9 {
        candidates.append(("peer top quartile", q, nil))
      }
      candidates.append(("goalpost", 100, nil))
      var targets: [CountryProfile.LeverTarget] = []
      for (kind, target, setBy) in candidates {
        var changed = own
        changed[i] = target
        guard let new = aggregation.aggregate(changed).index else { continue }
        targets.append(
          CountryProfile.LeverTarget(
            kind: kind, targetScore: target, setBy: setBy, setByPopulation: setBy.flatMap(population), gain: new - base,
            newScore: new, newRank: rank(new)))
      }
      guard targets.contains(where: { $0.gain > 1e-9 }) else { continue }
      levers.append(
        CountryProfile.Lever(
          code: indicator.code, name: indicator.name, dimension: indicator.dimension,
          type: specs[indicator.code]?.lever?.rawValue ?? "structural", score: current, targets: targets,
          bestGain: targets.filter { $0.kind != "goalpost" }.map(\.gain).max() ?? 0))
    }
    func goalpostGain(_ lever: CountryProfile.Lever) -> Double { lever.targets.last?.gain ?? 0 }
    levers.sort { ($0.bestGain, goalpostGain($0), $1.code) > ($1.bestGain, goalpostGain($1), $0.code) }
    return levers
  }

  /// What-if scenarios, each re-aggregated with several indicators changed at once: the top three
  /// levers at their realistic target (best peer, else top quartile), and every policy lever
  /// (laws, strategies: the quick switches) at that target.
  func scenarios(_ iso3: String, levers: [CountryProfile.Lever]) -> [CountryProfile.Scenario] {
    guard let own = matrix[iso3], let base = aggregation.aggregate(own).index else { return [] }
    let others = result.countries.filter { $0.iso3 != iso3 }.compactMap { $0.index.score.map(roundedForRanking) }
    let position = Dictionary(
      aggregation.indicatorCodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    func realistic(_ lever: CountryProfile.Lever) -> Double? {
      lever.targets.filter { $0.kind != "goalpost" }.max { $0.gain < $1.gain }?.targetScore
    }
    var out: [CountryProfile.Scenario] = []
    for (label, chosen) in [
      (
        "the top three levers reach the best peer (or the peers' top quartile)",
        Array(levers.filter { realistic($0) != nil }.prefix(3))
      ),
      (
        "every policy lever reaches the best peer (or the peers' top quartile)",
        levers.filter { $0.type == "policy" && realistic($0) != nil }
      ),
    ] where chosen.count > 1 || (chosen.count == 1 && label.hasPrefix("every")) {
      var changed = own
      var changes: [CountryProfile.LeverChange] = []
      for lever in chosen {
        guard let i = position[lever.code], let target = realistic(lever) else { continue }
        changed[i] = target
        changes.append(CountryProfile.LeverChange(code: lever.code, name: lever.name, from: lever.score, to: target))
      }
      guard let new = aggregation.aggregate(changed).index else { continue }
      let key = roundedForRanking(new)
      out.append(
        CountryProfile.Scenario(
          label: label, changes: changes, newScore: new, newBand: framework.scoring.band(for: new),
          newRank: 1 + others.filter { $0 > key }.count, gain: new - base))
    }
    return out
  }
}

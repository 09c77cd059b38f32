import Foundation
import ReadinessCore
import ReadinessScoring

extension ProfileBuilder {
  /// Partners from the country's blocs, region and user groups: complementarity is
  /// Σ over the country's weak dimensions of max(0, partner − country) / D, mutuality the same
  /// over its strong dimensions the other way round; ranked by complementarity boosted by
  /// mutuality, complementarity × (1 + mutuality / 100), so a partner must first be strong where
  /// this country is weak (complementarity ≥ 1 point). Mutual pairs (mutuality ≥ 1 point too: each
  /// leads where the other is weak, `both ways`) come first, then those this country would only
  /// learn from (`learn from`). Weak dimensions are those below the primary peers' median (else the
  /// lowest two).
  func partners(_ iso3: String, weakDimensions: Set<String>, scorecard: [CountryProfile.ScorecardRow])
    -> [CountryProfile.Partner]
  {
    guard let own = scores[iso3], own.index.score != nil else { return [] }
    let codes = framework.dimensions.map(\.code)
    var weak = weakDimensions
    if weak.isEmpty {
      weak = Set(
        scorecard.filter { $0.score != nil }.sorted { ($0.score ?? 0, $0.code) < ($1.score ?? 0, $1.code) }.prefix(2)
          .map(\.code))
    }
    let strong = Set(codes.filter { code in !weak.contains(code) && own.node(code)?.score != nil })
    let income = reference.country(iso3)?.incomeGroup
    // Where each candidate could be met: the first shared bloc, else the region, else a user group.
    var forum: [String: String] = [:]
    for bloc in reference.blocs(of: iso3) {
      for member in reference.blocs[bloc] ?? [] where forum[member] == nil { forum[member] = bloc }
    }
    if let region = reference.country(iso3)?.region {
      for country in result.countries
      where forum[country.iso3] == nil && reference.country(country.iso3)?.region == region {
        forum[country.iso3] = region
      }
    }
    for (name, members) in options.userGroups.sorted(by: { $0.key < $1.key }) where members.contains(iso3) {
      for member in members where forum[member] == nil { forum[member] = name }
    }
    let weight = 1 / Double(max(codes.count, 1))
    var partners: [(CountryProfile.Partner, Double)] = []
    for (candidate, place) in forum where candidate != iso3 {
      guard let other = scores[candidate], let theirIndex = other.index.score, let ourIndex = own.index.score else {
        continue
      }
      var complementarity = 0.0
      var mutuality = 0.0
      for (d, code) in codes.enumerated() {
        guard let ours = own.dimensions[d].score, let theirs = other.dimensions[d].score else { continue }
        if weak.contains(code) { complementarity += max(0, theirs - ours) * weight }
        if strong.contains(code) { mutuality += max(0, ours - theirs) * weight }
      }
      guard complementarity >= 1 else { continue }
      var theyLead: [CountryProfile.Evidence] = []
      var weLead: [CountryProfile.Evidence] = []
      for (i, indicator) in own.indicators.enumerated() {
        guard let ours = indicator.score, let theirs = other.indicators[i].score else { continue }
        let evidence = CountryProfile.Evidence(code: indicator.code, name: indicator.name, ours: ours, theirs: theirs)
        if weak.contains(indicator.dimension) && theirs > ours + 1e-9 { theyLead.append(evidence) }
        if strong.contains(indicator.dimension) && ours > theirs + 1e-9 { weLead.append(evidence) }
      }
      theyLead.sort { ($0.theirs - $0.ours, $1.code) > ($1.theirs - $1.ours, $0.code) }
      weLead.sort { ($0.ours - $0.theirs, $1.code) > ($1.ours - $1.theirs, $0.code) }
      let relation: String
      if income != nil && reference.country(candidate)?.incomeGroup == income && theirIndex - ourIndex >= 10 {
        relation = "mentor"
      } else if abs(theirIndex - ourIndex) < 5 {
        relation = "peer learner"
      } else {
        relation = "complementary"
      }
      partners.append(
        (
          CountryProfile.Partner(
            iso3: candidate, name: reference.country(candidate)?.name ?? candidate, forum: place, relation: relation,
            direction: mutuality >= 1 ? "both ways" : "learn from",
            complementarity: complementarity, mutuality: mutuality, theyLead: Array(theyLead.prefix(3)),
            weLead: Array(weLead.prefix(2))),
          complementarity * (1 + mutuality / 100)
        ))
    }
    func mutual(_ partner: CountryProfile.Partner) -> Int { partner.mutuality >= 1 ? 1 : 0 }
    partners.sort { (mutual($0.0), $0.1, $1.0.iso3) > (mutual($1.0), $1.1, $0.0.iso3) }
    return partners.prefix(options.partnerCount).map(\.0)
  }
}

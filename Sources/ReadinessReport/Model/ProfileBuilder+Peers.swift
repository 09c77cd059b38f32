import Foundation
import ReadinessCore
import ReadinessScoring

extension ProfileBuilder {
  /// The selectors in effect: the options' (or the defaults, after any user groups).
  var peerSelectors: [String] {
    if !options.peers.isEmpty { return options.peers }
    return options.userGroups.keys.sorted().map { "group:" + $0 } + ProfileOptions.defaultPeers
  }

  /// Resolves the peer selectors for a country. Groups that are empty for it (a country with
  /// no land neighbours) are left out; `blocs` expands to one group per bloc.
  func peerGroups(_ iso3: String) throws(ReadinessError) -> [CountryProfile.PeerGroup] {
    let country = reference.country(iso3)
    var groups: [CountryProfile.PeerGroup] = []
    func add(_ id: String, _ label: String, _ members: [String]) {
      let others = members.filter { $0 != iso3 && scores[$0] != nil }
      guard !others.isEmpty, !groups.contains(where: { $0.id == id }) else { return }
      var peers = others.map(peer)
      peers.sort { lhs, rhs in
        switch (lhs.rank, rhs.rank) {
        case (let l?, let r?): return l != r ? l < r : lhs.iso3 < rhs.iso3
        case (.some, .none): return true
        case (.none, .some): return false
        case (.none, .none): return lhs.iso3 < rhs.iso3
        }
      }
      let scored = peers.compactMap(\.score)
      let own = scores[iso3]?.index.score
      groups.append(
        CountryProfile.PeerGroup(
          id: id, label: label, members: peers, medianScore: median(scored),
          rankInGroup: own.map { own in 1 + scored.filter { roundedForRanking($0) > roundedForRanking(own) }.count },
          scoredCount: scored.count + (own == nil ? 0 : 1)))
    }
    for selector in peerSelectors {
      let lower = selector.lowercased()
      switch lower {
      case "income":
        if let income = country?.incomeGroup {
          add("income", income, members { $0.incomeGroup == income })
        }
      case "region":
        if let region = country?.region { add("region", region, members { $0.region == region }) }
      case "subregion":
        if let subregion = country?.subregion { add("subregion", subregion, members { $0.subregion == subregion }) }
      case "neighbours", "neighbors":
        add("neighbours", "land neighbours", (reference.borders[iso3] ?? []).sorted())
      case "blocs":
        for bloc in reference.blocs(of: iso3) { add("bloc:" + bloc, bloc, reference.blocs[bloc] ?? []) }
      case "all":
        add("all", "all countries scored", result.countries.map(\.iso3))
      default:
        if lower == "similar" || lower.hasPrefix("similar:") {
          let k = lower == "similar" ? 5 : Int(lower.dropFirst("similar:".count)) ?? 0
          guard k > 0 else { throw badSelector(selector) }
          add("similar", "\(k) most similar countries", similar(iso3, count: k))
        } else if lower.hasPrefix("bloc:") {
          let name = String(selector.dropFirst(5))
          guard let bloc = reference.blocs.keys.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw badSelector(selector)
          }
          add("bloc:" + bloc, bloc, reference.blocs[bloc] ?? [])
        } else if lower.hasPrefix("group:") {
          let name = String(selector.dropFirst(6))
          guard let members = options.userGroups[name] else { throw badSelector(selector) }
          add("group:" + name, name, members)
        } else if let bloc = reference.blocs.keys.first(where: { $0.lowercased() == lower }) {
          add("bloc:" + bloc, bloc, reference.blocs[bloc] ?? [])
        } else if let members = options.userGroups[selector] {
          add("group:" + selector, selector, members)
        } else {
          throw badSelector(selector)
        }
      }
    }
    return groups
  }

  private func members(_ predicate: (Country) -> Bool) -> [String] {
    result.countries.map(\.iso3).filter { code in reference.country(code).map(predicate) ?? false }
  }

  private func badSelector(_ selector: String) -> ReadinessError {
    ReadinessError(
      .invalidConfiguration,
      "unknown peer group \"\(selector)\" (expected income, region, subregion, neighbours, blocs, similar[:K], all, "
        + "bloc:NAME with NAME one of \(reference.blocs.keys.sorted().joined(separator: ", ")), or group:NAME from --peer-group)"
    )
  }

  /// The k countries closest in dimension profile: root-mean-square difference over the
  /// dimensions both have scored, among countries sharing at least half of the dimensions.
  func similar(_ iso3: String, count: Int) -> [String] {
    guard let own = scores[iso3]?.dimensions.map(\.score) else { return [] }
    var candidates: [(String, Double)] = []
    for other in result.countries where other.iso3 != iso3 {
      var sum = 0.0
      var shared = 0
      for (d, value) in other.dimensions.enumerated() {
        guard let a = own[d], let b = value.score else { continue }
        sum += (a - b) * (a - b)
        shared += 1
      }
      guard shared > 0, shared * 2 >= own.count else { continue }
      candidates.append((other.iso3, (sum / Double(shared)).squareRoot()))
    }
    candidates.sort { ($0.1, $0.0) < ($1.1, $1.0) }
    return candidates.prefix(count).map(\.0)
  }
}

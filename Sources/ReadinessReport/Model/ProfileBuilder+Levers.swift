import Foundation
import ReadinessCore
import ReadinessScoring

extension ProfileBuilder {
  /// Levers: for each indicator with a score, the index points gained if it reached (a) the best
  /// primary peer's score, (b) the primary peers' top quartile (75th percentile, type 7), (c) the
  /// goalpost (100) — each computed by re-running the framework's aggregation with that one
  /// indicator changed, other countries unchanged. Ranked by the larger of (a) and (b).
  func levers(_ iso3: String, peers: CountryProfile.PeerGroup?) -> [CountryProfile.Lever] {
    guard let own = matrix[iso3], let score = scores[iso3], let base = aggregation.aggregate(own).index else { return [] }
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
            kind: kind, targetScore: target, setBy: setBy, gain: new - base, newScore: new, newRank: rank(new)))
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
    let position = Dictionary(aggregation.indicatorCodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    func realistic(_ lever: CountryProfile.Lever) -> Double? {
      lever.targets.filter { $0.kind != "goalpost" }.max { $0.gain < $1.gain }?.targetScore
    }
    var out: [CountryProfile.Scenario] = []
    for (label, chosen) in [
      ("the top three levers reach the best peer (or the peers' top quartile)", Array(levers.filter { realistic($0) != nil }.prefix(3))),
      ("every policy lever reaches the best peer (or the peers' top quartile)", levers.filter { $0.type == "policy" && realistic($0) != nil }),
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

  /// Partners from the country's blocs, region and user groups: complementarity is
  /// Σ over the country's weak dimensions of max(0, partner − country) / D, mutuality the same
  /// over its strong dimensions the other way round; ranked by complementarity boosted by
  /// mutuality, complementarity × (1 + mutuality / 100), so a partner must first be strong where
  /// this country is weak (complementarity ≥ 1 point). Weak dimensions are those below the
  /// primary peers' median (else the lowest two).
  func partners(_ iso3: String, weakDimensions: Set<String>, scorecard: [CountryProfile.ScorecardRow])
    -> [CountryProfile.Partner]
  {
    guard let own = scores[iso3], own.index.score != nil else { return [] }
    let codes = framework.dimensions.map(\.code)
    var weak = weakDimensions
    if weak.isEmpty {
      weak = Set(scorecard.filter { $0.score != nil }.sorted { ($0.score ?? 0, $0.code) < ($1.score ?? 0, $1.code) }.prefix(2).map(\.code))
    }
    let strong = Set(codes.filter { code in !weak.contains(code) && own.node(code)?.score != nil })
    let income = reference.country(iso3)?.incomeGroup
    // Where each candidate could be met: the first shared bloc, else the region, else a user group.
    var forum: [String: String] = [:]
    for bloc in reference.blocs(of: iso3) {
      for member in reference.blocs[bloc] ?? [] where forum[member] == nil { forum[member] = bloc }
    }
    if let region = reference.country(iso3)?.region {
      for country in result.countries where forum[country.iso3] == nil && reference.country(country.iso3)?.region == region {
        forum[country.iso3] = region
      }
    }
    for (name, members) in options.userGroups.sorted(by: { $0.key < $1.key }) where members.contains(iso3) {
      for member in members where forum[member] == nil { forum[member] = name }
    }
    let weight = 1 / Double(max(codes.count, 1))
    var partners: [(CountryProfile.Partner, Double)] = []
    for (candidate, place) in forum where candidate != iso3 {
      guard let other = scores[candidate], let theirIndex = other.index.score, let ourIndex = own.index.score else { continue }
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
            complementarity: complementarity, mutuality: mutuality, theyLead: Array(theyLead.prefix(3)),
            weLead: Array(weLead.prefix(2))),
          complementarity * (1 + mutuality / 100)
        ))
    }
    partners.sort { ($0.1, $1.0.iso3) > ($1.1, $0.0.iso3) }
    return partners.prefix(options.partnerCount).map(\.0)
  }

  /// Library prompts for each weakness and the top three levers: entries keyed by the indicator,
  /// else by its sub-pillar; each prompt once; grouped institutions, laws and policies, human capital.
  func recommendations(weaknesses: [CountryProfile.Assessment], levers: [CountryProfile.Lever])
    -> [CountryProfile.Recommendation]
  {
    guard let library = options.library else { return [] }
    let pillarOf = Dictionary(
      framework.dimensions.flatMap(\.pillars).flatMap { pillar in pillar.indicators.map { ($0.code, pillar.code) } },
      uniquingKeysWith: { first, _ in first })
    var out: [CountryProfile.Recommendation] = []
    var seen = Set<String>()
    func add(_ code: String, trigger: String) {
      var entries = library.entries(for: code)
      if entries.isEmpty, let pillar = pillarOf[code] { entries = library.entries(for: pillar) }
      for entry in entries where seen.insert(entry.key + "\u{1}" + entry.action).inserted {
        out.append(
          CountryProfile.Recommendation(
            group: entry.group, key: entry.key, trigger: trigger, action: entry.action, question: entry.question,
            legislation: entry.legislation, budget: entry.budget, frameworks: entry.frameworks))
      }
    }
    for weakness in weaknesses {
      add(
        weakness.code,
        trigger: "weakness: \(weakness.name) (score \(Formatting.score(weakness.score)), peer median \(Formatting.score(weakness.peerMedian)))")
    }
    for lever in levers.prefix(3) {
      let best = lever.targets.first { $0.kind != "goalpost" } ?? lever.targets.last
      let target = best.map { "\($0.kind)\($0.setBy.map { " (\($0))" } ?? "")" } ?? "target"
      add(
        lever.code,
        trigger: "lever: \(lever.name) — reaching the \(target) adds \(Formatting.signed(best?.gain ?? 0)) index points")
    }
    let order = Dictionary(RecommendationLibrary.groups.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    return out.enumerated().sorted { (order[$0.element.group] ?? 9, $0.offset) < (order[$1.element.group] ?? 9, $1.offset) }
      .map(\.element)
  }

  /// The self-assessment questions with this country's answers, or "not assessed".
  func governance(_ iso3: String) -> [CountryProfile.GovernanceItem] {
    guard let bank = options.questions else { return [] }
    return bank.questions.map { question in
      guard let observation = options.supplementary.value(iso3, question.indicator) else {
        return CountryProfile.GovernanceItem(
          question: question.text, indicator: question.indicator, dimension: question.dimension, status: "not assessed")
      }
      // The importer's note is "<answer>; evidence: <url>".
      let note = observation.note ?? ""
      let parts = note.components(separatedBy: "; evidence: ")
      let answer =
        parts.first.flatMap { $0.isEmpty ? nil : $0 }
        ?? question.options.sorted { $0.key < $1.key }.first { abs($0.value - observation.value) < 1e-9 }?.key
      return CountryProfile.GovernanceItem(
        question: question.text, indicator: question.indicator, dimension: question.dimension, status: "answered",
        answer: answer?.replacingOccurrences(of: "_", with: " "), score: observation.value,
        evidence: parts.count > 1 ? parts[1] : nil, year: observation.year,
        source: [observation.source?.publisher, observation.source?.dataset].compactMap { $0 }.joined(separator: ", "))
    }
  }

  /// The digital-divide lens: each item's latest values in the window, or "not collected".
  func divide(_ iso3: String) -> [CountryProfile.DivideItem] {
    guard let lens = options.lens else { return [] }
    return lens.items.map { item in
      let a = options.supplementary.value(iso3, item.indicatorA)
      let b = item.indicatorB.flatMap { options.supplementary.value(iso3, $0) }
      let complete = a != nil && (item.indicatorB == nil || b != nil)
      return CountryProfile.DivideItem(
        label: item.label, kind: item.kind, groupA: item.groupA, valueA: a?.value, groupB: item.groupB, valueB: b?.value,
        gap: complete ? b.map { (a?.value ?? 0) - $0.value } : nil, unit: item.unit,
        year: [a?.year, b?.year].compactMap { $0 }.max(), status: complete ? "collected" : "not collected",
        source: a?.source?.publisher ?? b?.source?.publisher)
    }
  }

  /// The index and dimension scores over the reference years of ``ProfileOptions/history`` and
  /// this result; empty when fewer than two years have a score.
  func trends(_ iso3: String) -> [CountryProfile.TrendSeries] {
    let results = (options.history + [result]).sorted { $0.referenceYear < $1.referenceYear }
    guard results.count > 1 else { return [] }
    let nodes = [("INDEX", framework.name)] + framework.dimensions.map { ($0.code, $0.name) }
    let series = nodes.map { code, name in
      CountryProfile.TrendSeries(
        code: code, name: name,
        points: results.map { result in
          CountryProfile.TrendPoint(year: result.referenceYear, score: result.country(iso3)?.node(code)?.score)
        })
    }
    return series.first.map { $0.points.compactMap(\.score).count } ?? 0 > 1 ? series : []
  }

  func robustness(_ summary: CoinUncertainty.UnitSummary?) -> CountryProfile.Robustness? {
    guard let analysis = options.uncertainty, let summary else { return nil }
    var rankInterval: CountryProfile.ClosedInterval?
    var scoreInterval: CountryProfile.ClosedInterval?
    if let low = summary.p5Rank, let high = summary.p95Rank { rankInterval = .init(low: low, high: high) }
    if let low = summary.p5Score, let high = summary.p95Score { scoreInterval = .init(low: low, high: high) }
    let statement: String
    if let rank = summary.nominalRank, let interval = rankInterval, let scoreInterval {
      let width = interval.high - interval.low
      statement =
        "Rank \(rank) of \(result.rankedCount) (90% interval \(Formatting.rankInterval(interval.low, interval.high))) "
        + "and score \(Formatting.score(summary.nominalScore)) (90% interval \(Formatting.score(scoreInterval.low))–"
        + "\(Formatting.score(scoreInterval.high))) over \(analysis.runs) runs. "
        + (width <= 6
          ? "The rank is robust to these assumptions."
          : "The rank depends noticeably on these assumptions; compare countries by interval, not by rank alone.")
    } else {
      statement = "Not ranked: too few dimensions have data for an index score, so no interval is given."
    }
    return CountryProfile.Robustness(
      runs: analysis.runs, seed: analysis.seed, assumptions: options.uncertaintyAssumptions, rankInterval: rankInterval,
      scoreInterval: scoreInterval, medianRank: summary.medianRank, statement: statement)
  }
}

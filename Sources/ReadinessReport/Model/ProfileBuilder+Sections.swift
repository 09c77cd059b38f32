import Foundation
import ReadinessCore
import ReadinessScoring

extension ProfileBuilder {
  /// Library prompts for each weakness and the top three levers: entries keyed by the indicator,
  /// else by its sub-pillar; each prompt once; grouped institutions, laws and policies, human capital.
  /// Regional instruments and bloc-only legislation are worded for the country's `blocs`.
  func recommendations(weaknesses: [CountryProfile.Assessment], levers: [CountryProfile.Lever], blocs: [String] = [])
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
            legislation: RecommendationLibrary.resolve(entry.legislation, blocs: blocs), budget: entry.budget,
            frameworks: library.frameworks(of: entry, blocs: blocs)))
      }
    }
    for weakness in weaknesses {
      add(
        weakness.code,
        trigger:
          "weakness: \(weakness.name) (score \(Formatting.score(weakness.score)), peer median \(Formatting.score(weakness.peerMedian)))"
      )
    }
    for lever in levers.prefix(3) {
      let best = lever.targets.first { $0.kind != "goalpost" } ?? lever.targets.last
      let target = best.map { "\($0.kind)\($0.setBy.map { " (\($0))" } ?? "")" } ?? "target"
      add(
        lever.code,
        trigger: "lever: \(lever.name) — reaching the \(target) adds \(Formatting.signed(best?.gain ?? 0)) index points"
      )
    }
    let order = Dictionary(
      RecommendationLibrary.groups.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    return out.enumerated().sorted {
      (order[$0.element.group] ?? 9, $0.offset) < (order[$1.element.group] ?? 9, $1.offset)
    }
    .map(\.element)
  }

  /// The self-assessment questions of the checklist with this country's answers, or "not assessed".
  func governance(_ iso3: String) -> [CountryProfile.GovernanceItem] {
    guard let bank = options.questions else { return [] }
    return bank.checklist.map { question in
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

  /// The current dossier's policy and institutional readiness beside each dimension's open-data score.
  func policy(_ iso3: String, dimensions: [CountryProfile.DimensionSection]) -> CountryProfile.PolicyReadiness? {
    guard let dossier = options.dossiers[iso3], let bank = options.questions, !bank.subdimensions.isEmpty else {
      return nil
    }
    let score = PolicyScore(dossier: dossier, bank: bank)
    return CountryProfile.PolicyReadiness(
      round: dossier.round, status: dossier.status.rawValue, assessmentDate: dossier.assessmentDate,
      example: dossier.example,
      dimensions: score.dimensions.map { part in
        let code = QuestionBank.dimension(ofRAM: part.code) ?? part.code
        return CountryProfile.PolicyDimension(
          code: code, name: part.name, policyScore: part.score, answered: part.answered, questions: part.questions,
          openDataScore: dimensions.first { $0.score.code == code }?.score.score)
      },
      note:
        "Policy and institutional readiness from the national self-assessment (mean answered level, 0–100; RAM-aligned, unofficial), shown beside the open-data score and never combined with it."
    )
  }

  /// The digital-divide lens: each item's latest values in the window, or "not collected".
  func divide(_ iso3: String) -> [CountryProfile.DivideItem] {
    guard let lens = options.lens else { return [] }
    return lens.items.map { item in
      let a = options.supplementary.value(iso3, item.indicatorA)
      let b = item.indicatorB.flatMap { options.supplementary.value(iso3, $0) }
      let complete = a != nil && (item.indicatorB == nil || b != nil)
      return CountryProfile.DivideItem(
        label: item.label, kind: item.kind, groupA: item.groupA, valueA: a?.value, groupB: item.groupB,
        valueB: b?.value,
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

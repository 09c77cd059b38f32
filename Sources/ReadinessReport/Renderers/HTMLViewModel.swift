import Foundation
import ReadinessCore
import ReadinessScoring

/// Turns a ``CountryProfile`` into the plain dictionaries the Mustache templates read: text
/// already formatted, chart geometry already computed (so templates stay logic-less and every
/// data string reaches the page through Mustache's HTML escaping, never as raw markup).
enum HTMLViewModel {
  typealias F = Formatting
  typealias Dict = [String: Any]

  /// Chart frame shared by the horizontal 0–100 charts: labels on the left, plot on the right.
  static let plotLeft = 250.0
  static let plotRight = 660.0
  static func x(_ score: Double) -> String { fmt(plotLeft + (plotRight - plotLeft) * min(max(score, 0), 100) / 100) }
  static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

  static func profile(_ p: CountryProfile) -> Dict {
    let h = p.header
    let l = p.headline
    var model: Dict = [:]
    model["name"] = h.name
    model["iso3"] = h.iso3
    model["label"] = h.label
    model["frameworkName"] = h.framework.name
    model["frameworkVersion"] = h.framework.version
    model["softwareVersion"] = h.softwareVersion
    model["referenceYear"] = String(h.referenceYear)
    model["windowStart"] = String(h.windowStart)
    model["dataYear"] = h.dataYear.map(String.init) ?? "—"
    var facts: [Dict] = []
    if let region = h.region {
      facts.append(["key": "UN region", "value": region + (h.subregion.map { " (\($0))" } ?? "")])
    }
    facts.append(["key": "World Bank income group", "value": h.incomeGroup ?? "not classified"])
    facts.append([
      "key": "UNESCO RAM", "value": h.ramStatus ?? "not listed as having started a RAM (UNESCO's list of 2025-10)",
    ])
    facts.append(["key": "Blocs", "value": h.blocs.isEmpty ? "none listed" : h.blocs.joined(separator: ", ")])
    facts.append([
      "key": "Methodology", "value": "\(h.framework.id) v\(h.framework.version); readiness \(h.softwareVersion)",
    ])
    facts.append([
      "key": "Data",
      "value": "values from \(h.windowStart)–\(h.referenceYear); latest used: \(h.dataYear.map(String.init) ?? "—")",
    ])
    model["facts"] = facts

    // Headline.
    model["score"] = F.score(l.score)
    model["scored"] = l.score != nil
    model["band"] = l.band ?? "insufficient data"
    model["rankText"] = l.rank.map { "\($0) of \(l.rankedCount)" } ?? "not ranked"
    model["rankInterval"] = l.rankInterval.map { Formatting.rankInterval($0.low, $0.high) } ?? ""
    model["hasRankInterval"] = l.rankInterval != nil
    model["scoreInterval"] = l.scoreInterval.map { "\(F.score($0.low))–\(F.score($0.high))" } ?? ""
    model["coverage"] = "\(l.indicatorsWithData) of \(l.indicatorsTotal)"
    model["dimensionCoverage"] = "\(l.dimensionsScored) of \(l.dimensionsTotal) dimensions scored"
    model["medianYear"] = l.medianDataYear.map(String.init) ?? "—"
    model["headlineChart"] = headlineChart(p)

    // Scorecard.
    let groups = p.peerGroups
    model["primaryPeers"] = groups.first?.label ?? "no peers"
    model["hasPeers"] = !groups.isEmpty
    // The scorecard table shows the first three groups' medians (the model and JSON keep all).
    model["peerGroupLabels"] = groups.prefix(3).map { ["label": $0.label] as Dict }
    model["scorecard"] = p.scorecard.map { row -> Dict in
      [
        "name": row.name, "code": row.code, "score": F.score(row.score), "band": row.band ?? "insufficient data",
        "rank": row.rank.map(String.init) ?? "—", "coverage": "\(row.available) of \(row.total)",
        "frontier": F.score(row.frontier),
        "medians": row.peerMedians.prefix(3).map { ["value": F.score($0)] as Dict },
      ]
    }
    model["scorecardChart"] = scorecardChart(p)

    // Strengths and weaknesses.
    func assessment(_ a: CountryProfile.Assessment, symbol: String) -> Dict {
      [
        "symbol": symbol, "name": a.name, "code": a.code, "value": F.value(a.value), "unit": a.unit,
        "year": a.year.map(String.init) ?? "—", "score": F.score(a.score), "median": F.score(a.peerMedian),
        "reason": a.reason,
      ]
    }
    model["strengths"] = p.strengths.map { assessment($0, symbol: "▲ strength") }
    model["weaknesses"] = p.weaknesses.map { assessment($0, symbol: "▼ weakness") }
    model["hasStrengthsOrWeaknesses"] = !p.strengths.isEmpty || !p.weaknesses.isEmpty

    // Governance checklist.
    model["governance"] = p.governance.map { g -> Dict in
      [
        "question": g.question, "assessed": g.status == "answered",
        "icon": g.status == "answered" ? ((g.score ?? 0) >= 0.999 ? "✔" : (g.score ?? 0) > 0 ? "◐" : "✘") : "–",
        "status": g.status == "answered" ? (g.answer ?? "answered") : "not assessed",
        "evidence": g.evidence ?? "", "year": g.year.map(String.init) ?? "", "source": g.source ?? "",
      ]
    }
    model["hasGovernance"] = !p.governance.isEmpty
    if let policy = p.policy {
      model["policy"] =
        [
          "note": policy.note, "round": policy.round, "status": policy.status, "date": policy.assessmentDate,
          "example": policy.example,
          "dimensions": policy.dimensions.map { d -> Dict in
            [
              "name": d.name, "policy": Formatting.score(d.policyScore), "answered": "\(d.answered) of \(d.questions)",
              "openData": Formatting.score(d.openDataScore),
            ]
          },
        ] as Dict
    }

    // How other indices see the country (benchmarks, never scored).
    model["benchmarks"] = (p.benchmarks ?? []).map { b -> Dict in
      [
        "name": b.name, "value": Formatting.value(b.value), "period": b.period, "rank": "\(b.rank)",
        "indexRank": b.indexRank.map(String.init) ?? "—", "common": "\(b.common)",
        "source": [b.source?.publisher, b.source?.licence].compactMap { $0 }.joined(separator: ", "),
      ]
    }
    model["hasBenchmarks"] = !(p.benchmarks ?? []).isEmpty

    // Digital-divide lens.
    model["divide"] = p.divide.map { d -> Dict in
      dropEmpty([
        "label": d.label, "kind": d.kind, "collected": d.status == "collected",
        "a": d.valueA.map { "\(d.groupA) \(F.value($0))" } ?? "\(d.groupA): not collected",
        "b": d.groupB.map { group in d.valueB.map { "\(group) \(F.value($0))" } ?? "\(group): not collected" } ?? "",
        "gap": d.gap.map(F.signed) ?? (d.status == "collected" ? "—" : "n/a – not collected"),
        "unit": d.unit, "year": d.year.map(String.init) ?? "—", "source": d.source ?? "",
      ])
    }
    model["hasDivide"] = !p.divide.isEmpty
    model["divideChart"] = divideChart(p)

    // Trends.
    model["trends"] = p.trends.map { series -> Dict in
      [
        "name": series.name, "code": series.code,
        "points": series.points.map { ["year": String($0.year), "score": F.score($0.score)] as Dict },
        "spark": sparkline(series),
      ]
    }
    model["trendYears"] = p.trends.first?.points.map { ["year": String($0.year)] as Dict } ?? []
    model["hasTrends"] = !p.trends.isEmpty

    // Peer groups: a strip of every member's score, and a heat table of the members nearest in
    // rank (all members are in the JSON and peers.csv).
    model["peerDimensions"] = p.scorecard.map { ["code": $0.code, "name": $0.name] as Dict }
    model["peerGroups"] = groups.enumerated().map { n, group in
      var dict = peerGroup(group, profile: p)
      dict["n"] = String(n)
      return dict
    }

    // Levers.
    let topLevers = Array(p.levers.prefix(8))
    model["levers"] = topLevers.map { lever -> Dict in
      var row: Dict = [
        "name": lever.name, "code": lever.code,
        "type": lever.type == "policy" ? "policy switch (quick)" : "structural (slow)",
        "score": F.score(lever.score),
      ]
      for target in lever.targets {
        let key = target.kind == "best peer" ? "best" : target.kind == "goalpost" ? "goal" : "quartile"
        row[key] = "\(F.signed(target.gain)) → \(F.score(target.newScore)), rank \(target.newRank)" + F.setBy(target)
      }
      for key in ["best", "goal", "quartile"] where row[key] == nil { row[key] = "already there" }
      return row
    }
    model["hasLevers"] = !topLevers.isEmpty
    if let group = p.leverPeers { model["leverPeers"] = group }
    model["scenarios"] = p.scenarios.map { scenario -> Dict in
      [
        "label": scenario.label, "score": F.score(scenario.newScore), "band": scenario.newBand ?? "—",
        "rank": "\(scenario.newRank) of \(p.headline.rankedCount)", "gain": F.signed(scenario.gain),
        "changes": scenario.changes.map { "\($0.name) \(F.score($0.from)) → \(F.score($0.to))" }.joined(
          separator: "; "),
      ]
    }
    model["hasScenarios"] = !p.scenarios.isEmpty
    model["leverChart"] = leverChart(topLevers)

    // Partners.
    model["partners"] = p.partners.map { partner -> Dict in
      [
        "name": partner.name, "iso3": partner.iso3, "forum": partner.forum, "relation": partner.relation,
        "direction": partner.direction == "both ways" ? "mutual: both ways" : "this country learns from them",
        "complementarity": F.score(partner.complementarity), "mutuality": F.score(partner.mutuality),
        "theyLead": partner.theyLead.map { e in
          ["name": e.name, "ours": F.score(e.ours), "theirs": F.score(e.theirs)] as Dict
        },
        "weLead": partner.weLead.map { e in
          ["name": e.name, "ours": F.score(e.ours), "theirs": F.score(e.theirs)] as Dict
        },
      ]
    }
    model["hasPartners"] = !p.partners.isEmpty

    // Recommendations, by group.
    let titles = [
      "institutions": "Institutions", "laws-and-policies": "Laws and policies", "human-capital": "Human capital",
    ]
    model["recommendationGroups"] = RecommendationLibrary.groups.compactMap { group -> Dict? in
      let items = p.recommendations.filter { $0.group == group }
      guard !items.isEmpty else { return nil }
      return [
        "title": titles[group] ?? group,
        "items": items.map { r -> Dict in
          dropEmpty([
            "action": r.action, "trigger": r.trigger, "question": r.question ?? "", "legislation": r.legislation ?? "",
            "budget": r.budget ?? "", "frameworks": r.frameworks.joined(separator: "; "),
          ])
        },
      ]
    }
    model["hasRecommendations"] = !p.recommendations.isEmpty
    model["recommendationsNote"] = p.recommendationsNote

    // Coverage and robustness.
    model["coverageRows"] = p.coverage.dimensions.map { row -> Dict in
      [
        "name": row.name, "have": "\(row.indicatorsWithData) of \(row.indicatorsTotal)",
        "share": row.indicatorsTotal == 0
          ? "—" : String(format: "%.0f%%", Double(row.indicatorsWithData) / Double(row.indicatorsTotal) * 100),
        "oldest": row.oldestYear.map(String.init) ?? "—",
        "barWidth": fmt(
          row.indicatorsTotal == 0 ? 0 : 120 * Double(row.indicatorsWithData) / Double(row.indicatorsTotal)),
      ]
    }
    model["missing"] = p.coverage.missing.map { ["name": $0] as Dict }
    model["hasMissing"] = !p.coverage.missing.isEmpty
    model["notMeasured"] = (p.coverage.notMeasured ?? []).map { ["name": $0] as Dict }
    model["hasNotMeasured"] = !(p.coverage.notMeasured ?? []).isEmpty
    model["oldestYear"] = p.coverage.oldestYear.map(String.init) ?? "—"
    if let r = p.robustness {
      var robustness: Dict = [
        "statement": r.statement, "runs": String(r.runs), "seed": String(r.seed),
        "assumptions": r.assumptions.map { ["text": $0] as Dict },
      ]
      robustness["chart"] = rankChart(p, r)
      model["robustness"] = robustness
    }

    // Annex.
    model["annex"] = p.dimensions.flatMap(\.pillars).flatMap(\.indicators).map { i -> Dict in
      [
        "code": i.code, "name": i.name, "value": F.value(i.value), "unit": i.unit,
        "year": i.year.map(String.init) ?? "—",
        "score": F.score(i.score),
        "source": i.source.map { [$0.publisher, $0.dataset].compactMap { $0 }.joined(separator: ", ") }
          ?? "no data in window",
        "licence": i.source.map { $0.licence ?? SourceInfo.licenceNotStated } ?? "—",
        "retrieved": i.source?.retrieved ?? i.source?.vintage ?? "—",
        "location": [i.source?.file, i.location].compactMap { $0 }.joined(separator: ", "), "imputed": "no",
      ]
    }
    let m = p.methodology
    model["methodology"] =
      [
        ["key": "Framework", "value": "\(m.frameworkId) v\(m.frameworkVersion)"],
        ["key": "Framework SHA-256", "value": m.frameworkSHA256 ?? "—"],
        ["key": "Software", "value": "readiness \(m.softwareVersion)"],
        ["key": "Data SHA-256", "value": m.dataSHA256.isEmpty ? "—" : m.dataSHA256.joined(separator: ", ")],
        ["key": "Normalisation", "value": m.normalisation], ["key": "Aggregation", "value": m.aggregation],
        ["key": "Weights", "value": m.weights], ["key": "Coverage rule", "value": m.coverageRule],
        ["key": "Window", "value": m.window],
      ] as [Dict]
    return dropEmpty(model)
  }

  /// Mustache renders a section for any string, even an empty one: optional text is left out
  /// instead, so `{{#question}}…{{/question}}` disappears when there is none.
  static func dropEmpty(_ dict: Dict) -> Dict {
    dict.filter { !(($0.value as? String)?.isEmpty ?? false) }
  }

  /// One peer group: strip plot geometry and up to 11 table rows around the country.
  static func peerGroup(_ group: CountryProfile.PeerGroup, profile p: CountryProfile) -> Dict {
    let own = CountryProfile.Peer(
      iso3: p.header.iso3, name: p.header.name, score: p.headline.score, rank: p.headline.rank,
      dimensions: p.scorecard.map(\.score))
    var rows = group.members
    let position = rows.firstIndex { ($0.score ?? -1) < (own.score ?? -1) } ?? rows.count
    rows.insert(own, at: position)
    let start = max(0, min(position - 5, rows.count - 11))
    let shown = Array(rows[start..<min(rows.count, start + 11)])
    let marks = group.members.compactMap { m in m.score.map { ["x": x($0)] as Dict } }
    var strip: Dict = [
      "marks": marks, "ticks": ticks,
      "desc": "\(group.label): \(group.members.count) members, median \(F.score(group.medianScore))"
        + (p.headline.score.map { "; \(p.header.name) \(F.score($0))" } ?? ""),
    ]
    if let score = p.headline.score {
      strip["ownX"] = x(score)
      strip["own"] = F.score(score)
    }
    if let median = group.medianScore { strip["medianPath"] = "M\(x(median)),22 l6,8 l-6,8 l-6,-8 z" }
    return dropEmpty([
      "label": group.label, "id": group.id, "median": F.score(group.medianScore),
      "position": group.rankInGroup.map { "\($0) of \(group.scoredCount)" } ?? "not ranked",
      "count": String(group.members.count),
      "hidden": group.members.count + 1 > shown.count ? String(group.members.count + 1 - shown.count) : "",
      "strip": strip,
      "members": shown.map { m in
        [
          "name": m.name, "iso3": m.iso3, "score": F.score(m.score), "rank": m.rank.map(String.init) ?? "—",
          "self": m.iso3 == p.header.iso3,
          "cells": m.dimensions.map { ["value": F.score($0), "class": heatClass($0)] as Dict },
        ] as Dict
      },
    ])
  }

  /// A label that fits the 240-pixel label column of the charts (the full name is in the table).
  static func short(_ text: String, limit: Int = 36) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
  }

  // MARK: - Charts (geometry only; the templates draw them)

  /// 0–100 axis ticks for the horizontal charts.
  static var ticks: [Dict] {
    stride(from: 0.0, through: 100, by: 25).map {
      ["x": x($0), "label": F.score($0).replacingOccurrences(of: ".0", with: "")]
    }
  }

  static func headlineChart(_ p: CountryProfile) -> Dict? {
    guard let score = p.headline.score else { return nil }
    var markers: [Dict] = []
    for (i, group) in p.peerGroups.prefix(3).enumerated() {
      guard let median = group.medianScore else { continue }
      markers.append([
        "x": x(median), "y": fmt(74 + Double(i) * 16), "label": "\(group.label) median \(F.score(median))",
      ])
    }
    var chart: Dict = [
      "scoreX": x(score), "score": F.score(score), "ticks": ticks, "markers": markers,
      "height": fmt(80 + Double(markers.count) * 16),
      "desc": "Overall score \(F.score(score)) on a 0–100 scale"
        + (p.headline.scoreInterval.map { ", 90% interval \(F.score($0.low))–\(F.score($0.high))" } ?? "")
        + (markers.isEmpty
          ? ""
          : "; peer medians: "
            + p.peerGroups.prefix(3).compactMap { g in g.medianScore.map { "\(g.label) \(F.score($0))" } }.joined(
              separator: ", "))
        ,
    ]
    if let interval = p.headline.scoreInterval {
      chart["intervalX"] = x(interval.low)
      chart["intervalWidth"] = fmt(max(2, (plotRight - plotLeft) * (interval.high - interval.low) / 100))
    }
    return chart
  }

  static func scorecardChart(_ p: CountryProfile) -> Dict {
    let rows = p.scorecard.enumerated().map { i, row -> Dict in
      let y = 40 + Double(i) * 34
      var d: Dict = ["name": short(row.name), "y": fmt(y), "textY": fmt(y + 4), "score": F.score(row.score)]
      if let score = row.score {
        d["dotX"] = x(score)
        d["labelX"] = fmt(min(plotLeft + (plotRight - plotLeft) * score / 100 + 9, plotRight - 20))
      }
      if let median = row.peerMedians.first ?? nil {
        let mx = plotLeft + (plotRight - plotLeft) * median / 100
        d["medianPath"] = "M\(fmt(mx)),\(fmt(y - 6)) l6,6 l-6,6 l-6,-6 z"
      }
      if let frontier = row.frontier {
        d["frontierX"] = x(frontier)
        d["frontierY1"] = fmt(y - 9)
        d["frontierY2"] = fmt(y + 9)
      }
      return d
    }
    let median = p.peerGroups.first.map { "\($0.label) median" } ?? "no peer group"
    return [
      "rows": rows, "ticks": ticks, "height": fmt(50 + Double(rows.count) * 34),
      "axisY": fmt(50 + Double(rows.count) * 34 - 14),
      "legendMedian": median,
      "desc":
        "Dimension scores of \(p.header.name) (dots) against the \(median) (diamonds) and the best score of any country (ticks): "
        + p.scorecard.map { "\($0.name) \(F.score($0.score))" }.joined(separator: "; "),
    ]
  }

  static func leverChart(_ levers: [CountryProfile.Lever]) -> Dict? {
    guard !levers.isEmpty else { return nil }
    let maximum = max(levers.map { $0.targets.map(\.gain).max() ?? 0 }.max() ?? 1, 0.1)
    let width = plotRight - plotLeft
    let rows = levers.enumerated().map { i, lever -> Dict in
      let y = 20 + Double(i) * 28
      let goal = lever.targets.first { $0.kind == "goalpost" }?.gain ?? 0
      return [
        "name": short(lever.name), "y": fmt(y), "textY": fmt(y + 13), "goalWidth": fmt(width * max(goal, 0) / maximum),
        "bestWidth": fmt(width * max(lever.bestGain, 0) / maximum),
        "label": "\(F.signed(lever.bestGain)) (goalpost \(F.signed(goal)))",
        "labelX": fmt(plotLeft + 4),
      ]
    }
    return [
      "rows": rows, "height": fmt(30 + Double(rows.count) * 28),
      "desc":
        "Index points gained by reaching the best peer or the peers' top quartile (dark bars) and the goalpost (light bars): "
        + levers.map { "\($0.name) \(F.signed($0.bestGain))" }.joined(separator: "; "),
    ]
  }

  static func divideChart(_ p: CountryProfile) -> Dict? {
    let pairs = p.divide.filter { $0.status == "collected" && $0.valueB != nil }
    guard !pairs.isEmpty else { return nil }
    let maximum = max(pairs.flatMap { [$0.valueA ?? 0, $0.valueB ?? 0] }.max() ?? 1, 1)
    let width = plotRight - plotLeft
    let rows = pairs.enumerated().map { i, d -> Dict in
      let y = 20 + Double(i) * 44
      return [
        "name": short(d.label), "y": fmt(y), "y2": fmt(y + 18), "textY": fmt(y + 13),
        "aWidth": fmt(width * (d.valueA ?? 0) / maximum), "bWidth": fmt(width * (d.valueB ?? 0) / maximum),
        "aLabel": "\(d.groupA) \(F.value(d.valueA))", "bLabel": "\(d.groupB ?? "") \(F.value(d.valueB))",
        "aText": fmt(y + 12), "bText": fmt(y + 30),
      ]
    }
    return [
      "rows": rows, "height": fmt(30 + Double(rows.count) * 44),
      "desc": pairs.map { "\($0.label): \($0.groupA) \(F.value($0.valueA)), \($0.groupB ?? "") \(F.value($0.valueB))" }
        .joined(separator: "; "),
    ]
  }

  static func sparkline(_ series: CountryProfile.TrendSeries) -> Dict {
    let count = max(series.points.count - 1, 1)
    let points = series.points.enumerated().compactMap { i, point -> String? in
      point.score.map { "\(fmt(4 + 112 * Double(i) / Double(count))),\(fmt(36 - 32 * $0 / 100))" }
    }
    return [
      "points": points.joined(separator: " "),
      "desc": "\(series.name): " + series.points.map { "\($0.year) \(F.score($0.score))" }.joined(separator: ", "),
    ]
  }

  static func rankChart(_ p: CountryProfile, _ r: CountryProfile.Robustness) -> Dict? {
    guard let interval = r.rankInterval, let rank = p.headline.rank, p.headline.rankedCount > 1 else { return nil }
    let n = Double(p.headline.rankedCount)
    func rx(_ value: Double) -> String { fmt(plotLeft + (plotRight - plotLeft) * (value - 1) / max(n - 1, 1)) }
    return [
      "lowX": rx(interval.low),
      "width": fmt(max(2, (plotRight - plotLeft) * (interval.high - interval.low) / max(n - 1, 1))),
      "rankX": rx(Double(rank)), "firstX": rx(1), "lastX": rx(n), "n": String(Int(n)), "rank": String(rank),
      "desc": "Rank \(rank) of \(Int(n)); 90% interval \(Formatting.rankInterval(interval.low, interval.high))",
    ]
  }
}

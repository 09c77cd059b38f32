import ReadinessCore
import ReadinessScoring

extension MarkdownRenderer {
  typealias F = Formatting

  /// Strengths and weaknesses, governance, the divide lens and trends (after the scorecard).
  static func sections(_ profile: CountryProfile) -> [String] {
    var out: [String] = []
    out += ["", "## Strengths and weaknesses", ""]
    out.append("Relative to the primary peer group (\(F.cell(profile.peerGroups.first?.label ?? "none"))).")
    if profile.strengths.isEmpty && profile.weaknesses.isEmpty {
      out += ["", "None stands out against the peers with data."]
    } else {
      out += ["", "| | indicator | value | year | score | peer median | why |", "|---|---|---|---|---|---|---|"]
      for (symbol, items) in [("▲ strength", profile.strengths), ("▼ weakness", profile.weaknesses)] {
        for a in items {
          out.append(
            "| \(symbol) | \(F.cell(a.name)) | \(F.value(a.value)) \(F.cell(a.unit)) | \(a.year.map(String.init) ?? "—") | "
              + "\(F.score(a.score)) | \(F.score(a.peerMedian)) | \(F.cell(a.reason)) |")
        }
      }
    }
    if !profile.governance.isEmpty {
      out += ["", "## Governance checklist", "", "| question | status | year | evidence |", "|---|---|---|---|"]
      for g in profile.governance {
        out.append(
          "| \(F.cell(g.question)) | \(F.cell(g.status == "answered" ? g.answer ?? "answered" : "not assessed")) | "
            + "\(g.year.map(String.init) ?? "—") | \(F.cell(g.evidence ?? "—")) |")
      }
    }
    if let policy = profile.policy {
      out += [
        "", "## Policy and institutional readiness (national self-assessment)", "",
        "> \(F.cell(policy.note)) Dossier round \(F.cell(policy.round)), status \(F.cell(policy.status)), "
          + "\(F.cell(policy.assessmentDate))\(policy.example ? "; EXAMPLE, invented content" : "").",
        "", "| dimension | policy and institutional readiness | questions answered | open-data score |",
        "|---|---|---|---|",
      ]
      for d in policy.dimensions {
        out.append(
          "| \(F.cell(d.name)) | \(F.score(d.policyScore)) | \(d.answered) of \(d.questions) | \(F.score(d.openDataScore)) |"
        )
      }
    }
    if let benchmarks = profile.benchmarks {
      out += [
        "", "## How other indices see this country", "",
        "External indices imported as benchmarks; they never enter the score. Ranks are among the countries both rank.",
        "",
        "| index | value | period | its rank | rank in this framework | countries | source |",
        "|---|---|---|---|---|---|---|",
      ]
      for b in benchmarks {
        out.append(
          "| \(F.cell(b.name)) | \(F.value(b.value)) | \(F.cell(b.period)) | \(b.rank) | \(b.indexRank.map(String.init) ?? "—") | "
            + "\(b.common) | \(F.cell([b.source?.publisher, b.source?.licence].compactMap { $0 }.joined(separator: ", "))) |"
        )
      }
    }
    if !profile.divide.isEmpty {
      out += ["", "## Digital-divide lens", "", "| measure | values | gap | unit | year |", "|---|---|---|---|---|"]
      for d in profile.divide {
        let a = "\(F.cell(d.groupA)) \(d.valueA.map(F.value) ?? "not collected")"
        let b = d.groupB.map { "; \(F.cell($0)) \(d.valueB.map(F.value) ?? "not collected")" } ?? ""
        let gap = d.gap.map(F.signed) ?? (d.status == "collected" ? "—" : "n/a – not collected")
        out.append("| \(F.cell(d.label)) | \(a)\(b) | \(gap) | \(F.cell(d.unit)) | \(d.year.map(String.init) ?? "—") |")
      }
    }
    if let first = profile.trends.first {
      out += ["", "## Trends", ""]
      out.append("| | " + first.points.map { String($0.year) }.joined(separator: " | ") + " |")
      out.append("|---|" + String(repeating: "---|", count: first.points.count))
      for series in profile.trends {
        out.append(
          "| \(F.cell(series.name)) | " + series.points.map { F.score($0.score) }.joined(separator: " | ") + " |")
      }
    }
    return out
  }

  /// At most `count` of `members` (best first), those nearest to `score` in the ranking: a window
  /// around where the country would stand, kept in order. A country with no score sees the best.
  static func nearestMembers(_ members: [CountryProfile.Peer], to score: Double?, count: Int) -> [CountryProfile.Peer] {
    guard members.count > count else { return members }
    guard let score else { return Array(members.prefix(count)) }
    let position = members.firstIndex { ($0.score ?? -1) < score } ?? members.count
    let start = max(0, min(position - count / 2, members.count - count))
    return Array(members[start..<(start + count)])
  }

  /// Peers, levers, partners, recommendations, coverage and robustness (before the sources).
  static func tail(_ profile: CountryProfile) -> [String] {
    var out: [String] = []
    if !profile.peerGroups.isEmpty {
      out += ["", "## Peer benchmarking"]
      for group in profile.peerGroups {
        let position = group.rankInGroup.map { "\($0) of \(group.scoredCount)" } ?? "not ranked"
        out += [
          "", "**\(F.cell(group.label))**: median \(F.score(group.medianScore)); this country is \(position).", "",
        ]
        out += ["| country | overall score | rank |", "|---|---|---|"]
        // Large groups (a region, everyone) list the 15 members nearest this country's score, best first.
        let shown = nearestMembers(group.members, to: profile.headline.score, count: 15)
        for peer in shown {
          out.append(
            "| \(F.cell(peer.name)) (\(peer.iso3)) | \(F.score(peer.score)) | \(peer.rank.map(String.init) ?? "—") |")
        }
        if shown.count < group.members.count {
          out += [
            "",
            "… and \(group.members.count - shown.count) more (the \(shown.count) nearest in score are shown; all in the JSON and peers.csv).",
          ]
        }
      }
    }
    if !profile.levers.isEmpty {
      out += ["", "## Levers", ""]
      out.append(
        "Index points gained if one indicator reached the target (the aggregation re-run, other countries unchanged)."
          + (profile.leverPeers.map { " Best peer and top quartile: \(F.cell($0)) (with each best peer's population)." }
            ?? ""))
      out += [
        "", "| indicator | type | score now | best peer | peer top quartile | goalpost |", "|---|---|---|---|---|---|",
      ]
      for lever in profile.levers.prefix(10) {
        func cell(_ kind: String) -> String {
          guard let t = lever.targets.first(where: { $0.kind == kind }) else { return "already there" }
          return "\(F.signed(t.gain)) → \(F.score(t.newScore)), rank \(t.newRank)" + F.setBy(t)
        }
        out.append(
          "| \(F.cell(lever.name)) | \(lever.type) | \(F.score(lever.score)) | \(cell("best peer")) | "
            + "\(cell("peer top quartile")) | \(cell("goalpost")) |")
      }
    }
    if !profile.scenarios.isEmpty {
      out += ["", "What if several levers moved together (other countries unchanged):", ""]
      out += ["| scenario | changes | new score | gain | band | rank |", "|---|---|---|---|---|---|"]
      for s in profile.scenarios {
        let changes = s.changes.map { "\(F.cell($0.name)) \(F.score($0.from)) → \(F.score($0.to))" }.joined(
          separator: "; ")
        out.append(
          "| \(F.cell(s.label)) | \(changes) | \(F.score(s.newScore)) | \(F.signed(s.gain)) | \(s.newBand.map(F.cell) ?? "—") | "
            + "\(s.newRank) of \(profile.headline.rankedCount) |")
      }
    }
    if !profile.partners.isEmpty {
      out += ["", "## Partnership suggestions", ""]
      for p in profile.partners {
        let lead = p.theyLead.map { "\(F.cell($0.name)) (\(F.score($0.theirs)) vs \(F.score($0.ours)))" }.joined(
          separator: "; ")
        let offer = p.weLead.map { "\(F.cell($0.name)) (\(F.score($0.ours)) vs \(F.score($0.theirs)))" }.joined(
          separator: "; ")
        out.append(
          "- **\(F.cell(p.name)) (\(p.iso3))**, \(p.direction == "both ways" ? "mutual: both ways" : "this country learns from them"), "
            + "\(p.relation), forum \(F.cell(p.forum)); complementarity "
            + "\(F.score(p.complementarity)), mutuality \(F.score(p.mutuality)). They lead: \(lead.isEmpty ? "—" : lead). "
            + "This country could offer: \(offer.isEmpty ? "—" : offer).")
      }
    }
    if !profile.recommendations.isEmpty {
      out += ["", "## Recommendations: prompts for deliberation", "", "**\(F.cell(profile.recommendationsNote))**"]
      let titles = [
        "institutions": "Institutions", "laws-and-policies": "Laws and policies", "human-capital": "Human capital",
      ]
      for group in RecommendationLibrary.groups {
        let items = profile.recommendations.filter { $0.group == group }
        guard !items.isEmpty else { continue }
        out += ["", "### \(titles[group] ?? group)", ""]
        for r in items {
          var line = "- **\(F.cell(r.action))** (\(F.cell(r.trigger)))"
          if let q = r.question { line += " Oversight question: \(F.cell(q))" }
          if let l = r.legislation { line += " Legislation: \(F.cell(l))" }
          if let b = r.budget { line += " Budget: \(F.cell(b))" }
          if !r.frameworks.isEmpty { line += " Frameworks: \(r.frameworks.map(F.cell).joined(separator: "; "))" }
          out.append(line)
        }
      }
    }
    out += ["", "## Data coverage", "", "| dimension | indicators with data | oldest value |", "|---|---|---|"]
    for row in profile.coverage.dimensions {
      out.append(
        "| \(F.cell(row.name)) | \(row.indicatorsWithData) of \(row.indicatorsTotal) | \(row.oldestYear.map(String.init) ?? "—") |"
      )
    }
    if let notMeasured = profile.coverage.notMeasured, !notMeasured.isEmpty {
      out += [
        "",
        "Not measured by open data (RAM sub-dimensions no indicator of the framework covers; the national self-assessment speaks to them): \(notMeasured.map(F.cell).joined(separator: "; ")).",
      ]
    }
    if !profile.coverage.missing.isEmpty {
      out += [
        "",
        "No value in the window (n/a – not collected): \(profile.coverage.missing.map(F.cell).joined(separator: "; ")). Nothing is imputed.",
      ]
    }
    out += ["", "## Robustness", ""]
    if let r = profile.robustness {
      out.append(F.cell(r.statement))
      out += [
        "", "Monte Carlo, \(r.runs) runs (seed \(r.seed)): \(r.assumptions.map(F.cell).joined(separator: "; ")).",
      ]
    } else {
      out.append("No uncertainty analysis was run for this profile.")
    }
    return out
  }

  /// Several countries side by side.
  public static func renderComparison(_ profiles: [CountryProfile]) -> String {
    guard let first = profiles.first else { return "" }
    var out = [
      "# Comparison: " + profiles.map { "\(F.cell($0.header.name)) (\($0.header.iso3))" }.joined(separator: ", "), "",
    ]
    out.append(
      "> **\(F.cell(first.header.label)).** Framework \(F.cell(first.header.framework.name)) v\(first.header.framework.version); reference year \(first.header.referenceYear) (values \(first.header.windowStart)–\(first.header.referenceYear)). Not UNESCO's figures."
    )
    out += [
      "", "| | " + profiles.map(\.header.iso3).joined(separator: " | ") + " |",
      "|---|" + String(repeating: "---|", count: profiles.count),
    ]
    out.append("| overall score | " + profiles.map { F.score($0.headline.score) }.joined(separator: " | ") + " |")
    out.append(
      "| rank | "
        + profiles.map { p in p.headline.rank.map { "\($0) of \(p.headline.rankedCount)" } ?? "—" }.joined(
          separator: " | ") + " |")
    out.append(
      "| rank 90% interval | "
        + profiles.map { p in p.headline.rankInterval.map { Formatting.rankInterval($0.low, $0.high) } ?? "—" }.joined(
          separator: " | ") + " |")
    for (d, row) in first.scorecard.enumerated() {
      out.append(
        "| \(F.cell(row.name)) | " + profiles.map { F.score($0.scorecard[safe: d]?.score) }.joined(separator: " | ")
          + " |")
    }
    out += [
      "", "## Indicator scores", "", "| indicator | " + profiles.map(\.header.iso3).joined(separator: " | ") + " |",
      "|---|" + String(repeating: "---|", count: profiles.count),
    ]
    let lists = profiles.map { $0.dimensions.flatMap(\.pillars).flatMap(\.indicators) }
    for (k, indicator) in lists[0].enumerated() {
      out.append(
        "| \(F.cell(indicator.name)) | " + lists.map { F.score($0[safe: k]?.score) }.joined(separator: " | ") + " |")
    }
    // What the scores stand for: each value with its year, the unit, and where it came from.
    out += [
      "", "## Indicator values", "", "Each country's value scored (its year in brackets); sources below.", "",
      "| indicator | unit | " + profiles.map(\.header.iso3).joined(separator: " | ") + " |",
      "|---|---|" + String(repeating: "---|", count: profiles.count),
    ]
    for (k, indicator) in lists[0].enumerated() {
      let cells = lists.map { list -> String in
        guard let row = list[safe: k], let value = row.value else { return "—" }
        return F.value(value) + (row.year.map { " (\($0))" } ?? "")
      }
      out.append("| \(F.cell(indicator.name)) | \(F.cell(indicator.unit)) | " + cells.joined(separator: " | ") + " |")
    }
    out += ["", "## Sources", ""]
    for (k, indicator) in lists[0].enumerated() {
      // Countries citing the same source are listed together.
      var cited: [(source: String, countries: [String])] = []
      for (profile, list) in zip(profiles, lists) {
        guard let row = list[safe: k], row.value != nil, let source = row.source else { continue }
        let text = [
          source.publisher, source.dataset, source.vintage.map { "vintage \($0)" },
          "licence " + (source.licence ?? "not stated"),
        ]
        .compactMap { $0 }.map(F.cell).joined(separator: ", ")
        if let index = cited.firstIndex(where: { $0.source == text }) {
          cited[index].countries.append(profile.header.iso3)
        } else {
          cited.append((text, [profile.header.iso3]))
        }
      }
      guard !cited.isEmpty else { continue }
      out.append(
        "- \(F.cell(indicator.name)) (`\(indicator.code)`): "
          + cited.map { "\($0.source) (\($0.countries.joined(separator: ", ")))" }.joined(separator: "; "))
    }
    out.append("")
    return out.joined(separator: "\n")
  }
}

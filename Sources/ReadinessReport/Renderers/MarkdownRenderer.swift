import ReadinessCore
import ReadinessScoring

/// Renders a ``CountryProfile`` as Markdown.
public enum MarkdownRenderer {
  public static func render(_ profile: CountryProfile) -> String {
    typealias F = Formatting
    let h = profile.header
    var out: [String] = []
    out.append("# \(F.cell(h.name)) (\(h.iso3)): AI readiness profile")
    out.append("")
    out.append(
      "> **\(F.cell(h.label)).** Scores are computed by the readiness toolkit with the framework "
        + "\"\(F.cell(h.framework.name))\" v\(F.cell(h.framework.version)), organised by the five dimensions of UNESCO's "
        + "Readiness Assessment Methodology (RAM). UNESCO publishes no RAM score: these are not UNESCO's figures.")
    out.append("")
    var facts: [String] = []
    if let region = h.region {
      facts.append("Region: \(F.cell(region))" + (h.subregion.map { " (\(F.cell($0)))" } ?? ""))
    }
    if let income = h.incomeGroup { facts.append("World Bank income group: \(F.cell(income))") }
    facts.append(
      "UNESCO RAM: \(F.cell(h.ramStatus ?? "not listed as having started a RAM (UNESCO's list of 2025-10)"))")
    if !h.blocs.isEmpty { facts.append("Blocs: \(h.blocs.map(F.cell).joined(separator: ", "))") }
    facts.append("Reference year \(h.referenceYear) (values from \(h.windowStart)–\(h.referenceYear))")
    out += facts.map { "- \($0)" }
    out.append("")
    out.append("## Headline")
    out.append("")
    let l = profile.headline
    let rank = l.rank.map { "\($0) of \(l.rankedCount)" } ?? "not ranked (insufficient data)"
    let interval = l.rankInterval.map { Formatting.rankInterval($0.low, $0.high) } ?? "—"
    let scoreInterval = l.scoreInterval.map { "\(F.score($0.low))–\(F.score($0.high))" } ?? "—"
    out.append(
      "| overall score | 90% interval | band | rank | rank 90% interval | dimensions scored | indicators with data | median data year |"
    )
    out.append("|---|---|---|---|---|---|---|---|")
    out.append(
      "| \(F.score(l.score)) | \(scoreInterval) | \(l.band.map(F.cell) ?? "—") | \(rank) | \(interval) | "
        + "\(l.dimensionsScored) of \(l.dimensionsTotal) | \(l.indicatorsWithData) of \(l.indicatorsTotal) | "
        + "\(l.medianDataYear.map(String.init) ?? "—") |")
    out.append("")
    out.append("## Dimensions")
    out.append("")
    let groups = profile.peerGroups
    out.append(
      "| dimension | score | band | rank | sub-pillars scored |"
        + groups.map { " \(F.cell($0.label)) median |" }.joined() + " frontier |")
    out.append("|---|---|---|---|---|" + String(repeating: "---|", count: groups.count) + "---|")
    for row in profile.scorecard {
      out.append(
        "| \(F.cell(row.name)) | \(row.score == nil ? "insufficient data" : F.score(row.score)) | \(row.band.map(F.cell) ?? "—") | "
          + "\(row.rank.map(String.init) ?? "—") | \(row.available) of \(row.total) |"
          + row.peerMedians.map { " \(F.score($0)) |" }.joined() + " \(F.score(row.frontier)) |")
    }
    out += sections(profile)
    out.append("")
    out.append("## Indicators")
    for dimension in profile.dimensions {
      out.append("")
      out.append(
        "### \(F.cell(dimension.score.name)): \(dimension.score.score == nil ? "insufficient data" : F.score(dimension.score.score))"
      )
      for pillar in dimension.pillars {
        out.append("")
        out.append(
          "**\(F.cell(pillar.score.name))**: \(pillar.score.score == nil ? "insufficient data" : F.score(pillar.score.score)) (\(pillar.score.available) of \(pillar.score.total) indicators)"
        )
        out.append("")
        out.append("| indicator | value | unit | year | score | source | licence |")
        out.append("|---|---|---|---|---|---|---|")
        for indicator in pillar.indicators {
          let source =
            indicator.source.map { s in
              F.cell(
                [s.publisher, s.dataset, s.vintage.map { "updated \($0)" }].compactMap { $0 }.joined(separator: ", "))
            } ?? "no data in window"
          out.append(
            "| \(F.cell(indicator.name)) (\(F.cell(indicator.code))) | \(F.value(indicator.value)) | \(F.cell(indicator.unit)) | "
              + "\(indicator.year.map(String.init) ?? "—") | \(F.score(indicator.score)) | \(source) | "
              + "\(F.cell(indicator.source.map { $0.licence ?? SourceInfo.licenceNotStated } ?? "—")) |")
        }
      }
    }
    out += tail(profile)
    out.append("")
    out.append("## Sources")
    out.append("")
    for source in profile.sources {
      var parts = [F.cell(source.publisher)]
      if let dataset = source.dataset { parts.append(F.cell(dataset)) }
      if let vintage = source.vintage { parts.append("last updated \(F.cell(vintage))") }
      parts.append("licence \(F.cell(source.licence ?? SourceInfo.licenceNotStated))")
      if let file = source.file { parts.append("file \(F.cell(file))") }
      out.append("- " + parts.joined(separator: "; "))
    }
    out.append("")
    out.append("## Method")
    out.append("")
    out.append(
      "Each indicator's latest value in \(h.windowStart)–\(h.referenceYear) is scored 0–100 against fixed goalposts "
        + "(inverted where lower is better; log10 for skewed counts); sub-pillars, dimensions and the overall score are "
        + "equal-weight means of their scored parts, and a part with too few scored children is \"insufficient data\" "
        + "(nothing is imputed). Ties share the lowest rank.")
    out.append("")
    out.append(
      "Framework \(F.cell(h.framework.id)) v\(F.cell(h.framework.version))"
        + (h.framework.sha256.map { " (SHA-256 \($0.prefix(16))…)" } ?? "") + "; readiness \(h.softwareVersion).")
    out.append("")
    return out.joined(separator: "\n")
  }
}

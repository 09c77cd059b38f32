import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Statistical audit of an index: indicator statistics, correlations, alpha, PCA share, rank impact.",
    discussion: """
      Per indicator: min, max, mean, sd, skew, kurtosis, availability and flags (outliers, low availability, \
      no variation). Per component: Pearson and Spearman correlation with its parent, flags for negative \
      correlations and correlations above 0.9, and the rank shifts of the index when it is dropped. Per group: \
      Cronbach's alpha, the first principal component's share of variance and redundant pairs (r > 0.9). \
      With --coin-data/--coin-meta it audits a COINr-format index; without them, the framework's scores of the \
      workspace (--framework, --year, --workspace): indicator statistics of the values scored, correlations of \
      the goalpost scores, drop-one rank shifts re-aggregated with the framework's rules, and each indicator's, \
      dimension's and the index's Spearman correlation with log GDP per capita (how much of a score is wealth).
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

  @OptionGroup var coin: CoinOptions
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions
  @Option(help: "Output format: table or json.") var format: Format = .table

  func validate() throws {
    if coin.given && (frameworkOptions.framework != nil || frameworkOptions.year != nil) {
      throw ValidationError("--framework and --year apply to the workspace path, not to --coin-data")
    }
  }

  func run() throws {
    try ErrorHandling.run {
      let report: CoinAudit.Report
      if coin.given {
        report = try CoinAudit.run(try coin.loadInput(), try coin.loadPipeline())
      } else {
        let workspace = try workspaceOptions.openExisting()
        let (framework, result) = try frameworkOptions.score(workspace)
        // Wealth: each country's latest GDP per capita (PPP) up to the reference year.
        var gdp: [String: (year: Int, value: Double)] = [:]
        for stored in try workspace.latestObservations(indicators: ["NY.GDP.PCAP.PP.KD"]) {
          let observation = stored.observation
          guard observation.areaKind == .country, let year = observation.year, year <= result.referenceYear else {
            continue
          }
          if gdp[observation.country].map({ $0.year < year }) ?? true {
            gdp[observation.country] = (year, observation.value)
          }
        }
        report = FrameworkAudit.run(
          result, framework: framework, gdpPerCapita: gdp.isEmpty ? nil : gdp.mapValues(\.value))
      }
      if format == .json {
        emit(try JSONRenderer.render(report))
        return
      }
      func f(_ value: Double?, _ digits: Int = 2) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "—" }
      func g(_ value: Double?) -> String { value.map { String(format: "%.4g", $0) } ?? "—" }
      var lines: [String] = []
      if let framework = report.framework, let year = report.referenceYear {
        lines += ["Framework \(framework), reference year \(year)", ""]
      }
      // Columns as wide as the longest code (framework codes such as IT.NET.BBND.P2.PC ran into the next column).
      func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
      }
      let codeWidth =
        ([4] + report.indicators.map(\.code.count) + report.components.map(\.code.count)
        + report.groups.map(\.code.count) + (report.wealth ?? []).map(\.code.count)).max()! + 2
      let parentWidth = ([6] + report.components.map(\.parent.count)).max()! + 2
      lines += [
        "Indicators",
        pad("code", codeWidth) + ["min", "max", "mean", "sd"].map { $0.leftPadded(10) }.joined(separator: " ")
          + " " + ["skew", "kurt"].map { $0.leftPadded(7) }.joined(separator: " ") + "  avail  flags",
      ]
      for i in report.indicators {
        lines.append(
          pad(i.code, codeWidth)
            + [g(i.min), g(i.max), g(i.mean), g(i.sd)].map { $0.leftPadded(10) }.joined(separator: " ") + " "
            + [f(i.skew), f(i.kurtosis)].map { $0.leftPadded(7) }.joined(separator: " ")
            + String(format: " %5.0f%%", i.availability * 100) + "  " + i.flags.joined(separator: "; "))
      }
      lines += [
        "", "Components (correlation with the parent; index rank shift when dropped)",
        pad("code", codeWidth) + pad("parent", parentWidth) + "pearson".leftPadded(7) + "spearman".leftPadded(10)
          + "max shift".leftPadded(11) + "mean shift".leftPadded(12) + "  flags",
      ]
      for c in report.components {
        lines.append(
          pad(c.code, codeWidth) + pad(c.parent, parentWidth)
            + f(c.pearson).leftPadded(7) + f(c.spearman).leftPadded(10) + String(c.maxRankShift).leftPadded(11)
            + f(c.meanRankShift).leftPadded(12) + "  " + c.flags.joined(separator: "; "))
      }
      lines += [
        "", "Groups",
        pad("code", codeWidth) + "children".leftPadded(8) + "alpha".leftPadded(7)
          + "PC1 share".leftPadded(11) + "  redundant pairs",
      ]
      for g in report.groups {
        lines.append(
          pad(g.code, codeWidth) + String(g.children).leftPadded(8)
            + f(g.cronbachAlpha).leftPadded(7) + f(g.firstComponentShare).leftPadded(11) + "  "
            + g.redundantPairs.joined(separator: ", "))
      }
      if let wealth = report.wealth {
        lines += [
          "", "Wealth (Spearman's rho with log GDP per capita, PPP: how much of a score is income)",
          pad("code", codeWidth) + "rho".leftPadded(7) + "n".leftPadded(7),
        ]
        for row in wealth {
          lines.append(pad(row.code, codeWidth) + f(row.spearman).leftPadded(7) + String(row.n).leftPadded(7))
        }
      }
      emit(lines.joined(separator: "\n") + "\n")
    }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}

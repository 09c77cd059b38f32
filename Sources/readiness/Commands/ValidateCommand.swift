import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessImport
import ReadinessReport
import ReadinessScoring

/// `readiness validate --against FILE`: how far the framework's ranking agrees with an external
/// index read from any supported format (a workbook's sheet, a CSV, SDMX …).
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Compare the index's ranking with an external index: Spearman, Kendall, bootstrap 95 % intervals, largest differences.",
    discussion: """
      The external index is read with the importers (any supported format: --sheet and --header-row for a \
      workbook, --period for a table without a year) but never stored and never enters the score. --column \
      names its indicator (a column header of a country table, or an indicator code) when the file holds \
      several. Ranks are compared over the countries both rank; the intervals come from a percentile bootstrap \
      of countries (--runs, --seed). For the countries whose ranks differ most, the sub-pillars that drive the \
      difference are listed. Do not tune weights to an external index: agreement is a check, not a target.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case md, csv, json }

  @Option(help: "The external index (any supported format).") var against: String
  @Option(help: "Workbook: the sheet, by name or number.") var sheet: String?
  @Option(help: "Workbook: the header row, when detection is not enough.") var headerRow: Int?
  @Option(help: "The external indicator (column header or code) when the file holds several.") var column: String?
  @Option(help: "The external file's period, when it has none; or the period to compare when it has several.")
  var period: String?
  @Flag(help: "The external index ranks lower values first (e.g. a rank column).") var lowerIsBetter = false
  @Option(help: "How many of the largest differences to list.") var top: Int = 10
  @Option(help: "Bootstrap resamples for the 95 % intervals.") var runs: Int = 1000
  @Option(help: "Seed of the bootstrap.") var seed: UInt64 = 42
  @Option(help: "Output: md, csv (every common country) or json.") var format: Format = .md
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func run() throws {
    try ErrorHandling.run {
      let reference = try ReferenceData.bundled()
      var context = ImportContext(reference: reference, sdmx: SDMXOptions(period: period))
      context.sheet = SheetOptions(sheet: sheet, headerRow: headerRow)
      guard FileManager.default.fileExists(atPath: against) else {
        throw ReadinessError(.notFound, "no such file", at: SourceLocation(file: against))
      }
      var observations: [Observation] = []
      _ = try Importers.run(file: against, format: nil, context: context) { observation in
        if observation.areaKind == .country { observations.append(observation) }
      }
      let indicators = Set(observations.map(\.indicator))
      let chosen: String
      if let column {
        guard indicators.contains(column) else {
          throw ReadinessError(
            .notFound,
            "no indicator \"\(column)\" in the file; it holds: \(indicators.sorted().prefix(30).joined(separator: ", "))",
            at: SourceLocation(file: against))
        }
        chosen = column
      } else if indicators.count == 1, let only = indicators.first {
        chosen = only
      } else {
        throw ReadinessError(
          .unexpectedContent,
          "the file holds \(indicators.count) indicators; choose one with --column: \(indicators.sorted().prefix(30).joined(separator: ", "))",
          at: SourceLocation(file: against))
      }
      var external: [String: (period: String, value: Double)] = [:]
      for observation in observations where observation.indicator == chosen {
        if let period, observation.period != period { continue }
        if external[observation.country].map({ $0.period < observation.period }) ?? true {
          external[observation.country] = (observation.period, observation.value)
        }
      }
      let (framework, result) = try frameworkOptions.score(try workspaceOptions.openExisting())
      let agreement = RankAgreement.compute(
        result: result, external: external.mapValues(\.value), higherIsBetter: !lowerIsBetter,
        top: format == .csv ? Int.max : top, runs: runs, seed: seed)
      let name = { (iso3: String) in reference.country(iso3)?.name ?? iso3 }
      switch format {
      case .json:
        struct Output: Encodable {
          var framework: String
          var referenceYear: Int
          var external: String
          var indicator: String
          var agreement: RankAgreement
        }
        emit(
          try JSONRenderer.render(
            Output(
              framework: "\(framework.id) \(framework.version)", referenceYear: result.referenceYear,
              external: (against as NSString).lastPathComponent, indicator: chosen, agreement: agreement)))
      case .csv:
        var out = CSVWriter.row([
          "iso3", "name", "rank", "external_rank", "shift", "score", "external_value", "drivers",
        ])
        for row in agreement.differences {
          out += CSVWriter.row([
            row.iso3, name(row.iso3), ValidateCommand.number(row.rank), ValidateCommand.number(row.externalRank),
            ValidateCommand.number(row.shift), String(format: "%.2f", row.score), String(row.externalValue),
            row.drivers.map { "\($0.code) (rank \(ValidateCommand.number($0.rank)))" }.joined(separator: "; "),
          ])
        }
        emit(out)
      case .md:
        func statistic(_ value: Double?, _ interval: RankAgreement.Interval?) -> String {
          guard let value else { return "—" }
          let range = interval.map { String(format: " (95 %% interval %.2f to %.2f)", $0.lower, $0.upper) } ?? ""
          return String(format: "%.3f", value) + range
        }
        var lines = [
          "# Agreement with \((against as NSString).lastPathComponent) (\(chosen))", "",
          "Framework \(framework.name) \(framework.version) (\(framework.label)), reference year \(result.referenceYear).",
          "",
          "- countries ranked by both: \(agreement.n)",
          "- Spearman's rho: \(statistic(agreement.spearman, agreement.spearmanInterval))",
          "- Kendall's tau-b: \(statistic(agreement.kendall, agreement.kendallInterval))",
          "- bootstrap: \(agreement.bootstrapRuns) resamples of countries, seed \(agreement.seed)", "",
          "## Largest rank differences", "",
          "| country | our rank | their rank | shift | our score | their value | sub-pillars driving the difference |",
          "|---|---:|---:|---:|---:|---:|---|",
        ]
        for row in agreement.differences {
          lines.append(
            "| \(name(row.iso3)) (\(row.iso3)) | \(ValidateCommand.number(row.rank)) | \(ValidateCommand.number(row.externalRank)) | "
              + "\(row.shift > 0 ? "+" : "")\(ValidateCommand.number(row.shift)) | \(String(format: "%.1f", row.score)) | "
              + "\(row.externalValue) | "
              + row.drivers.map { "\($0.name) (rank \(ValidateCommand.number($0.rank)))" }.joined(separator: "; ")
              + " |")
        }
        lines += [
          "",
          "A positive shift: the framework ranks the country lower than the external index does. Ranks are among the",
          "countries both rank (ties share their mean rank).",
        ]
        emit(lines.joined(separator: "\n") + "\n")
      }
    }
  }

  static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare countries side by side: index, rank interval, dimensions and every indicator.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case html, md, csv }

  @Argument(help: "Two or more ISO 3166-1 alpha-3 codes (e.g. MYS IDN THA).") var countries: [String]
  @Option(
    help:
      "Output format: html, md or csv (one row per country and index, dimension or indicator, with values, units, years and sources)."
  )
  var format: Format = .html
  @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?
  @OptionGroup var profileOptions: ProfileOptionGroup
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if countries.count < 2 { throw ValidationError("give at least two countries to compare") }
  }

  func run() throws {
    try ErrorHandling.run {
      let builder = try ProfileSession.open(frameworkOptions, workspaceOptions, profileOptions)
      let profiles = try countries.map { code throws(ReadinessError) in try builder.profile(code) }
      let text: String
      switch format {
      case .html: text = try profileOptions.renderer().renderComparison(profiles)
      case .md: text = MarkdownRenderer.renderComparison(profiles)
      case .csv: text = ComparisonCSVRenderer.render(profiles)
      }
      if let output { try AtomicFile.write(text, to: output) } else { emit(text) }
    }
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct ProfileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "Write a country profile: dimension scores, rank, and every indicator with its source and licence.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

  @Argument(help: "Countries, as ISO 3166-1 alpha-3 codes (e.g. MYS).") var countries: [String]
  @Option(help: "Output format: md or json.") var format: Format = .md
  @Option(help: "Write <ISO3>.<format> files into this folder instead of standard output.") var output: String?
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func run() throws {
    try ErrorHandling.run {
      let (framework, result) = try frameworkOptions.score(try workspaceOptions.openExisting())
      let builder = ProfileBuilder(
        result: result, framework: framework, reference: try ReferenceData.bundled(), softwareVersion: Readiness.version)
      // Build every profile first, so a bad code writes nothing.
      let profiles = try countries.map { code throws(ReadinessError) in try builder.profile(code) }
      for profile in profiles {
        let text = format == .md ? MarkdownRenderer.render(profile) : try JSONRenderer.render(profile)
        if let output {
          let path = output + "/" + profile.header.iso3 + "." + format.rawValue
          try AtomicFile.write(text, to: path)
          ErrorHandling.printNote("wrote \(path)")
        } else {
          emit(text)
        }
      }
    }
  }
}

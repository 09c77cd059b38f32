import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct ProfileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "Write country profiles: scores with their uncertainty, peers, levers, partners and every source.",
    discussion: """
      Formats: html (one self-contained file, inline CSS and SVG), md, json (Reports/schema/profile.schema.json) \
      and csv (a folder <ISO3>/ with indicators.csv, scores.csv, peers.csv, levers.csv, partners.csv; needs --output).
      """)

  @Argument(help: "Countries, as ISO 3166-1 alpha-3 codes (e.g. MYS).") var countries: [String]
  @Option(help: "Output format: html, md, json or csv.") var format: ProfileFormat = .md
  @Option(help: "Write the files into this folder instead of standard output.") var output: String?
  @OptionGroup var profileOptions: ProfileOptionGroup
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if format == .csv && output == nil {
      throw ValidationError("--format csv writes a folder per country: give --output DIR")
    }
  }

  func run() throws {
    try ErrorHandling.run {
      let builder = try ProfileSession.open(frameworkOptions, workspaceOptions, profileOptions)
      let html = format == .html ? try profileOptions.renderer() : nil
      // Render everything first, so a bad code writes nothing.
      var files: [(String, String)] = []
      for code in countries { files += try format.files(try builder.profile(code), html: html) }
      for (name, text) in files {
        if let output {
          try AtomicFile.write(text, to: output + "/" + name)
        } else {
          emit(text)
        }
      }
      if let output { ErrorHandling.printNote("wrote \(files.count) file(s) to \(output)") }
    }
  }
}

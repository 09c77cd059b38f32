import ArgumentParser
import ReadinessCore

/// The `readiness` command: a thin layer over the library modules.
@main
struct Readiness: AsyncParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "readiness",
    abstract: "Score how ready a country is to use AI fairly, with evidence (RAM-aligned, unofficial).",
    discussion: """
      Import open data (World Bank, UN, OWID, tidy CSV) into a workspace, score it with a framework \
      organised by the five dimensions of UNESCO's Readiness Assessment Methodology, and write country \
      profiles in which every number names its source, year and licence. Start with `readiness demo`.
      """,
    version: version,
    subcommands: [
      ImportCommand.self, FetchCommand.self, ObservationsCommand.self, ScoreCommand.self, UncertaintyCommand.self, AuditCommand.self, ProfileCommand.self, BatchCommand.self, CompareCommand.self, ValidateCommand.self,
      DemoCommand.self, AssessCommand.self, ReportCommand.self,
    ]
  )
}

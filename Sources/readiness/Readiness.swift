import ArgumentParser
import Foundation
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

      Exit codes: 0 success; 64 usage; 65 bad input; 66 not found; 69 publisher error message; 70 workspace \
      database; 74 I/O; 78 invalid framework or configuration.
      """,
    version: version,
    subcommands: [
      ImportCommand.self, FetchCommand.self, ObservationsCommand.self, ScoreCommand.self, UncertaintyCommand.self,
      AuditCommand.self, ProfileCommand.self, BatchCommand.self, CompareCommand.self, ValidateCommand.self,
      DemoCommand.self, AssessCommand.self, ReportCommand.self, ServeCommand.self, UserCommand.self,
    ]
  )

  /// The entry point: a first argument that is not an option nor a command gets a "did you mean"
  /// (swift-argument-parser only says "Unexpected argument"), exit 64 like its other usage errors.
  static func main() async {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, let message = unknownCommandMessage(first) {
      FileHandle.standardError.write(Data(("readiness: error: " + message + "\n").utf8))
      Self.exit(withError: ExitCode(64))
    }
    await main(nil)
  }

  /// The message for a first argument that names no command, or `nil` when it is fine.
  static func unknownCommandMessage(_ word: String) -> String? {
    guard !word.hasPrefix("-") else { return nil }
    let names = configuration.subcommands.map { $0._commandName } + ["help"]
    guard !names.contains(word) else { return nil }
    let close = names.map { ($0, editDistance($0, word.lowercased())) }
      .filter { $0.1 <= ($0.0.count >= 5 ? 2 : 1) || (word.count >= 2 && $0.0.hasPrefix(word.lowercased())) }
      .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    let shown = escapingControlCharacters(word)
    return "unknown command '\(shown)'"
      + (close.isEmpty ? "" : "; did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?")
      + " (commands: \(names.filter { $0 != "help" }.joined(separator: ", ")); see readiness --help)"
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessImport
import ReadinessReport
import ReadinessScoring
import ReadinessStore

/// `readiness assess`: the national self-assessment dossier.
struct AssessCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assess",
    abstract: "The national self-assessment dossier (RAM-aligned, unofficial): blank templates.",
    discussion: "Fill the template, then `readiness import FILE` and `readiness report ISO3`.",
    subcommands: [AssessTemplateCommand.self])
}

/// `readiness assess template --country ISO3`: a blank dossier, pre-filled (`status: suggested`) where
/// open data already speaks.
struct AssessTemplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: "Print a blank dossier for a country, with answers suggested from open data where it speaks.",
    discussion: """
      Suggestions come from the workspace, or from the bundled snapshot when there is no workspace (or with \
      --snapshot). They are marked `status: suggested` and never count until a person confirms them.
      """)

  @Option(help: "The country, an ISO 3166-1 alpha-3 code (e.g. KEN).") var country: String
  @Option(help: "The assessment date written in the template (default: today), YYYY-MM-DD.") var asOf: String?
  @Flag(help: "Suggest from the bundled data snapshot instead of the workspace.") var snapshot = false
  @Option(help: "Write the template to this file instead of standard output.") var output: String?
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func run() throws {
    try ErrorHandling.run {
      let reference = try ReferenceData.bundled()
      guard case .country(let iso3) = reference.resolve(code: country) else {
        throw ReadinessError(.notFound, "\(country) is not an ISO 3166-1 alpha-3 code (expected e.g. KEN)")
      }
      let bank = try QuestionBank.bundled()
      let source = try DataSource.open(snapshot: snapshot, workspaceOptions, reference: reference)
      defer { source.close() }
      let indicators = bank.questions.compactMap(\.suggest?.indicator)
      let latest = try source.workspace.latestObservations(indicators: indicators).map(\.observation)
        .filter { $0.country == iso3 }
      var newest: [String: Observation] = [:]
      for observation in latest where (observation.year ?? 0) >= (newest[observation.indicator]?.year ?? Int.min) {
        newest[observation.indicator] = observation
      }
      let text = DossierTemplate.render(bank: bank, country: iso3, today: asOf ?? Dossier.today()) { indicator in
        guard let found = newest[indicator], let year = found.year else { return nil }
        let source = [found.source?.publisher, found.source?.dataset].compactMap { $0 }.joined(separator: ", ")
        return DossierTemplate.Value(value: found.value, year: year, source: source.isEmpty ? "open data" : source)
      }
      if let output {
        try AtomicFile.write(text, to: output)
        ErrorHandling.printNote("wrote \(output)")
      } else {
        emit(text)
      }
    }
  }
}

/// The observations a dossier's suggestions and report read: the workspace, or the bundled snapshot
/// imported into a temporary one.
struct DataSource {
  let workspace: Workspace
  let temporary: URL?

  static func open(snapshot: Bool, _ options: WorkspaceOptions, reference: ReferenceData) throws -> DataSource {
    if !snapshot && options.exists {
      return DataSource(workspace: try options.openExisting(), temporary: nil)
    }
    let root = try ProjectPaths.root()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "readiness-snapshot-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let workspace = try Workspace(path: folder.appendingPathComponent("snapshot.sqlite").path)
    let sources = try ImportContext.loadSourceTable(path: root + "/Indicators/snapshot/sources.csv")
    _ = try ImportRunner(workspace: workspace, context: ImportContext(reference: reference, sourceTable: sources))
      .importFile(root + "/Indicators/snapshot/observations.csv", format: .tidyCSV)
    return DataSource(workspace: workspace, temporary: folder)
  }

  func close() {
    if let temporary { try? FileManager.default.removeItem(at: temporary) }
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessImport
import ReadinessReport
import ReadinessScoring
import ReadinessStore

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Score the bundled data snapshot and write a profile per country.",
    discussion: """
      Imports Indicators/snapshot/observations.csv (with its sources.csv) into a temporary workspace, scores it with the default \
      framework, prints the ranking and writes <ISO3>.md and <ISO3>.json for every country, plus ranking.csv.
      """)

  @Option(help: "Folder for the profiles (default: Reports/demo).") var output: String?
  @Option(help: "Print only the first N rows of the ranking (default: all).") var top: Int?

  func validate() throws {
    if let top, top < 1 { throw ValidationError("--top must be at least 1") }
  }

  func run() throws {
    try ErrorHandling.run {
      let root = try ProjectPaths.root()
      let snapshot = root + "/Indicators/snapshot/observations.csv"
      let (framework, sha) = try FrameworkOptions.load(path: nil)
      let reference = try ReferenceData.bundled()
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-demo-\(UUID().uuidString)")
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let workspace = try Workspace(path: folder.appendingPathComponent("demo.sqlite").path)
      let sources = try ImportContext.loadSourceTable(path: root + "/Indicators/snapshot/sources.csv")
      let runner = ImportRunner(
        workspace: workspace, context: ImportContext(reference: reference, sourceTable: sources))
      let report = try runner.importFile(snapshot, format: .tidyCSV)
      ErrorHandling.printNote(ImportRunner.describe(report))
      let result = try Scoring.run(framework: framework, sha256: sha, workspace: workspace, year: nil)
      emit(ScoreTables.table(result, reference: reference, limit: top))

      let destination = output ?? (root + "/Reports/demo")
      let builder = ProfileBuilder(
        result: result, framework: framework, reference: reference, softwareVersion: Readiness.version)
      // Render everything before writing anything: no partial set of reports on error.
      var files: [(String, String)] = []
      for country in result.countries {
        let profile = try builder.profile(country.iso3)
        files.append((country.iso3 + ".md", MarkdownRenderer.render(profile)))
        files.append((country.iso3 + ".json", try JSONRenderer.render(profile)))
      }
      files.append(("ranking.csv", ScoreTables.csv(result, reference: reference)))
      for (name, text) in files { try AtomicFile.write(text, to: destination + "/" + name) }
      // Profiles of countries no longer in the result would be stale: remove them.
      let written = Set(files.map(\.0))
      let existing = (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []
      for name in existing where !written.contains(name)
        && name.range(of: #"^[A-Z]{3}\.(md|json)$"#, options: .regularExpression) != nil
      {
        try? FileManager.default.removeItem(atPath: destination + "/" + name)
      }
      ErrorHandling.printNote(
        "wrote \(result.countries.count) Markdown and JSON profiles and ranking.csv to \(destination) "
          + "(\(result.rankedCount) countries ranked; \(framework.label))")
    }
  }
}

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
      framework, prints the ranking and writes a profile per country (<ISO3>.html, .md, .json by default; csv bundles with \
      --format csv), index.html and ranking.csv.
      """)

  @Option(help: "Folder for the profiles (default: Reports/demo of the checkout; readiness-demo here when installed).")
  var output: String?
  @Option(help: "Print only the first N rows of the ranking (default: all).") var top: Int?
  @Option(help: "Profile formats, comma-separated: html, md, json, csv (default: html,md,json).") var format =
    "html,md,json"
  @OptionGroup var profileOptions: ProfileOptionGroup

  func validate() throws {
    if let top, top < 1 { throw ValidationError("--top must be at least 1") }
    _ = try ProfileFormat.list(format)
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
      let builder = try ProfileSession.builder(
        framework: framework, sha256: sha, workspace: workspace, year: nil, options: profileOptions,
        reference: reference)
      let result = builder.result
      emit(ScoreTables.table(result, reference: reference, limit: top))

      // An installation's share folder is not the user's to write in: its demo goes to ./readiness-demo.
      let destination = output ?? (ProjectPaths.isInstalled(root) ? "readiness-demo" : root + "/Reports/demo")
      let formats = try ProfileFormat.list(format)
      try BatchWriter.write(
        codes: result.countries.map(\.iso3), title: "All countries scored (bundled snapshot)", builder: builder,
        formats: formats, html: try profileOptions.renderer(), output: destination)
      // Profiles of countries no longer in the result would be stale: remove them.
      let kept = Set(result.countries.map(\.iso3))
      let existing = (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []
      for name in existing {
        guard let match = name.range(of: #"^[A-Z]{3}(\.(md|json|html))?$"#, options: .regularExpression) else {
          continue
        }
        let code = String(name[match].prefix(3))
        // Only what a demo writes: profiles of ISO codes, and folders holding a CSV bundle.
        guard reference.country(code) != nil else { continue }
        let isBundle = !name.contains(".")
        if isBundle && !FileManager.default.fileExists(atPath: destination + "/" + name + "/indicators.csv") {
          continue
        }
        let wanted = formats.map { $0 == .csv ? code : code + "." + $0.rawValue }
        if !kept.contains(code) || !wanted.contains(name) {
          try? FileManager.default.removeItem(atPath: destination + "/" + name)
        }
      }
      ErrorHandling.printNote(
        "\(result.rankedCount) countries ranked; \(framework.label); ranking.csv and index.html in \(destination)")
    }
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import ReadinessStore

/// `readiness report ISO3`: the RAM-style country report of a dossier.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write the RAM-style country report of a self-assessment dossier (RAM-aligned, unofficial).",
    discussion: """
      Summary, context, per RAM dimension the findings with their evidence, the policy and institutional \
      readiness score beside the open-data score (never blended), data gaps, a roadmap, and annexes (consultation, \
      evidence). The dossier is --dossier FILE or the country's current dossier in the workspace. Unless the \
      dossier is validated the report carries the watermark "DRAFT — not validated".
      """)

  @Argument(help: "The country, an ISO 3166-1 alpha-3 code.") var country: String
  @Option(help: "The dossier file (default: the country's current dossier in the workspace).") var dossier: String?
  @Option(help: "Output format: html, md or json.") var format: ReportFormat = .md
  @Option(help: "Write <ISO3>-report.<ext> into this folder instead of standard output.") var output: String?
  @Option(help: "The report date, YYYY-MM-DD (default: today): staleness is counted from it.") var asOf: String?
  @Option(help: "Answers older than this many months are marked stale.") var staleAfterMonths: Int = 24
  @Flag(
    help:
      "Use the bundled data snapshot for the open-data evidence instead of the workspace (also used when there is no workspace)."
  )
  var snapshot = false
  @Option(help: "The folder of Mustache templates for HTML (default: Reports/templates).") var templates: String?
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions

  enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case html, md, json }

  func validate() throws {
    if staleAfterMonths < 0 { throw ValidationError("--stale-after-months must be 0 or more") }
  }

  func run() throws {
    try ErrorHandling.run {
      let reference = try ReferenceData.bundled()
      guard case .country(let iso3) = reference.resolve(code: country) else {
        throw ReadinessError(.notFound, "\(country) is not an ISO 3166-1 alpha-3 code (expected e.g. KEN)")
      }
      let today = asOf ?? Dossier.today()
      let bank = try QuestionBank.bundled()
      let source = try DataSource.open(snapshot: snapshot, workspaceOptions, reference: reference)
      defer { source.close() }
      let loaded: Dossier
      if let dossier {
        loaded = try Dossier.load(path: dossier, bank: bank, reference: reference, today: today)
      } else if let stored = try source.workspace.currentDossier(country: iso3) {
        loaded = stored
      } else {
        throw ReadinessError(
          .notFound,
          "no dossier for \(iso3) in the workspace; import one (readiness import FILE) or pass --dossier FILE",
          at: SourceLocation(file: workspaceOptions.displayName))
      }
      guard loaded.country == iso3 else {
        throw ReadinessError(
          .unexpectedContent, "the dossier is for \(loaded.country), not \(iso3)", at: SourceLocation(file: loaded.file)
        )
      }
      let (framework, sha) = try frameworkOptions.load()
      let options = try ProfileOptionGroup.parse(["--uncertainty-runs", "0", "--trend-years", "1"])
      // A workspace without open data, or a country it cannot score, still gets its report, without the
      // quantitative evidence (the report then says the sub-dimensions are not measured).
      let builder = try? ProfileSession.builder(
        framework: framework, sha256: sha, workspace: source.workspace, year: frameworkOptions.year, options: options,
        reference: reference)
      let profile = try? builder?.profile(iso3)
      let report = AssessmentReportBuilder(
        bank: bank, library: try RecommendationLibrary.bundled(), profile: profile,
        countryName: reference.country(iso3)?.name ?? iso3, blocs: reference.blocs(of: iso3), asOf: today,
        staleAfterMonths: staleAfterMonths, softwareVersion: Readiness.version
      ).build(loaded)
      let text: String
      switch format {
      case .md: text = AssessmentRenderer.markdown(report)
      case .json: text = AssessmentRenderer.json(report)
      case .html:
        let renderer =
          try templates.map { path throws(ReadinessError) in try HTMLRenderer(templates: path) }
          ?? HTMLRenderer.bundled()
        guard renderer.rendersAssessments else {
          throw ReadinessError(
            .invalidConfiguration, "missing template assessment.html.mustache (copy it from Reports/templates)",
            at: SourceLocation(file: templates ?? "Reports/templates"))
        }
        text = renderer.render(report)
      }
      if let output {
        let path = output + "/\(iso3)-report.\(format.rawValue)"
        try AtomicFile.write(text, to: path)
        ErrorHandling.printNote("wrote \(path)")
      } else {
        emit(text)
      }
    }
  }
}

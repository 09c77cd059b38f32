import Foundation
@_spi(RowStorage) import ReadinessCore
@_spi(RowStorage) import ReadinessImport
import ReadinessReport
import ReadinessScoring
@_spi(RowStorage) import ReadinessStore

/// What `readiness serve` shows: a workspace scored once with a framework, and everything a profile,
/// a comparison, a what-if and a dossier need. Built once at start; live answers are overlaid per
/// request (see ``ReadinessSite``).
public struct ServerDataset: Sendable {
  public let workspace: Workspace
  public let framework: Framework
  public let frameworkSHA256: String?
  public let reference: ReferenceData
  public let bank: QuestionBank
  public let library: RecommendationLibrary
  /// The builder of every profile, with the imported dossiers.
  public let builder: ProfileBuilder
  /// The framework's observations, for what-if scoring.
  let observations: [Observation]
  /// A description of what is served, for the pages' footers and the start message.
  public let title: String
  public let softwareVersion: String

  public var result: ScoreResult { builder.result }

  /// Settings of the scoring behind the pages.
  public struct Settings: Sendable {
    /// Monte Carlo runs behind the rank intervals (0 = none).
    public var uncertaintyRuns = 200
    public var seed: UInt64 = 1
    /// Reference years in the trend section (1 = no trends).
    public var trendYears = 5
    public var year: Int?

    public init() {}
  }

  /// Scores `workspace` with `framework` (the default framework when nil).
  ///
  /// - Throws: ``ReadinessError`` when the workspace holds no data for the framework, or a file
  ///   of the bundle cannot be read.
  public static func load(
    workspace: Workspace, framework path: String? = nil, settings: Settings = Settings(), title: String,
    softwareVersion: String
  ) throws(ReadinessError) -> ServerDataset {
    let frameworkPath: String
    if let path {
      frameworkPath = path
    } else {
      frameworkPath = try ProjectPaths.indicators() + "/frameworks/ram-digital-divide.yaml"
    }
    let framework = try Framework.load(path: frameworkPath)
    let sha = try AtomicFile.sha256(path: frameworkPath)
    let reference = try ReferenceData.bundled()
    let observations = try workspace.latestObservations(indicators: framework.requiredSeries.sorted()).map(
      \.observation)
    let scorer = Scorer(framework: framework, frameworkSHA256: sha)
    let result = scorer.score(try scorer.prepare(observations: observations, referenceYear: settings.year))
    var options = ProfileOptions()
    let (bank, _, library) = try options.load(
      from: workspace, framework: framework, scorer: scorer, observations: observations, result: result,
      trendYears: settings.trendYears, uncertaintyRuns: settings.uncertaintyRuns, seed: settings.seed)
    let builder = ProfileBuilder(
      result: result, framework: framework, reference: reference, softwareVersion: softwareVersion, options: options)
    return ServerDataset(
      workspace: workspace, framework: framework, frameworkSHA256: sha, reference: reference, bank: bank,
      library: library, builder: builder, observations: observations, title: title, softwareVersion: softwareVersion)
  }

  /// Imports the bundled snapshot (`Indicators/snapshot/`) into a new workspace at `path`, the way
  /// `readiness demo` does (the tidy importer with the snapshot's sources table).
  public static func importSnapshot(into path: String) throws(ReadinessError) -> Workspace {
    let root = try ProjectPaths.root()
    let snapshot = root + "/Indicators/snapshot/observations.csv"
    let workspace = try Workspace(path: path)
    let context = ImportContext(
      reference: try ReferenceData.bundled(),
      sourceTable: try ImportContext.loadSourceTable(path: root + "/Indicators/snapshot/sources.csv"))
    do {
      let sha = try AtomicFile.sha256(path: snapshot)
      _ = try workspace.importFile(file: snapshot, sha256: sha, format: ImportFormat.tidyCSV.rawValue) { writer in
        try Importers.run(
          file: snapshot, format: .tidyCSV, context: context,
          sink: ObservationSink(
            observation: { (observation: consuming Observation) in try writer.write(observation) },
            row: { row in try writer.write(row) }))
      }
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.database, "cannot import the bundled snapshot: \(error)", at: SourceLocation(file: path))
    }
    return workspace
  }

  /// The profile builder with a country's dossier replaced (live answers overlaid).
  func builder(withDossier dossier: Dossier?, for iso3: String) -> ProfileBuilder {
    var options = builder.options
    options.dossiers[iso3] = dossier
    return ProfileBuilder(
      result: builder.result, framework: framework, reference: reference, softwareVersion: softwareVersion,
      options: options)
  }

  /// The score and rank of `iso3` with some of its indicator values replaced (raw values, as
  /// stored), everything else as served: the what-if of a profile page.
  func whatIf(_ iso3: String, values: [String: Double]) throws(ReadinessError) -> ScoreResult {
    var changed = observations
    let year = String(result.referenceYear)
    for (code, value) in values.sorted(by: { $0.key < $1.key }) {
      var observation = Observation(
        country: iso3, areaKind: .country, indicator: code, period: year, value: value,
        position: .text("what-if value"))
      observation.unit = observations.last { $0.indicator == code }?.unit
      changed.append(observation)
    }
    let scorer = Scorer(framework: framework, frameworkSHA256: frameworkSHA256)
    return try scorer.score(observations: changed, referenceYear: result.referenceYear)
  }
}

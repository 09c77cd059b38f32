import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessImport
import ReadinessReport
import ReadinessScoring
import ReadinessServer
import ReadinessStore

/// Options shared by `profile`, `batch`, `compare` and `demo`: peers, uncertainty, trends, templates.
struct ProfileOptionGroup: ParsableArguments {
  @Option(
    help: """
      Peer groups, comma-separated, the first is primary (strengths, weaknesses, levers): income, region, \
      subregion, neighbours, blocs, bloc:NAME, similar[:K], group:NAME, all (default: income,region,neighbours,blocs,similar).
      """)
  var peers: String?

  @Option(
    name: .customLong("peer-group"),
    help: "A CSV file of your own peer groups (columns group,iso3); use them as group:NAME.")
  var peerGroups: [String] = []

  @Option(help: "Monte Carlo runs behind the rank interval (weights ±25%, arithmetic or geometric); 0 = none.")
  var uncertaintyRuns: Int = 1000

  @Option(help: "Seed of the Monte Carlo runs.") var seed: UInt64 = 1

  @Option(help: "Reference years in the trend section, counting back from the scored year (1 = no trends).")
  var trendYears: Int = 5

  @Option(help: "The folder of Mustache templates for HTML (default: Reports/templates).") var templates: String?

  func validate() throws {
    if uncertaintyRuns < 0 { throw ValidationError("--uncertainty-runs must be 0 or more") }
    if trendYears < 1 { throw ValidationError("--trend-years must be at least 1") }
  }

  func renderer() throws -> HTMLRenderer {
    if let templates { return try HTMLRenderer(templates: templates) }
    return try HTMLRenderer.bundled()
  }
}

/// Scores a workspace and prepares everything a profile shows.
enum ProfileSession {
  /// The builder for the command-line options: the framework scored over the existing workspace.
  static func open(
    _ framework: FrameworkOptions, _ workspace: WorkspaceOptions, _ options: ProfileOptionGroup
  ) throws -> ProfileBuilder {
    let (loaded, sha) = try framework.load()
    return try builder(
      framework: loaded, sha256: sha, workspace: try workspace.openExisting(), year: framework.year, options: options,
      reference: try ReferenceData.bundled(), warn: true)
  }

  static func builder(
    framework: Framework, sha256: String?, workspace: Workspace, year: Int?, options: ProfileOptionGroup,
    reference: ReferenceData, warn: Bool = false
  ) throws -> ProfileBuilder {
    let observations = try workspace.latestObservations(indicators: framework.requiredSeries.sorted()).map(
      \.observation)
    let scorer = Scorer(framework: framework, frameworkSHA256: sha256)
    let prepared = try scorer.prepare(observations: observations, referenceYear: year)
    let result = scorer.score(prepared)
    if warn {
      ScoringNotices.print(
        framework: framework, yearGiven: year, observations: observations, referenceYear: result.referenceYear)
    }
    var settings = ProfileOptions()
    if let peers = options.peers {
      settings.peers = peers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
        !$0.isEmpty
      }
    }
    for path in options.peerGroups {
      for (name, members) in try PeerGroupFile.load(path: path, reference: reference) {
        settings.userGroups[name] = members
      }
    }
    try settings.load(
      from: workspace, framework: framework, scorer: scorer, observations: observations, result: result,
      trendYears: options.trendYears, uncertaintyRuns: options.uncertaintyRuns, seed: options.seed)
    return ProfileBuilder(
      result: result, framework: framework, reference: reference, softwareVersion: Readiness.version, options: settings)
  }
}

/// The output formats of profiles.
enum ProfileFormat: String, ExpressibleByArgument, CaseIterable {
  case html, md, json, csv

  /// The files of one profile: `<ISO3>.<ext>`, or `<ISO3>/…csv` for the CSV bundle.
  func files(_ profile: CountryProfile, html: HTMLRenderer?) throws -> [(String, String)] {
    let iso3 = profile.header.iso3
    switch self {
    case .html: return [(iso3 + ".html", html?.render(profile) ?? "")]
    case .md: return [(iso3 + ".md", MarkdownRenderer.render(profile))]
    case .json: return [(iso3 + ".json", try JSONRenderer.render(profile))]
    case .csv: return CSVBundleRenderer.files(profile).map { (iso3 + "/" + $0.name, $0.text) }
    }
  }

  /// Parses `html,md`.
  static func list(_ text: String) throws -> [ProfileFormat] {
    try text.split(separator: ",").map { part in
      guard let format = ProfileFormat(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("unknown format \"\(part)\" (expected html, md, json, csv, comma-separated)")
      }
      return format
    }
  }
}

/// A one-line progress bar on stderr, shown only when stderr is a terminal.
struct ProgressLine {
  let total: Int
  let label: String
  let enabled = isatty(2) == 1

  func update(_ done: Int) {
    guard enabled, total > 0 else { return }
    let width = 30
    let filled = width * done / total
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
  }

  /// Counts finished items from several threads and shows each count.
  final class Counter: @unchecked Sendable {  // unchecked: `done` is only touched under `lock`
    private let progress: ProgressLine
    private let lock = NSLock()
    private var done = 0

    init(_ progress: ProgressLine) { self.progress = progress }

    func advance() {
      lock.lock()
      defer { lock.unlock() }
      done += 1
      progress.update(done)
    }
  }
}

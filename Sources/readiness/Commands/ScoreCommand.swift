import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import ReadinessStore

struct ScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Score every country in the workspace with a framework (RAM-aligned, unofficial).",
    discussion: """
      With --coin-data and --coin-meta, builds an index brought in COINr's format (iData and iMeta CSV) with a \
      pipeline (--pipeline FILE, YAML: denominate, impute, screen, treat, normalise, aggregate) instead; the \
      csv output is one row per unit: unit, each aggregate's score (top level first), then <code>.rank columns.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

  @OptionGroup var frameworkOptions: FrameworkOptions
  @Option(help: "Output format: table, csv or json.") var format: Format = .table
  @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?
  @OptionGroup var coin: CoinOptions
  @Flag(help: "COINr iData with a Time column: build every period (csv rows per unit and period).") var panel = false
  @Flag(help: "With --panel: min-max bounds shared across periods, so scores compare across years.")
  var globalNormalisation = false
  @Option(help: "With --panel: write each aggregate's change and CAGR per unit to this CSV file.") var trends: String?
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if (globalNormalisation || trends != nil) && !panel {
      throw ValidationError("--global-normalisation and --trends need --panel")
    }
  }

  func run() throws {
    if let coinData = coin.coinData, let coinMeta = coin.coinMeta, panel {
      try ErrorHandling.run {
        let inputs = try CoinInput.loadPanel(dataPath: coinData, metaPath: coinMeta)
        let steps = try coin.loadPipeline()
        let result = try CoinPanel.run(inputs, steps, global: globalNormalisation)
        for line in result.log { ErrorHandling.printNote(line) }
        let text = CoinTables.panelCSV(result)
        if let trends { try AtomicFile.write(CoinTables.trendsCSV(result), to: trends) }
        if let output { try AtomicFile.write(text, to: output) } else { emit(text) }
      }
      return
    }
    if coin.given {
      try ErrorHandling.run {
        let input = try coin.loadInput()
        let steps = try coin.loadPipeline()
        let result = try CoinEngine.run(input, steps)
        for line in result.log { ErrorHandling.printNote(line) }
        let text: String
        switch format {
        case .csv: text = CoinTables.csv(result)
        case .table: text = CoinTables.table(result)
        case .json: text = try JSONRenderer.render(CoinTables.Output(result))
        }
        if let output { try AtomicFile.write(text, to: output) } else { emit(text) }
      }
      return
    }
    try ErrorHandling.run {
      let (_, result) = try frameworkOptions.score(try workspaceOptions.openExisting())
      let reference = try ReferenceData.bundled()
      let text: String
      switch format {
      case .table: text = ScoreTables.table(result, reference: reference)
      case .csv: text = ScoreTables.csv(result, reference: reference)
      case .json: text = try JSONRenderer.render(result)
      }
      if let output { try AtomicFile.write(text, to: output) } else { emit(text) }
    }
  }
}

/// Loads observations for a framework from a workspace and scores them.
enum Scoring {
  static func run(framework: Framework, sha256: String?, workspace: Workspace, year: Int?) throws -> ScoreResult {
    let stored = try workspace.latestObservations(indicators: framework.requiredSeries.sorted())
    let scorer = Scorer(framework: framework, frameworkSHA256: sha256)
    let observations = stored.map(\.observation)
    let result = try scorer.score(observations: observations, referenceYear: year)
    ScoringNotices.print(
      framework: framework, yearGiven: year, observations: observations, referenceYear: result.referenceYear)
    return result
  }
}

/// The ranking as a text table and as CSV.
enum ScoreTables {
  static func csv(_ result: ScoreResult, reference: ReferenceData) -> String {
    let dimensionCodes = result.countries.first?.dimensions.map(\.code) ?? []
    var header = ["rank", "iso3", "name", "index", "band"]
    for code in dimensionCodes { header += [code, "\(code).rank"] }
    header += ["dimensions_scored", "indicators_with_data", "indicators_total"]
    var out = CSVWriter.row(header)
    for country in result.countries {
      var row = [
        country.index.rank.map(String.init) ?? "", country.iso3, reference.country(country.iso3)?.name ?? country.iso3,
        country.index.score.map { String(format: "%.4f", $0) } ?? "", country.index.band ?? "",
      ]
      for dimension in country.dimensions {
        row += [dimension.score.map { String(format: "%.4f", $0) } ?? "", dimension.rank.map(String.init) ?? ""]
      }
      row += [
        String(country.dimensions.filter { $0.score != nil }.count),
        String(country.indicators.filter { $0.score != nil }.count), String(country.indicators.count),
      ]
      out += CSVWriter.row(row)
    }
    return out
  }

  static func table(_ result: ScoreResult, reference: ReferenceData, limit: Int? = nil) -> String {
    let dimensionCodes = result.countries.first?.dimensions.map(\.code) ?? []
    var lines: [String] = []
    lines.append(
      "\(result.framework.name) v\(result.framework.version) — \(result.framework.label)")
    lines.append(
      "Reference year \(result.referenceYear) (values \(result.windowStart)–\(result.referenceYear)); "
        + "\(result.rankedCount) of \(result.countries.count) countries ranked")
    lines.append("")
    func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
      let count = text.count
      if count >= width { return String(text.prefix(width)) }
      let space = String(repeating: " ", count: width - count)
      return right ? space + text : text + space
    }
    var header =
      pad("rank", 5, right: true) + "  " + pad("iso3", 4) + "  " + pad("country", 28) + pad("index", 7, right: true)
    header += "  " + pad("band", 13)
    for code in dimensionCodes { header += pad(code, 6, right: true) }
    lines.append(header)
    let rows = limit.map { Array(result.countries.prefix($0)) } ?? result.countries
    for country in rows {
      var line = pad(country.index.rank.map(String.init) ?? "—", 5, right: true) + "  " + pad(country.iso3, 4) + "  "
      line += pad(reference.country(country.iso3)?.name ?? country.iso3, 28)
      line += pad(country.index.score.map { String(format: "%.1f", $0) } ?? "n/a", 7, right: true)
      line += "  " + pad(country.index.band ?? "insufficient", 13)
      for dimension in country.dimensions {
        line += pad(dimension.score.map { String(format: "%.1f", $0) } ?? "—", 6, right: true)
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Outputs of a COINr-format build.
enum CoinTables {
  struct Output: Encodable {
    var units: [String]
    var scores: [String: [Double?]]
    var ranks: [String: [Int?]]
    /// The default bands (0–50 Limited, 50–75 Satisfactory, 75–95 Advanced, 95–100 Target met) of
    /// every aggregate's score, for indices on a 0–100 scale.
    var bands: [String: [String?]]
    /// Each node's weight within its parent, and its effective weight in the index.
    var weights: [String: Double]
    var effectiveWeights: [String: Double]
    var log: [String]
    init(_ result: CoinEngine.Result) {
      units = result.units
      weights = result.weights
      effectiveWeights = result.effectiveWeights
      let aggregated = result.tables["aggregated"] ?? [:]
      scores = Dictionary(uniqueKeysWithValues: result.aggregates.map { ($0, aggregated[$0] ?? []) })
      let rules = ScoringRules()
      bands = scores.mapValues { column in column.map { $0.flatMap { rules.band(for: $0) } } }
      ranks = result.ranks
      log = result.log
    }
  }

  static func csv(_ result: CoinEngine.Result) -> String {
    let aggregated = result.tables["aggregated"] ?? [:]
    var out = CSVWriter.row(["unit"] + result.aggregates + result.aggregates.map { $0 + ".rank" })
    for (index, unit) in result.units.enumerated() {
      let scores = result.aggregates.map { code in aggregated[code]?[index].map(CSVWriter.fixed6) ?? "" }
      let ranks = result.aggregates.map { code in result.ranks[code]?[index].map(String.init) ?? "" }
      out += CSVWriter.row([unit] + scores + ranks)
    }
    return out
  }

  static func panelCSV(_ result: CoinPanel.Result) -> String {
    guard let first = result.periods.first, let aggregates = result.byPeriod[first]?.aggregates else { return "" }
    var out = CSVWriter.row(["unit", "time"] + aggregates + aggregates.map { $0 + ".rank" })
    for period in result.periods {
      guard let run = result.byPeriod[period] else { continue }
      let aggregated = run.tables["aggregated"] ?? [:]
      for (index, unit) in run.units.enumerated() {
        let scores = aggregates.map { code in aggregated[code]?[index].map(CSVWriter.fixed6) ?? "" }
        let ranks = aggregates.map { code in run.ranks[code]?[index].map(String.init) ?? "" }
        out += CSVWriter.row([unit, period] + scores + ranks)
      }
    }
    return out
  }

  static func trendsCSV(_ result: CoinPanel.Result) -> String {
    var out = CSVWriter.row(["unit", "aggregate", "first_period", "last_period", "first", "last", "change", "cagr"])
    for t in result.trends {
      out += CSVWriter.row([
        t.unit, t.aggregate, t.firstPeriod, t.lastPeriod, String(format: "%.6f", t.first),
        String(format: "%.6f", t.last),
        String(format: "%.6f", t.change), t.cagr.map { String(format: "%.6f", $0) } ?? "",
      ])
    }
    return out
  }

  static func table(_ result: CoinEngine.Result) -> String {
    let aggregated = result.tables["aggregated"] ?? [:]
    guard let top = result.aggregates.first else { return "" }
    let order = result.units.indices.sorted {
      (result.ranks[top]?[$0] ?? Int.max) < (result.ranks[top]?[$1] ?? Int.max)
    }
    let shown = Array(result.aggregates.prefix(8))
    var lines = ["rank  unit  " + shown.map { $0.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined()]
    for index in order {
      let rank = result.ranks[top]?[index].map(String.init) ?? "—"
      var line =
        rank.padding(toLength: 6, withPad: " ", startingAt: 0)
        + result.units[index].padding(toLength: 6, withPad: " ", startingAt: 0)
      for code in shown {
        line += (aggregated[code]?[index].map { String(format: "%.2f", $0) } ?? "—").padding(
          toLength: 10, withPad: " ", startingAt: 0)
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct UncertaintyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uncertainty",
    abstract: "Uncertainty and sensitivity of an index: score and rank intervals per unit, or Sobol indices.",
    discussion: """
      Each run draws the uncertain assumptions of --spec (YAML: runs, seed, weights.noise, normalise and \
      aggregate alternatives, impute on/off, winmax values), rebuilds the index and records every unit's score \
      and rank; the output gives per unit the nominal, mean, median, 5th and 95th percentile of both. Runs are \
      deterministic for a given --seed and spread over all cores. --method sobol runs a Saltelli design instead \
      and gives each varying assumption's first-order and total Sobol index (with bootstrap intervals) for the \
      mean absolute rank change of the index. With --coin-data/--coin-meta it analyses a COINr-format index; \
      without them, the framework's scores of the workspace (--framework, --year, --workspace), where weight \
      noise and arithmetic/geometric aggregation apply (default spec: weights ±25 %, both aggregations).
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }
  enum Method: String, ExpressibleByArgument, CaseIterable { case montecarlo, sobol }

  @Option(
    help: "montecarlo (score and rank intervals per unit) or sobol (first-order and total indices per assumption).")
  var method: Method = .montecarlo
  @Option(help: "Sobol: base samples (builds = samples × (factors + 2)).") var samples = 500
  @Option(help: "Sobol: bootstrap resamples for the intervals.") var bootstrap = 500
  @Option(help: "Number of runs (default: the spec's, else 1000).") var runs: Int?
  @Option(help: "Random seed (default: the spec's, else 1).") var seed: UInt64?
  @OptionGroup var coin: CoinOptions
  @Option(help: "The uncertain assumptions (YAML).") var spec: String?
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions
  @Option(help: "Output format: table, csv or json.") var format: Format = .table
  @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?

  func validate() throws {
    if coin.given && (frameworkOptions.framework != nil || frameworkOptions.year != nil) {
      throw ValidationError("--framework and --year apply to the workspace path, not to --coin-data")
    }
    if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
  }

  func run() throws {
    if !coin.given {
      // The YAML framework over the workspace: weight noise and arithmetic/geometric aggregation.
      try ErrorHandling.run {
        let (framework, _) = try frameworkOptions.load()
        let assumptions =
          try spec.map { path throws(ReadinessError) in try CoinUncertainty.Spec.load(path: path) }
          ?? CoinUncertainty.Spec(weights: .init(noise: 0.25), aggregate: ["arithmetic", "geometric"])
        if assumptions.normalise != nil || assumptions.impute != nil || assumptions.winmax != nil {
          ErrorHandling.printNote(
            "note: normalise, impute and winmax do not apply to a framework's goalpost scores; ignored")
        }
        let stored = try workspaceOptions.openExisting().latestObservations(
          indicators: framework.requiredSeries.sorted())
        let scored = try Scorer(framework: framework).score(
          observations: stored.map(\.observation), referenceYear: frameworkOptions.year)
        ScoringNotices.print(
          framework: framework, yearGiven: frameworkOptions.year, observations: stored.map(\.observation),
          referenceYear: scored.referenceYear)
        if method == .sobol {
          try writeSobol(
            try FrameworkSensitivity(framework: framework, result: scored, spec: assumptions).run(
              samples: samples, seed: seed ?? assumptions.seed ?? 1, bootstrap: bootstrap))
          return
        }
        let result = try FrameworkUncertainty(
          framework: framework, observations: stored.map(\.observation), referenceYear: frameworkOptions.year,
          spec: assumptions
        ).run(runs: runs, seed: seed)
        ErrorHandling.printNote(
          "\(result.runs) runs (seed \(result.seed)); intervals of the overall score (\(framework.label)), "
            + "reference year \(scored.referenceYear)")
        try write(result)
      }
      return
    }
    try ErrorHandling.run {
      let input = try coin.loadInput()
      let nominal = try coin.loadPipeline()
      let assumptions =
        try spec.map { path throws(ReadinessError) in try CoinUncertainty.Spec.load(path: path) }
        ?? CoinUncertainty.Spec()
      let analysis = CoinUncertainty(input: input, pipeline: nominal, spec: assumptions)
      if method == .sobol {
        let result = try CoinSensitivity(analysis: analysis).run(
          samples: samples, seed: seed ?? assumptions.seed ?? 1, bootstrap: bootstrap)
        try writeSobol(result)
        return
      }
      let result = try analysis.run(runs: runs, seed: seed)
      ErrorHandling.printNote(
        "\(result.runs) runs (seed \(result.seed)), \(result.failedRuns) failed; intervals of \(result.aggregate)")
      for reason in result.failureReasons {
        ErrorHandling.printNote(
          "  \(reason.runs) failed with \(reason.assumptions): \(reason.firstError) (first: run \(reason.firstRun))")
      }
      try write(result)
    }
  }

  /// Writes a Sobol result in the chosen format.
  func writeSobol(_ result: CoinSensitivity.Result) throws {
    ErrorHandling.printNote(
      "\(result.builds) builds (\(result.samples) samples, seed \(result.seed)), \(result.failedBuilds) failed; "
        + "output: mean absolute rank change of the index, variance \(String(format: "%.3f", result.variance))")
    let text: String
    switch format {
    case .json: text = try JSONRenderer.render(result)
    case .csv:
      var out = CSVWriter.row(["factor", "first", "first_p5", "first_p95", "total", "total_p5", "total_p95"])
      for f in result.factors {
        out += CSVWriter.row(
          [f.name]
            + [f.first, f.firstLow, f.firstHigh, f.total, f.totalLow, f.totalHigh].map { String(format: "%.4f", $0) })
      }
      text = out
    case .table:
      var lines = ["factor       first-order (5–95%)        total (5–95%)"]
      for f in result.factors {
        lines.append(
          f.name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(
              format: "%6.3f (%6.3f – %6.3f)   %6.3f (%6.3f – %6.3f)", f.first, f.firstLow, f.firstHigh, f.total,
              f.totalLow, f.totalHigh))
      }
      text = lines.joined(separator: "\n") + "\n"
    }
    if let output { try AtomicFile.write(text, to: output) } else { emit(text) }
  }

  /// Writes a Monte Carlo result in the chosen format.
  func write(_ result: CoinUncertainty.Result) throws {
    func f(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
    let text: String
    switch format {
    case .json:
      text = try JSONRenderer.render(result)
    case .csv:
      var out = CSVWriter.row([
        "unit", "nominal_score", "nominal_rank", "mean_score", "median_score", "p5_score", "p95_score", "mean_rank",
        "median_rank", "p5_rank", "p95_rank",
      ])
      for u in result.units {
        out += CSVWriter.row([
          u.unit, f(u.nominalScore), u.nominalRank.map(String.init) ?? "", f(u.meanScore), f(u.medianScore),
          f(u.p5Score), f(u.p95Score), f(u.meanRank), f(u.medianRank), f(u.p5Rank), f(u.p95Rank),
        ])
      }
      text = out
    case .table:
      var lines = ["unit  nominal  rank  score 5–95%        rank 5–95%"]
      for u in result.units.sorted(by: { ($0.nominalRank ?? .max) < ($1.nominalRank ?? .max) }) {
        lines.append(
          u.unit.padding(toLength: 6, withPad: " ", startingAt: 0)
            + (u.nominalScore.map { String(format: "%7.2f", $0) } ?? "      —") + "  "
            + (u.nominalRank.map { String(format: "%4d", $0) } ?? "   —") + "  "
            + String(format: "%6.2f – %6.2f", u.p5Score ?? .nan, u.p95Score ?? .nan) + "   "
            + String(format: "%5.1f – %5.1f", u.p5Rank ?? .nan, u.p95Rank ?? .nan))
      }
      text = lines.joined(separator: "\n") + "\n"
    }
    if let output { try AtomicFile.write(text, to: output) } else { emit(text) }
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct UncertaintyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uncertainty",
    abstract: "Monte Carlo uncertainty of an index: score and rank intervals per unit.",
    discussion: """
      Each run draws the uncertain assumptions of --spec (YAML: runs, seed, weights.noise, normalise and \
      aggregate alternatives, impute on/off, winmax values), rebuilds the index and records every unit's score \
      and rank; the output gives per unit the nominal, mean, median, 5th and 95th percentile of both. Runs are \
      deterministic for a given --seed and spread over all cores. Works on COINr-format indices \
      (--coin-data/--coin-meta); the YAML-framework path is not built yet.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

  @Option(help: "Number of runs (default: the spec's, else 1000).") var runs: Int?
  @Option(help: "Random seed (default: the spec's, else 1).") var seed: UInt64?
  @Option(help: "COINr iData CSV.") var coinData: String?
  @Option(help: "COINr iMeta CSV.") var coinMeta: String?
  @Option(help: "The nominal pipeline YAML.") var pipeline: String?
  @Option(help: "The uncertain assumptions (YAML).") var spec: String?
  @Option(help: "A YAML framework (not supported yet for uncertainty).") var framework: String?
  @Option(help: "Output format: table, csv or json.") var format: Format = .table
  @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?

  func validate() throws {
    if framework != nil || coinData == nil || coinMeta == nil {
      throw ValidationError(
        "uncertainty currently works on COINr-format indices: give --coin-data and --coin-meta (the YAML-framework path is not built yet)")
    }
    if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
  }

  func run() throws {
    try ErrorHandling.run {
      guard let coinData, let coinMeta else { return }
      let input = try CoinInput.load(dataPath: coinData, metaPath: coinMeta)
      let nominal = try pipeline.map { path throws(ReadinessError) in try CoinPipeline.load(path: path) } ?? CoinPipeline()
      let assumptions = try spec.map { path throws(ReadinessError) in try CoinUncertainty.Spec.load(path: path) }
        ?? CoinUncertainty.Spec()
      let result = try CoinUncertainty(input: input, pipeline: nominal, spec: assumptions).run(runs: runs, seed: seed)
      ErrorHandling.printNote(
        "\(result.runs) runs (seed \(result.seed)), \(result.failedRuns) failed; intervals of \(result.aggregate)")
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
}

import ArgumentParser
import ReadinessCore
import ReadinessScoring

/// `--coin-data`, `--coin-meta` and `--pipeline`: an index in COINr's format and how to build it.
struct CoinOptions: ParsableArguments {
  @Option(help: "COINr iData CSV (one row per unit).") var coinData: String?
  @Option(help: "COINr iMeta CSV (the index tree).") var coinMeta: String?
  @Option(help: "Pipeline YAML (default: min-max 0–100, arithmetic means).") var pipeline: String?

  var given: Bool { coinData != nil && coinMeta != nil }

  func validate() throws {
    if (coinData == nil) != (coinMeta == nil) { throw ValidationError("--coin-data and --coin-meta go together") }
    if pipeline != nil && coinData == nil { throw ValidationError("--pipeline applies to --coin-data/--coin-meta") }
  }

  /// The pipeline file, or the default pipeline.
  func loadPipeline() throws(ReadinessError) -> CoinPipeline {
    guard let pipeline else { return CoinPipeline() }
    return try CoinPipeline.load(path: pipeline)
  }

  /// The single-period input.
  func loadInput() throws(ReadinessError) -> CoinInput {
    try CoinInput.load(dataPath: coinData ?? "", metaPath: coinMeta ?? "")
  }
}

import ReadinessCore
import ReadinessImport
import ReadinessReport
import ReadinessScoring
import ReadinessStore

extension ProfileOptions {
  /// Fills in what a workspace gives every profile — the same for `profile`, `batch`, `compare`,
  /// `demo` and `serve`, so that a served profile is the one the command line writes: trends over
  /// `trendYears` reference years, the Monte Carlo rank interval (`uncertaintyRuns`, weights ±25 %,
  /// arithmetic or geometric aggregation), the divide lens's and the question bank's series, the
  /// current dossiers, the external indices imported with `--role benchmark`, the recommendation
  /// library and the imported files' digests. Peers are the caller's.
  ///
  /// - Returns: the question bank, lens and library it loaded (the server keeps them).
  @discardableResult
  public mutating func load(
    from workspace: Workspace, framework: Framework, scorer: Scorer, observations: [Observation],
    result: ScoreResult, trendYears: Int, uncertaintyRuns: Int, seed: UInt64
  ) throws(ReadinessError) -> (bank: QuestionBank, lens: DivideLens, library: RecommendationLibrary) {
    if trendYears > 1 {
      for back in (1..<trendYears).reversed() {
        // A year with no data for the framework simply has no point in the trend.
        if let earlier = try? scorer.score(observations: observations, referenceYear: result.referenceYear - back) {
          history.append(earlier)
        }
      }
    }
    if uncertaintyRuns > 0 {
      let spec = CoinUncertainty.Spec(weights: .init(noise: 0.25), aggregate: ["arithmetic", "geometric"])
      uncertainty = try FrameworkUncertainty(
        framework: framework, observations: observations, referenceYear: result.referenceYear, spec: spec
      ).run(runs: uncertaintyRuns, seed: seed)
      uncertaintyAssumptions = [
        "every weight (indicator, sub-pillar, dimension) multiplied by a uniform factor in 0.75–1.25",
        "aggregation arithmetic or geometric, with equal chance",
      ]
    }
    let bank = try QuestionBank.bundled()
    let lens = try DivideLens.bundled()
    // The divide lens uses the scoring window; a self-assessment answer describes the present,
    // so the latest answer counts whatever its year (the profile shows the year).
    supplementary = SupplementaryData(
      observations: try workspace.latestObservations(indicators: lens.indicators).map(\.observation),
      windowStart: result.windowStart, referenceYear: result.referenceYear)
    supplementary.merge(
      SupplementaryData(
        observations: try workspace.latestObservations(indicators: bank.questions.map(\.indicator)).map(
          \.observation),
        windowStart: Int.min, referenceYear: Int.max))
    questions = bank
    for code in Set(try workspace.dossierCountries()) {
      if let dossier = try workspace.currentDossier(country: code) { dossiers[code] = dossier }
    }
    self.lens = lens
    let names = try workspace.indicatorNames()
    for code in try workspace.indicatorCodes(prefix: ImportContext.benchmarkPrefix) {
      benchmarks.append(
        BenchmarkSeries(
          code: code, name: names[code] ?? String(code.dropFirst(ImportContext.benchmarkPrefix.count)),
          observations: try workspace.latestObservations(indicators: [code]).map(\.observation)))
    }
    let library = try RecommendationLibrary.bundled()
    self.library = library
    dataSHA256 = Array(Set(try workspace.imports().map(\.sha256))).sorted()
    return (bank, lens, library)
  }
}

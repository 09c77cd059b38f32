import Foundation
import PropertyBased
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessScoring

@Suite("COINr-format engine")
struct CoinTests {
  /// Reference values from scipy.stats.skew(x, bias=False) and kurtosis(x, bias=False), which are
  /// Excel's SKEW and KURT.
  @Test(arguments: [
    ([1.0, 2, 3, 4, 10], 1.6970562748477143, 3.152000000000001),
    ([2.5, 3.1, 0.4, 7.7, 1.2, 1.9, 2.2], 1.8892519263181433, 4.291331610036321),
  ])
  func skewnessAndKurtosisMatchExcel(x: [Double], skew: Double, kurtosis: Double) {
    #expect(abs(Statistics.skewness(x) - skew) < 1e-12)
    #expect(abs(Statistics.kurtosis(x) - kurtosis) < 1e-12)
  }

  /// [1, 1, 1, 1, 1, 1, 1, 1, 2, 30]: skew 3.15, kurtosis 9.95 → one winsorising step moves 30 to 2,
  /// after which the values pass (hand-checked with the formulas above).
  @Test func oneWinsorisingStepOnTheHighSide() {
    let x: [Double?] = [1, 1, 1, 1, 1, 1, 1, 1, 2, 30]
    let (treated, note) = CoinEngine.treatOutliers(x, CoinPipeline.Treat())
    #expect(treated == [1, 1, 1, 1, 1, 1, 1, 1, 2, 2])
    #expect(note?.contains("winsorised 1 step") == true)
  }

  /// When winsorising cannot fix the skew within winmax steps, log(x − min + 0.01·(max − min)) of
  /// the original values is used.
  @Test func logTransformWhenWinsorisingIsNotEnough() {
    let x: [Double?] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256]
    let (treated, note) = CoinEngine.treatOutliers(x, CoinPipeline.Treat(winmax: 1))
    #expect(note?.contains("log") == true)
    #expect(abs((treated[0] ?? 0) - log(0.01 * 256)) < 1e-12)
    #expect(abs((treated.last! ?? 0) - log(256 + 0.01 * 256)) < 1e-12)
  }

  static func tiny(_ a: [Double?], _ b: [Double?], units: [String] = ["U1", "U2", "U3", "U4"]) -> CoinInput {
    CoinInput(
      units: units.map { CoinInput.Unit(code: $0, name: $0, groups: [:]) },
      nodes: [
        .init(
          code: "A", name: "A", level: 1, direction: 1, weight: 1, parent: "P", isIndicator: true, denominator: nil),
        .init(
          code: "B", name: "B", level: 1, direction: -1, weight: 3, parent: "P", isIndicator: true, denominator: nil),
        .init(
          code: "P", name: "P", level: 2, direction: 1, weight: 1, parent: nil, isIndicator: false, denominator: nil),
      ],
      values: ["A": a, "B": b], denominators: [:])
  }

  /// Min-max 0–100 then a weighted mean, by hand: A = [0, 50, 100, 25] (min 0, max 40 → /40),
  /// B inverted (lower is better) = [100, 0, 50, 100]; P = (A + 3B)/4.
  @Test func handWorkedMinMaxAndWeightedMean() throws {
    let input = CoinTests.tiny([0, 20, 40, 10], [1, 5, 3, 1])
    let result = try CoinEngine.run(input, CoinPipeline())
    #expect(result.tables["normalised"]?["A"] == [0, 50, 100, 25])
    #expect(result.tables["normalised"]?["B"] == [100, 0, 50, 100])
    #expect(result.tables["aggregated"]?["P"] == [75, 12.5, 62.5, 81.25])
    #expect(result.ranks["P"] == [2, 4, 3, 1])
  }

  /// With min_coverage 1 a unit missing one of P's two children gets no P (and no rank); with
  /// 0.5 it keeps the other child's value.
  @Test func minimumCoverageRule() throws {
    let input = CoinTests.tiny([0, 20, nil, 10], [1, 5, 3, 1])
    let strict = try CoinEngine.run(input, CoinPipeline(aggregate: .init(minCoverage: 1)))
    #expect(strict.tables["aggregated"]?["P"]?[2] == nil && strict.ranks["P"]?[2] == nil)
    let lenient = try CoinEngine.run(input, CoinPipeline(aggregate: .init(minCoverage: 0.5)))
    #expect(lenient.tables["aggregated"]?["P"]?[2] == 50)
  }

  @Test func missingValuesDropOutWithTheirWeights() throws {
    let result = try CoinEngine.run(CoinTests.tiny([0, 20, 40, nil], [1, 5, 3, 1]), CoinPipeline())
    #expect(result.tables["aggregated"]?["P"]?[3] == 100, "only B (100) counts for U4")
  }

  @Test func geometricMeanNamesTheProblem() {
    do {
      _ = try CoinEngine.run(
        CoinTests.tiny([0, 20, 40, 10], [1, 5, 3, 1]), CoinPipeline(aggregate: .init(method: .geometric)))
      Issue.record("a zero went into a geometric mean")
    } catch {
      #expect(error.description.contains("geometric mean of P for U1"))
    }
    let shifted = CoinPipeline(
      normalise: .init(method: .minmax, range: [1, 100]), aggregate: .init(method: .geometric))
    #expect(throws: Never.self) { try CoinEngine.run(CoinTests.tiny([0, 20, 40, 10], [1, 5, 3, 1]), shifted) }
  }

  // MARK: properties (swift-property-based: random columns, shrunk to a small failing case)

  /// 12 units; values 0–100 with about a fifth missing.
  static let column = Gen.double(in: 0...100).optional(valueRate: 0.8).array(of: 12)

  static func input(_ a: [Double?], _ b: [Double?]) -> CoinInput { tiny(a, b, units: (1...12).map { "U\($0)" }) }

  /// A fixed random input for the uncertainty tests.
  static func random(_ seed: UInt64) -> CoinInput {
    var generator = SeededGenerator(seed: seed)
    func column() -> [Double?] { (0..<12).map { _ in Double(generator.next() % 1000) / 10 } }
    return input(column(), column())
  }

  @Test func permutingUnitsChangesNoScore() async {
    await propertyCheck(input: Self.column, Self.column, Gen.shuffled(Array(0..<12))) { a, b, order in
      let input = Self.input(a, b)
      var permuted = input
      permuted.units = order.map { input.units[$0] }
      for key in input.values.keys { permuted.values[key] = order.map { input.values[key]![$0] } }
      let before = try CoinEngine.run(input, CoinPipeline())
      let after = try CoinEngine.run(permuted, CoinPipeline())
      for (position, original) in order.enumerated() {
        #expect(after.tables["aggregated"]?["P"]?[position] == before.tables["aggregated"]?["P"]?[original])
      }
    }
  }

  @Test func minMaxIgnoresPositiveScaling() async {
    await propertyCheck(input: Self.column, Self.column, Gen.double(in: 0.001...1000)) { a, b, factor in
      let input = Self.input(a, b)
      var scaled = input
      scaled.values["A"] = a.map { $0.map { $0 * factor } }
      let before = try CoinEngine.run(input, CoinPipeline())
      let after = try CoinEngine.run(scaled, CoinPipeline())
      for (x, y) in zip(before.tables["normalised"]!["A"]!, after.tables["normalised"]!["A"]!) {
        #expect(abs((x ?? 0) - (y ?? 0)) < 1e-9)
      }
    }
  }

  @Test(arguments: [CoinPipeline.AggregateMethod.arithmetic, .geometric])
  func raisingAHigherIsBetterIndicatorNeverLowersTheAggregate(method: CoinPipeline.AggregateMethod) async {
    await propertyCheck(input: Self.column, Self.column, Gen.int(in: 0...11), Gen.double(in: 0...1)) {
      a, b, unit, share in
      let input = Self.input(a, b)
      let pipeline = CoinPipeline(normalise: .init(method: .minmax, range: [1, 100]), aggregate: .init(method: method))
      let before = try CoinEngine.run(input, pipeline)
      // Raise one unit's A part of the way to the current maximum, so the min-max bounds stay put.
      guard let current = a[unit], let maximum = a.compactMap({ $0 }).max() else { return }
      var raised = input
      raised.values["A"]![unit] = current + share * (maximum - current)
      let after = try CoinEngine.run(raised, pipeline)
      #expect((after.tables["aggregated"]!["P"]![unit] ?? 0) >= (before.tables["aggregated"]!["P"]![unit] ?? 0) - 1e-9)
    }
  }

  @Test func ranksFormAPermutation() async {
    await propertyCheck(input: Self.column, Self.column) { a, b in
      let result = try CoinEngine.run(Self.input(a, b), CoinPipeline())
      let scores = result.tables["aggregated"]!["P"]!
      let ranks = result.ranks["P"]!
      // Competition ranks: each scored unit's rank is 1 + the number of strictly better scores;
      // without ties they are exactly 1…n.
      for (score, rank) in zip(scores, ranks) {
        #expect((score == nil) == (rank == nil))
        if let score, let rank { #expect(rank == 1 + scores.compactMap { $0 }.filter { $0 > score + 1e-9 }.count) }
      }
      let present = ranks.compactMap { $0 }
      if !present.isEmpty, Set(scores.compactMap { $0 }).count == present.count {
        #expect(present.sorted() == Array(1...present.count))
      }
    }
  }

  // MARK: the ASEM example

  /// COINr's `build_example_coin()` pipeline on the ASEM data must reproduce the table COINr's
  /// "Presenting Results" vignette publishes (get_results(coin, dset = "Aggregated", tab_type =
  /// "Aggs"), rounded to 2 decimals): the first six units and all eleven aggregates.
  @Test(.enabled(if: TestPaths.hasVendored("coinr-asem/ASEM_iData.csv", "coinr-asem/ASEM_iMeta.csv")))
  func asemReproducesCOINrsPublishedResults() throws {
    let input = try CoinInput.load(
      dataPath: TestPaths.vendored("coinr-asem/ASEM_iData.csv"),
      metaPath: TestPaths.vendored("coinr-asem/ASEM_iMeta.csv"))
    #expect(input.units.count == 51)
    #expect(input.indicators.count == 49)
    let pipeline = try CoinPipeline.load(path: TestPaths.indicators + "/pipelines/coinr-asem-example.yaml")
    let result = try CoinEngine.run(input, pipeline)
    let columns = [
      "Index", "Conn", "Sust", "Physical", "ConEcFin", "Political", "Instit", "P2P", "Environ", "Social", "SusEcFin",
    ]
    let published: [(String, Int, [Double])] = [
      ("CHE", 1, [68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88]),
      ("NLD", 2, [64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78]),
      ("DNK", 3, [64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29]),
      ("NOR", 4, [64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59]),
      ("BEL", 5, [63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09]),
      ("SWE", 6, [63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27]),
    ]
    let aggregated = try #require(result.tables["aggregated"])
    for (unit, rank, values) in published {
      let index = try #require(result.units.firstIndex(of: unit))
      #expect(result.ranks["Index"]?[index] == rank, "\(unit) rank")
      for (column, value) in zip(columns, values) {
        let ours = try #require(aggregated[column]?[index])
        #expect(abs(ours - value) <= 0.005 + 1e-9, "\(unit) \(column): \(ours) vs published \(value)")
      }
    }
    #expect(result.aggregates.first == "Index")
  }
}

@Suite("COINr-format uncertainty")
struct CoinUncertaintyTests {
  static let input = CoinTests.random(77)

  @Test func sameSeedSameResultDifferentSeedDifferentDraws() throws {
    let spec = CoinUncertainty.Spec(
      weights: .init(noise: 0.3), normalise: ["minmax", "rank"], aggregate: ["arithmetic"])
    let analysis = CoinUncertainty(input: CoinUncertaintyTests.input, pipeline: CoinPipeline(), spec: spec)
    let a = try analysis.run(runs: 300, seed: 5)
    let b = try analysis.run(runs: 300, seed: 5)
    let c = try analysis.run(runs: 300, seed: 6)
    #expect(a.units == b.units, "deterministic for a seed, whatever the thread scheduling")
    #expect(a.units != c.units)
    #expect(a.failedRuns == 0)
  }

  /// A geometric mean of z-scores is built on z-scores rescaled to mean 10 and sd 2, as COINr's
  /// sensitivity analysis does: no run fails, and each run (no weight noise) ranks the units as that
  /// pipeline does. (Unscaled, half of each column is negative and every run failed.)
  @Test func geometricMeansOfZScoresAreRescaledAsInCOINr() throws {
    let spec = CoinUncertainty.Spec(normalise: ["zscore"], aggregate: ["geometric"])
    let result = try CoinUncertainty(input: CoinUncertaintyTests.input, pipeline: CoinPipeline(), spec: spec)
      .run(runs: 10, seed: 1)
    #expect(result.failedRuns == 0)
    #expect(result.failureReasons.isEmpty)
    let rescaled = CoinPipeline(
      normalise: .init(method: .zscore, range: nil, mean: 10, sd: 2), aggregate: .init(method: .geometric))
    let expected = try CoinEngine.run(CoinUncertaintyTests.input, rescaled)
    for (index, unit) in result.units.enumerated() {
      let rank = try #require(expected.ranks["P"]?[index])
      #expect(unit.p5Rank == Double(rank) && unit.p95Rank == Double(rank), "\(unit.unit)")
    }
  }

  /// Runs that cannot be built are counted per drawn combination with the first error: percentile
  /// ranks put each column's lowest unit at 0, where a geometric mean is undefined.
  @Test func failedRunsKeepTheirReasons() throws {
    let spec = CoinUncertainty.Spec(normalise: ["prank", "minmax"], aggregate: ["geometric"])
    let result = try CoinUncertainty(input: CoinUncertaintyTests.input, pipeline: CoinPipeline(), spec: spec)
      .run(runs: 40, seed: 2)
    let reason = try #require(result.failureReasons.first)
    #expect(result.failureReasons.count == 1)
    #expect(reason.assumptions == "normalise prank, aggregate geometric")
    #expect(reason.runs == result.failedRuns && result.failedRuns > 0 && result.failedRuns < 40)
    #expect(reason.firstError.hasPrefix("geometric mean of P for "), "\(reason.firstError)")
    #expect(reason.firstError.hasSuffix("needs values above 0 (normalise to a range such as [1, 100])"))
  }

  /// COINr's ASEM example with its bundled uncertainty spec: 17 % of runs (z-scores, then a geometric
  /// mean) used to fail; with z-scores rescaled for a geometric mean none do. (The trimmed copy under
  /// Tests/Fixtures keeps every unit and every indicator.)
  @Test(.enabled(if: TestPaths.hasVendored("coinr-asem/ASEM_iData.csv", "coinr-asem/ASEM_iMeta.csv")))
  func asemUncertaintyRunsAllBuild() throws {
    let input = try CoinInput.load(
      dataPath: TestPaths.vendored("coinr-asem/ASEM_iData.csv"),
      metaPath: TestPaths.vendored("coinr-asem/ASEM_iMeta.csv"))
    let pipeline = try CoinPipeline.load(path: TestPaths.indicators + "/pipelines/coinr-asem-example.yaml")
    let spec = try CoinUncertainty.Spec.load(path: TestPaths.indicators + "/pipelines/coinr-asem-uncertainty.yaml")
    let result = try CoinUncertainty(input: input, pipeline: pipeline, spec: spec).run(runs: 300, seed: 42)
    #expect(result.failedRuns == 0, "\(result.failureReasons)")
  }

  /// With no uncertain assumption every run is the nominal build: the interval collapses onto it.
  @Test func noUncertaintyGivesTheNominalResult() throws {
    let nominal = try CoinEngine.run(CoinUncertaintyTests.input, CoinPipeline())
    let result = try CoinUncertainty(input: CoinUncertaintyTests.input, pipeline: CoinPipeline(), spec: .init())
      .run(runs: 20, seed: 1)
    for (index, unit) in result.units.enumerated() {
      let score = try #require(nominal.tables["aggregated"]?["P"]?[index])
      #expect(unit.nominalScore == score)
      #expect(abs((unit.p5Score ?? .nan) - score) < 1e-12 && abs((unit.p95Score ?? .nan) - score) < 1e-12)
      #expect(unit.p5Rank == unit.p95Rank && unit.p5Rank == Double(unit.nominalRank ?? 0))
    }
  }

  /// Weight noise moves scores but the 5–95 % interval always contains values, ordered.
  @Test func intervalsAreOrdered() throws {
    let spec = CoinUncertainty.Spec(weights: .init(noise: 0.5))
    let result = try CoinUncertainty(input: CoinUncertaintyTests.input, pipeline: CoinPipeline(), spec: spec).run(
      runs: 500, seed: 3)
    for unit in result.units {
      let p5 = try #require(unit.p5Score)
      let p95 = try #require(unit.p95Score)
      let median = try #require(unit.medianScore)
      #expect(p5 <= median && median <= p95)
      #expect((unit.p5Rank ?? 0) >= 1 && (unit.p95Rank ?? 0) <= Double(result.units.count))
    }
  }

  @Test func quantilesMatchRType7() {
    // R: quantile(c(1, 2, 3, 4, 10), c(0.05, 0.95)) = 1.2, 8.8
    #expect(abs((Statistics.quantile([1, 2, 3, 4, 10], 0.05) ?? 0) - 1.2) < 1e-12)
    #expect(abs((Statistics.quantile([1, 2, 3, 4, 10], 0.95) ?? 0) - 8.8) < 1e-12)
  }

  @Test func invalidAlternativesAreRefused() {
    let spec = CoinUncertainty.Spec(normalise: ["minmax", "magic"])
    #expect(throws: ReadinessError.self) {
      try CoinUncertainty(input: CoinUncertaintyTests.input, pipeline: CoinPipeline(), spec: spec).run(runs: 5)
    }
  }
}

@Suite("COINr-format audit")
struct CoinAuditTests {
  /// The audit's rules, shared by the COINr-format and framework audits, at and around their
  /// thresholds. One value of 100 among nineteen zeros: Excel's SKEW is √20 = 4.472 and KURT 20
  /// (worked out from the formulas), above 2 and 3.5.
  @Test func auditRulesAtTheirThresholds() {
    let outlier = AuditRules.indicatorStats(code: "x", values: [Double](repeating: 0, count: 19) + [100])
    #expect(outlier.skew.map { abs($0 - 20.0.squareRoot()) < 1e-9 } == true)
    #expect(outlier.kurtosis.map { abs($0 - 20) < 1e-9 } == true)
    #expect(outlier.flags == ["outliers (|skew| ≥ 2 and kurtosis ≥ 3.5)"])
    // Two of three present (0.667) is enough; one of two (0.5) is not.
    #expect(AuditRules.indicatorStats(code: "x", values: [1, 2, nil]).flags == [])
    #expect(AuditRules.indicatorStats(code: "x", values: [1, nil]).flags == ["low availability", "no variation"])
    #expect(AuditRules.indicatorStats(code: "x", values: [3, 3, 3]).flags == ["no variation"])
    #expect(AuditRules.componentFlags(pearson: nil) == [])
    #expect(AuditRules.componentFlags(pearson: -0.1) == ["negative correlation with its parent"])
    #expect(AuditRules.componentFlags(pearson: 0.9) == [])
    #expect(AuditRules.componentFlags(pearson: 0.95) == ["correlation above 0.9 with its parent"])
    // r(a, b) = 0.99993, r(a, c) = -0.4, r(b, c) = -0.399 (numpy.corrcoef).
    let pairs = AuditRules.redundantPairs(
      codes: ["a", "b", "c"], columns: [[1, 2, 3, 4], [2, 4, 6, 8.1], [4, 1, 3, 2]])
    #expect(pairs == ["a–b (1.00)"])
  }

  @Test func correlationsByHand() {
    #expect(CoinAudit.correlation([1, 2, 3, 4], [2, 4, 6, 8]).map { abs($0 - 1) < 1e-12 } == true)
    #expect(CoinAudit.correlation([1, 2, 3, 4], [8, 6, 4, 2]).map { abs($0 + 1) < 1e-12 } == true)
    #expect(
      CoinAudit.correlation([1, 2, nil, 4, 5], [1, 2, 100, 4, 5]).map { abs($0 - 1) < 1e-12 } == true,
      "pairs with a gap are skipped")
    #expect(CoinAudit.rankTransform([10, 20, 20, 30, nil]) == [1, 2.5, 2.5, 4, nil])
  }

  /// Two items [1,2,3] and [2,3,4]: item variances 1 and 1, totals [3,5,7] with variance 4 → alpha = 2·(1 − 2/4) = 1.
  /// Items that cancel out ([1,2,3] and [3,2,1]) have a constant total: alpha is undefined.
  @Test func cronbachAlphaByHand() {
    #expect(CoinAudit.cronbachAlpha([[1, 2, 3], [2, 3, 4]]).map { abs($0 - 1) < 1e-12 } == true)
    #expect(CoinAudit.cronbachAlpha([[1, 2, 3], [3, 2, 1]]) == nil)
    // Three items: [1,2,3,4], [2,1,4,3], [1,3,2,4]: variances 5/3 each, totals [4,6,9,11] variance 30/3·… by hand:
    // totals mean 7.5, squares 12.25+2.25+2.25+12.25 = 29 → variance 29/3; alpha = 1.5·(1 − 5/(29/3)) = 1.5·(1 − 15/29).
    let alpha = CoinAudit.cronbachAlpha([[1, 2, 3, 4], [2, 1, 4, 3], [1, 3, 2, 4]])
    #expect(alpha.map { abs($0 - 1.5 * (1 - 15.0 / 29)) < 1e-12 } == true)
  }

  /// For two variables the correlation matrix [[1, r], [r, 1]] has largest eigenvalue 1 + |r|.
  @Test func firstComponentShareOfTwoVariables() throws {
    let a: [Double?] = [1, 2, 3, 4, 6]
    let b: [Double?] = [2, 1, 4, 3, 5]
    let r = try #require(CoinAudit.correlation(a, b))
    let share = try #require(CoinAudit.firstComponentShare([a, b]))
    #expect(abs(share - (1 + abs(r)) / 2) < 1e-9)
  }

  /// On ASEM the audit flags as outlying exactly the indicators the treatment step treats, and every
  /// component and group is reported.
  @Test(.enabled(if: TestPaths.hasVendored("coinr-asem/ASEM_iData.csv", "coinr-asem/ASEM_iMeta.csv")))
  func asemAudit() throws {
    let input = try CoinInput.load(
      dataPath: TestPaths.vendored("coinr-asem/ASEM_iData.csv"),
      metaPath: TestPaths.vendored("coinr-asem/ASEM_iMeta.csv"))
    let pipeline = try CoinPipeline.load(path: TestPaths.indicators + "/pipelines/coinr-asem-example.yaml")
    let report = try CoinAudit.run(input, pipeline)
    let result = try CoinEngine.run(input, pipeline)
    let treated = Set(result.log.filter { $0.hasPrefix("treat ") }.map { String($0.dropFirst(6).prefix { $0 != ":" }) })
    let flagged = Set(report.indicators.filter { $0.flags.contains { $0.hasPrefix("outliers") } }.map(\.code))
    #expect(!treated.isEmpty)
    // Treatment looks at imputed data, the audit at the data before imputation: where the two disagree,
    // the indicator must have had values imputed.
    for code in flagged.symmetricDifference(treated) {
      #expect((report.indicators.first { $0.code == code }?.availability ?? 1) < 1, "\(code)")
    }
    #expect(flagged.intersection(treated).count >= 12)
    #expect(report.indicators.count == 49)
    #expect(report.components.count == input.nodes.filter { $0.parent != nil }.count)
    #expect(report.groups.count == 11)
    #expect(report.components.first { $0.code == "Conn" }?.flags.contains { $0.contains("0.9") } == true)
  }
}

@Suite("COINr-format methods by hand")
struct CoinMethodTests {
  @Test(arguments: [
    (2.0, (12.5).squareRoot()),  // √((3² + 4²)/2)
    (1.0, 3.5),  // arithmetic
    (0.0, (12.0).squareRoot()),  // geometric √(3·4)
    (-1.0, 2 / (1.0 / 3 + 1.0 / 4)),  // harmonic
  ])
  func generalisedMean(p: Double, expected: Double) throws {
    let value = try CoinEngine.aggregate([(3, 1), (4, 1)], method: .generalised, p: p, node: "N", unit: "U")
    #expect(abs((value ?? .nan) - expected) < 1e-12)
  }

  /// MPI⁻ = M − S·cv: [90, 110] → M = 100, S = 10, cv = 0.1 → 99; a balanced profile is not penalised.
  @Test func mazziottaPareto() throws {
    #expect(try CoinEngine.aggregate([(90, 1), (110, 1)], method: .mazziottaPareto, node: "N", unit: "U") == 99)
    #expect(try CoinEngine.aggregate([(100, 1), (100, 1)], method: .mazziottaPareto, node: "N", unit: "U") == 100)
  }

  /// Copeland: with A = B = [1, 2, 3] unit 3 beats both others (+2), unit 2 wins one and loses one
  /// (0), unit 1 loses both (−2); with A = [1, 2, 3] and B = [3, 2, 1] every pairing is a tie.
  @Test func copeland() {
    #expect(CoinEngine.copeland([([1, 2, 3], 1), ([1, 2, 3], 1)], count: 3) == [-2, 0, 2])
    #expect(CoinEngine.copeland([([1, 2, 3], 1), ([3, 2, 1], 1)], count: 3) == [0, 0, 0])
    #expect(CoinEngine.copeland([([1, 2, 3], 2), ([3, 2, 1], 1)], count: 3) == [-2, 0, 2], "weights break the tie")
  }

  @Test func bordaCountsTheUnitsBeaten() {
    #expect(CoinEngine.normalise([10, 30, 20, nil, 20], .init(method: .borda)) == [0, 3, 1, nil, 1])
  }

  @Test func generalisedNeedsItsPower() {
    #expect(throws: ReadinessError.self) {
      try CoinEngine.run(
        CoinTests.tiny([1, 2, 3, 4], [1, 2, 3, 4]), CoinPipeline(aggregate: .init(method: .generalised)))
    }
  }
}

@Suite("COINr-format screening, row imputation and distance to target")
struct CoinMoreMethodTests {
  /// (x − min)/(target − min) capped at 1: [0, 50, 100] with target 80 → [0, 62.5, 100]. For a
  /// lower-is-better indicator the values and target are negated first: [10, 20, 30] with target
  /// 15 → [100, 66.67, 0].
  @Test func distanceToTarget() {
    #expect(CoinEngine.normalise([0, 50, 100], .init(method: .dist2targ), target: 80) == [0, 62.5, 100])
    let lower = CoinEngine.normalise([-10, -20, -30], .init(method: .dist2targ), target: -15)
    #expect(lower[0] == 100 && lower[2] == 0 && abs((lower[1] ?? 0) - 200.0 / 3) < 1e-9)
  }

  /// COINr's n_goalposts, truncated: A (higher is better) with goalposts 10–30 → [0, 50, 100, 0];
  /// B (lower is better) with goalposts 1–5 → (x − 5)/(1 − 5) = [100, 0, 50, 100]; 6 would fall
  /// below the worst post and is truncated to 0. P = (A + 3B)/4 on the range [0, 100].
  @Test func goalpostsFromIMeta() throws {
    var input = CoinTests.tiny([0, 20, 40, 10], [1, 5, 3, 6])
    input.nodes[0].goalposts = [10, 30]
    input.nodes[1].goalposts = [1, 5]
    let result = try CoinEngine.run(input, CoinPipeline(normalise: .init(method: .goalposts)))
    #expect(result.tables["normalised"]?["A"] == [0, 50, 100, 0])
    #expect(result.tables["normalised"]?["B"] == [100, 0, 50, 0])
    #expect(result.tables["aggregated"]?["P"] == [75, 12.5, 62.5, 0])
    // On [1, 10] instead of [0, 100]: 1 + share × 9.
    let ranged = try CoinEngine.run(input, CoinPipeline(normalise: .init(method: .goalposts, range: [1, 10])))
    #expect(ranged.tables["normalised"]?["A"] == [1, 5.5, 10, 1])
    // An indicator without goalposts is named.
    input.nodes[1].goalposts = nil
    let error = #expect(throws: ReadinessError.self) {
      try CoinEngine.run(input, CoinPipeline(normalise: .init(method: .goalposts)))
    }
    #expect(error?.message.contains("indicator B") == true)
  }

  /// COINr's n_dist2max, 1 − (max − x)/(max − min), × 100: [2, 4, 10] → [0, 25, 100].
  @Test func distanceToMax() {
    #expect(CoinEngine.normalise([2, 4, 10, nil], .init(method: .dist2max)) == [0, 25, 100, nil])
  }

  /// A pipeline file with a denominator scale and a per-node method: P becomes the geometric mean
  /// while the index stays arithmetic; an unknown per-node method names the node.
  @Test func perNodeAggregationAndDenominatorScale() throws {
    let folder = TestPaths.temporaryDirectory()
    let path = folder + "/pipeline.yaml"
    try "denominate: {scale: 1000}\naggregate: {method: arithmetic, nodes: {P: geometric}}\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let pipeline = try CoinPipeline.load(path: path)
    #expect(pipeline.denominate && pipeline.denominateScale == 1000)
    // A = [10, 40, 90, 20] divided by population [1e4, 2e4, 3e4, 4e4] × 1000 → [1, 2, 3, 0.5] per thousand.
    var denominated = CoinTests.tiny([10, 40, 90, 20], [1, 2, 3, 4])
    denominated.nodes[0].denominator = "Pop"
    denominated.denominators = ["Pop": [1e4, 2e4, 3e4, 4e4]]
    var arithmetic = pipeline
    arithmetic.aggregate = .init()
    #expect(try CoinEngine.run(denominated, arithmetic).tables["denominated"]?["A"] == [1, 2, 3, 0.5])
    #expect(pipeline.aggregate.method(for: "P") == .geometric && pipeline.aggregate.method(for: "Index") == .arithmetic)
    // A = [10, 40, 90, 20] (min-max [10, 90] → 0, 37.5, 100, 12.5 on [1, 100]: 1, 38.125, 100, 13.375);
    // B = 1 … 4, lower is better → 100, 67, 34, 1. P = √(A·B) with equal weights.
    var input = CoinTests.tiny([10, 40, 90, 20], [1, 2, 3, 4])
    input.nodes[1].weight = 1
    let steps = CoinPipeline(
      normalise: .init(method: .minmax, range: [1, 100]), aggregate: .init(nodes: ["P": .geometric]))
    let result = try CoinEngine.run(input, steps)
    let a = result.tables["normalised"]!["A"]!
    let b = result.tables["normalised"]!["B"]!
    for unit in 0..<4 {
      #expect(
        abs((result.tables["aggregated"]!["P"]![unit] ?? 0) - ((a[unit] ?? 0) * (b[unit] ?? 0)).squareRoot()) < 1e-9)
    }
    let unknown = #expect(throws: ReadinessError.self) {
      try CoinEngine.run(input, CoinPipeline(aggregate: .init(nodes: ["Nope": .geometric])))
    }
    #expect(unknown?.message.contains("Nope") == true)
    try "aggregate: {method: arithmetic, nodes: {P: median}}\n".write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: ReadinessError.self) { try CoinPipeline.load(path: path) }
    #expect(error?.message.contains("aggregate.nodes.P.method median") == true)
    #expect(error?.location?.line == 1)
  }

  /// Methods are enums: an unknown one in a pipeline file is an error at its line, for every step.
  @Test(arguments: [
    ("impute: {method: group-mean, group: G}", "impute: {method: group-mode, group: G}", "impute.method group-mode", 2),
    ("treat: {method: coinr}", "treat: {method: jrc}", "treat.method jrc", 3),
    ("normalise: {method: minmax}", "normalise: {method: min-max}", "normalise.method min-max", 4),
    ("weights: {method: pca}", "weights: {method: PCA}", "weights.method PCA", 5),
    ("aggregate: {method: geometric}", "aggregate: {method: mean}", "aggregate.method mean", 6),
  ])
  func unknownMethodsAreErrorsWithTheirLine(valid: String, wrong: String, message: String, line: Int) throws {
    let text = """
      denominate: true
      impute: {method: group-mean, group: G}
      treat: {method: coinr}
      normalise: {method: minmax}
      weights: {method: pca}
      aggregate: {method: geometric}

      """
    let path = TestPaths.temporaryDirectory() + "/pipeline.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let pipeline = try CoinPipeline.load(path: path)
    #expect(
      pipeline.impute?.method == .groupMean && pipeline.weights?.method == .pca
        && pipeline.aggregate.method == .geometric)
    try text.replacingOccurrences(of: valid, with: wrong).write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: ReadinessError.self) { try CoinPipeline.load(path: path) }
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    #expect(error?.location?.line == line)
  }

  /// A = [0, 20, 40, –]: the missing value takes the unit's normalised position among its siblings.
  /// B (lower is better) = [1, 5, 3, 1] puts unit 4 at the best end (1.0), so A = 0 + 1.0 × 40 = 40.
  @Test func rowMeanImputation() throws {
    let input = CoinTests.tiny([0, 20, 40, nil], [1, 5, 3, 1])
    let result = try CoinEngine.run(input, CoinPipeline(impute: .init(method: .rowMean)))
    #expect(result.tables["imputed"]?["A"]?[3] == 40)
    #expect(result.log.contains { $0.contains("1 missing values filled (row-mean") })
  }

  @Test func indicatorScreeningDropsSparseIndicators() throws {
    let input = CoinTests.tiny([0, nil, 40, nil], [1, 5, 3, 1])
    let result = try CoinEngine.run(input, CoinPipeline(screen: .init(indicatorMinAvailability: 0.75)))
    #expect(result.log.contains { $0.contains("1 indicators dropped: A") })
    // P is then B alone (inverted min-max of [1, 5, 3, 1]).
    #expect(result.tables["aggregated"]?["P"] == [100, 0, 50, 100])
    let zeros = try CoinEngine.run(
      CoinTests.tiny([0, 0, 0, 4], [1, 5, 3, 1]), CoinPipeline(screen: .init(indicatorMaxZeroShare: 0.5)))
    #expect(zeros.log.contains { $0.contains("dropped: A") })
  }
}

@Suite("COINr-format Sobol sensitivity")
struct CoinSensitivityTests {
  /// A factor with no effect (two identical aggregation options) has first-order and total
  /// indices of exactly 0; the only factor that matters carries the variance.
  @Test func inertFactorsScoreZero() throws {
    let spec = CoinUncertainty.Spec(normalise: ["minmax", "rank"], aggregate: ["arithmetic", "arithmetic"])
    let analysis = CoinUncertainty(input: CoinTests.random(41), pipeline: CoinPipeline(), spec: spec)
    let result = try CoinSensitivity(analysis: analysis).run(samples: 200, seed: 3, bootstrap: 100)
    let aggregate = try #require(result.factors.first { $0.name == "aggregate" })
    let normalise = try #require(result.factors.first { $0.name == "normalise" })
    #expect(aggregate.first == 0 && aggregate.total == 0)
    if result.variance > 0 {
      #expect(normalise.total > 0.5)
      #expect(normalise.first > 0.5 && normalise.first < 1.5)
      #expect(normalise.totalLow <= normalise.total && normalise.total <= normalise.totalHigh + 1e-12)
    }
    #expect(result.builds == 200 * 4)
  }

  @Test func deterministicForASeed() throws {
    let spec = CoinUncertainty.Spec(weights: .init(noise: 0.4), normalise: ["minmax", "zscore"])
    let analysis = CoinUncertainty(input: CoinTests.random(42), pipeline: CoinPipeline(), spec: spec)
    let a = try CoinSensitivity(analysis: analysis).run(samples: 100, seed: 8, bootstrap: 50)
    let b = try CoinSensitivity(analysis: analysis).run(samples: 100, seed: 8, bootstrap: 50)
    #expect(a.factors == b.factors)
    #expect(a.factors.map(\.name) == ["weights", "normalise"])
  }

  @Test func nothingVaryingIsAClearError() {
    let analysis = CoinUncertainty(input: CoinTests.random(43), pipeline: CoinPipeline(), spec: .init())
    #expect(throws: ReadinessError.self) { try CoinSensitivity(analysis: analysis).run(samples: 50, seed: 1) }
  }
}

@Suite("COINr-format panels")
struct CoinPanelTests {
  static func year(_ a: [Double?], _ b: [Double?]) -> CoinInput { CoinTests.tiny(a, b, units: ["U1", "U2"]) }

  /// Linear interpolation between the unit's own years: 10 (2018), –, 30 (2020) → 20; with
  /// panel-latest the 2018 value carries forward one year.
  @Test func panelImputation() throws {
    let panel = [
      "2018": CoinPanelTests.year([10, 1], [1, 2]), "2019": CoinPanelTests.year([nil, 2], [1, 2]),
      "2020": CoinPanelTests.year([30, 3], [1, 2]),
    ]
    let linear = try CoinPanel.run(panel, CoinPipeline(impute: .init(method: .panelLinear)))
    #expect(linear.byPeriod["2019"]?.tables["imputed"]?["A"]?[0] == 20)
    let latest = try CoinPanel.run(panel, CoinPipeline(impute: .init(method: .panelLatest, years: 1)))
    #expect(latest.byPeriod["2019"]?.tables["imputed"]?["A"]?[0] == 10)
    #expect(throws: ReadinessError.self) {
      try CoinEngine.run(panel["2019"]!, CoinPipeline(impute: .init(method: .panelLatest)))
    }
  }

  /// Per period min-max gives 0 and 100 every year; global bounds [0, 20] make 2019's 10 and 20 read
  /// 50 and 100, comparable with 2018's 0 and 50.
  @Test func globalNormalisationComparesYears() throws {
    let panel = ["2018": CoinPanelTests.year([0, 10], [1, 1]), "2019": CoinPanelTests.year([10, 20], [1, 1])]
    let local = try CoinPanel.run(panel, CoinPipeline())
    #expect(local.byPeriod["2019"]?.tables["normalised"]?["A"] == [0, 100])
    let global = try CoinPanel.run(panel, CoinPipeline(), global: true)
    #expect(global.byPeriod["2018"]?.tables["normalised"]?["A"] == [0, 50])
    #expect(global.byPeriod["2019"]?.tables["normalised"]?["A"] == [50, 100])
  }

  /// Trend of P for U1 from 50 (2018) to 72 (2020): change 22, CAGR √(72/50) − 1 = 0.2.
  @Test func trendsGiveChangeAndCAGR() {
    func result(_ value: Double) -> CoinEngine.Result {
      CoinEngine.Result(
        units: ["U1"], tables: ["aggregated": ["P": [value]]], aggregates: ["P"], ranks: ["P": [1]], log: [])
    }
    let trends = CoinPanel.trends(["2018": result(50), "2020": result(72)], periods: ["2018", "2020"])
    let trend = trends.first
    #expect(trend?.change == 22)
    #expect(abs((trend?.cagr ?? 0) - 0.2) < 1e-12)
  }

  /// COINr's ASEM panel: 51 units in each of five periods (the trimmed copy under Tests/Fixtures: the
  /// first 16 units of each period, all five periods; counted with Python's csv module).
  @Test(.enabled(if: TestPaths.hasVendored("coinr-asem/ASEM_iData_p.csv", "coinr-asem/ASEM_iMeta.csv")))
  func asemPanelLoadsAsFivePeriods() throws {
    let data = TestPaths.vendored("coinr-asem/ASEM_iData_p.csv")
    let meta = TestPaths.vendored("coinr-asem/ASEM_iMeta.csv")
    let units = TestPaths.hasSharedData ? 51 : 16
    let panel = try CoinInput.loadPanel(dataPath: data, metaPath: meta)
    #expect(panel.keys.sorted() == ["2018", "2019", "2020", "2021", "2022"])
    #expect(panel.values.allSatisfy { $0.units.count == units })
    do {
      _ = try CoinInput.load(dataPath: data, metaPath: meta)
      Issue.record("a panel was read as one period")
    } catch {
      #expect(error.description.contains("--panel"))
    }
    let result = try CoinPanel.run(panel, CoinPipeline(denominate: true), global: true)
    #expect(result.trends.filter { $0.aggregate == "Index" }.count == units)
  }
}

@Suite("COINr-format kNN imputation")
struct CoinKNNTests {
  /// B scaled to 0–1 is [0, 0.105, 1, 0.947]; unit 4 is closest to unit 3 (0.053), then unit 2
  /// (0.842): with k = 1 its A is unit 3's 10, with k = 2 the mean of 10 and 2.
  @Test(arguments: [(1, 10.0), (2, 6.0)])
  func nearestUnitsFillTheGap(k: Int, expected: Double) throws {
    let input = CoinTests.tiny([1, 2, 10, nil], [1, 2, 10, 9.5])
    let result = try CoinEngine.run(input, CoinPipeline(impute: .init(method: .knn, k: k)))
    #expect(result.tables["imputed"]?["A"]?[3] == expected)
  }
}

@Suite("PCA weights (OECD/JRC Handbook)")
struct PCAWeightsTests {
  /// Two latent factors: A1–A3 follow sin(u), B1–B2 follow cos(1.7u). Reference numbers from
  /// scripts/reference/pca-weights.py (numpy's eigh and factor_analyzer's varimax, an independent
  /// implementation of the same Handbook steps) on the same formulas.
  static var columns: [[Double?]] {
    let units = (0..<12).map(Double.init)
    return [
      units.map { sin($0) + 0.1 * cos(3 * $0) }, units.map { 2 * sin($0) + 0.2 * sin(5 * $0) },
      units.map { sin($0) - 0.3 * cos(1.7 * $0) }, units.map { cos(1.7 * $0) + 0.1 * sin(2 * $0) },
      units.map { 3 * cos(1.7 * $0) - 0.2 * cos(7 * $0) },
    ]
  }

  @Test func matchesTheReferenceImplementation() throws {
    let result = try #require(PCAWeights.weights(Self.columns))
    let eigenvalues = [3.272422518684, 1.710844417261, 0.009132393725, 0.005100358169, 0.002500312162]
    for (value, expected) in zip(result.eigenvalues, eigenvalues) { #expect(abs(value - expected) < 1e-9) }
    #expect(result.factors == 2 && result.units == 12)
    let loadings = [
      [0.996086800682, -0.051405800565], [0.996666856224, -0.042534382454], [0.940752054373, -0.33576447097],
      [-0.109684858964, 0.992748646596], [-0.146379424259, 0.988191116085],
    ]
    for (row, expected) in zip(result.loadings, loadings) {
      for (value, e) in zip(row, expected) { #expect(abs(abs(value) - abs(e)) < 1e-6, "\(row) vs \(expected)") }
    }
    let weights = [0.205310777923, 0.205549966576, 0.183133471854, 0.203936980778, 0.202068802869]
    for (value, expected) in zip(result.weights, weights) { #expect(abs(value - expected) < 1e-6) }
    #expect(result.weights.allSatisfy { $0 >= 0 } && abs(result.weights.reduce(0, +) - 1) < 1e-12)
  }

  /// One factor (two perfectly correlated children): no rotation; squared loadings of 1 each →
  /// equal weights. Too few complete units → no PCA weights.
  @Test func degenerateGroups() throws {
    let one = try #require(PCAWeights.weights([[1, 2, 3, 4], [2, 4, 6, 8]]))
    #expect(one.factors == 1 && abs(one.weights[0] - 0.5) < 1e-12)
    #expect(PCAWeights.weights([[1, 2, nil, 4], [2, nil, 6, 8]]) == nil)
    #expect(PCAWeights.weights([[1, 1, 1, 1], [2, 4, 6, 8]]) == nil)
  }

  /// An indicator screened out takes no part in the PCA (no crash on its missing column) nor in the
  /// weights; weight noise of an uncertainty run still applies on top of equal or PCA weights.
  @Test func screenedChildrenAndWeightNoise() throws {
    let columns = Self.columns
    let codes = ["A1", "A2", "A3", "B1", "B2"]
    var values = Dictionary(uniqueKeysWithValues: zip(codes, columns))
    values["B2"] = values["B2"]!.enumerated().map { $0.offset < 6 ? nil : $0.element }  // 50 % available
    let input = CoinInput(
      units: (0..<12).map { CoinInput.Unit(code: "U\($0)", name: "U\($0)", groups: [:]) },
      nodes: codes.map {
        .init(code: $0, name: $0, level: 1, direction: 1, weight: 1, parent: "P", isIndicator: true, denominator: nil)
      }
        + [
          .init(
            code: "P", name: "P", level: 2, direction: 1, weight: 1, parent: nil, isIndicator: false, denominator: nil)
        ],
      values: values, denominators: [:])
    let screened = CoinPipeline(screen: .init(indicatorMinAvailability: 0.9), weights: .init(method: .pca))
    let result = try CoinEngine.run(input, screened)
    #expect(
      result.weights["B2"] == nil && abs(codes.dropLast().reduce(0) { $0 + (result.weights[$1] ?? 0) } - 1) < 1e-12)
    let noisy = CoinUncertainty(
      input: input, pipeline: CoinPipeline(weights: .init(method: .equal)), spec: .init(weights: .init(noise: 0.5)))
    let analysis = try noisy.run(runs: 200, seed: 3)
    #expect(analysis.units.contains { ($0.p95Score ?? 0) - ($0.p5Score ?? 0) > 0.5 })
  }

  /// In the engine: PCA weights replace iMeta's, are logged, and effective weights multiply down
  /// the tree (here one level, so they equal the group weights).
  @Test func pipelineUsesPCAWeights() throws {
    let columns = Self.columns
    let codes = ["A1", "A2", "A3", "B1", "B2"]
    let input = CoinInput(
      units: (0..<12).map { CoinInput.Unit(code: "U\($0)", name: "U\($0)", groups: [:]) },
      nodes: codes.map {
        .init(code: $0, name: $0, level: 1, direction: 1, weight: 1, parent: "P", isIndicator: true, denominator: nil)
      }
        + [
          .init(
            code: "P", name: "P", level: 2, direction: 1, weight: 1, parent: nil, isIndicator: false, denominator: nil)
        ],
      values: Dictionary(uniqueKeysWithValues: zip(codes, columns)), denominators: [:])
    let result = try CoinEngine.run(input, CoinPipeline(weights: .init(method: .pca)))
    // Min-max normalisation is affine per indicator, so correlations, hence weights, are unchanged.
    #expect(abs((result.effectiveWeights["A3"] ?? 0) - 0.183133471854) < 1e-6)
    #expect(result.log.contains { $0.hasPrefix("weights P: PCA, 2 factors") })
    let normalised = result.tables["normalised"] ?? [:]
    let expected = (0..<12).map { unit in
      codes.reduce(0.0) { $0 + (normalised[$1]?[unit] ?? 0) * (result.weights[$1] ?? 0) }
    }
    for (value, e) in zip(result.tables["aggregated"]?["P"] ?? [], expected) { #expect(abs((value ?? 0) - e) < 1e-9) }
  }
}

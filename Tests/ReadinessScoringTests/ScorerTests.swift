import ReadinessCore
import ReadinessScoring
import Testing
import _ReadinessTestSupport

/// A two-dimension framework and data worked through by hand (numbers in the comments).
@Suite("Scoring engine")
struct ScorerTests {
  static func spec(
    _ code: String, _ direction: IndicatorSpec.Direction, _ low: Double, _ high: Double,
    transform: IndicatorSpec.Transform? = nil, perCapita: IndicatorSpec.PerCapita? = nil
  ) -> IndicatorSpec {
    IndicatorSpec(
      code: code, name: code, unit: "u", direction: direction, goalposts: [low, high], transform: transform,
      perCapita: perCapita, source: .init(organisation: "Test"))
  }

  static let framework = Framework(
    id: "test", name: "Test", version: "1", label: "unofficial",
    scoring: ScoringRules(windowYears: 5, coverage: .init(pillar: 0.5, dimension: 0.5, index: 0.8)),
    dimensions: [
      Dimension(
        code: "A", name: "A",
        pillars: [
          Pillar(code: "A.1", name: "A.1", indicators: [spec("X", .higher, 0, 100), spec("Y", .lower, 2, 20)]),
          Pillar(
            code: "A.2", name: "A.2",
            indicators: [
              spec("Z", .higher, 1, 1000, transform: .log10, perCapita: .init(denominator: "POP", scale: 1_000_000))
            ]),
        ]),
      Dimension(
        code: "B", name: "B",
        pillars: [
          Pillar(code: "B.1", name: "B.1", indicators: [spec("W", .higher, -2.5, 2.5), spec("V", .higher, 0, 50)])
        ]),
    ])

  static func obs(_ country: String, _ indicator: String, _ year: Int, _ value: Double) -> Observation {
    Observation(
      country: country, areaKind: .country, indicator: indicator, period: String(year), value: value,
      location: "line \(year)", source: SourceInfo(publisher: "Test"))
  }

  static let data: [Observation] = [
    // MYS: X 60 (2021; the 2017 value 70 is outside 2018–2022) → 60; Y 11 → (20−11)/18 = 50; A.1 = 55.
    obs("MYS", "X", 2021, 60), obs("MYS", "X", 2017, 70), obs("MYS", "Y", 2020, 11),
    // Z: 5000 in 2020 with POP 5e6 → 1000 per million → 100. Z 2022 has no POP 2022 → not used.
    obs("MYS", "Z", 2020, 5000), obs("MYS", "POP", 2020, 5_000_000), obs("MYS", "Z", 2022, 9999),
    // W 0 → 50; V 60 → clamped 100; B.1 = 75. A = (55 + 100)/2 = 77.5; index = (77.5 + 75)/2 = 76.25.
    obs("MYS", "W", 2022, 0), obs("MYS", "V", 2019, 60),
    // KEN: X 30 → A.1 = 30 (1 of 2 ≥ 0.5); A.2 none → insufficient; A = 30 (1 of 2 pillars).
    // W −2.5 → 0; V 25 → 50; B = 25. Index = 27.5.
    obs("KEN", "X", 2019, 30), obs("KEN", "W", 2022, -2.5), obs("KEN", "V", 2018, 25),
    // GBR: only X 90 → A = 90; B insufficient; index needs 0.8 of 2 dimensions → insufficient.
    obs("GBR", "X", 2022, 90),
    // An aggregate is never scored.
    Observation(country: "WLD", areaKind: .aggregate, indicator: "X", period: "2022", value: 50, location: "l"),
  ]

  @Test func handWorkedExample() throws {
    let result = try Scorer(framework: ScorerTests.framework).score(observations: ScorerTests.data, referenceYear: 2022)
    #expect(result.windowStart == 2018)
    #expect(Set(result.countries.map(\.iso3)) == ["MYS", "KEN", "GBR"])
    let mys = try #require(result.country("MYS"))
    #expect(mys.indicator("X")?.score == 60)
    #expect(mys.indicator("X")?.year == 2021 && mys.indicator("X")?.age == 1)
    #expect(mys.indicator("Y")?.score == 50)
    #expect(mys.indicator("Z")?.year == 2020, "the year without a denominator is skipped")
    #expect(mys.indicator("Z")?.value == 1000)
    #expect(abs((mys.indicator("Z")?.score ?? 0) - 100) < 1e-9)
    #expect(mys.indicator("V")?.score == 100)
    #expect(mys.node("A.1")?.score == 55)
    #expect(mys.node("A")?.score == 77.5)
    #expect(mys.node("B")?.score == 75)
    #expect(mys.index.score == 76.25)
    #expect(mys.index.band == "Advanced")
    #expect(mys.index.rank == 1)

    let ken = try #require(result.country("KEN"))
    #expect(ken.node("A.2")?.score == nil && ken.node("A.2")?.status == "insufficient data")
    #expect(ken.node("A")?.score == 30)
    #expect(ken.node("B")?.score == 25)
    #expect(ken.index.score == 27.5)
    #expect(ken.index.rank == 2)

    let gbr = try #require(result.country("GBR"))
    #expect(gbr.node("A")?.score == 90)
    #expect(gbr.node("A")?.rank == 1, "GBR leads dimension A")
    #expect(gbr.index.score == nil && gbr.index.rank == nil)
    #expect(result.rankedCount == 2)
    #expect(result.countries.map(\.iso3) == ["MYS", "KEN", "GBR"], "ranked first, unranked last")
  }

  @Test func aMinimumCoverageBelowHalfIsInsufficient() throws {
    // A pillar of four indicators with one value: 1/4 < 0.5.
    let framework = Framework(
      id: "t", name: "t", version: "1", label: "l",
      dimensions: [
        Dimension(
          code: "D", name: "D",
          pillars: [
            Pillar(
              code: "P", name: "P",
              indicators: ["a", "b", "c", "d"].map { ScorerTests.spec($0, .higher, 0, 100) })
          ])
      ])
    let one = try Scorer(framework: framework).score(observations: [ScorerTests.obs("MYS", "a", 2020, 40)])
    #expect(one.country("MYS")?.node("P")?.score == nil)
    let two = try Scorer(framework: framework).score(
      observations: [ScorerTests.obs("MYS", "a", 2020, 40), ScorerTests.obs("MYS", "b", 2020, 60)])
    #expect(two.country("MYS")?.node("P")?.score == 50)
  }

  @Test func defaultReferenceYearNeedsAFifthOfTheIndicators() throws {
    // Five indicators: a year counts when at least one (a fifth) has data — 2022 here.
    let scorer = Scorer(framework: ScorerTests.framework)
    #expect(scorer.defaultReferenceYear(observations: ScorerTests.data) == 2022)
    // Ten indicators would need two: a lone 2023 value does not set the year.
    var framework = ScorerTests.framework
    framework.dimensions[1].pillars[0].indicators += (1...5).map { ScorerTests.spec("E\($0)", .higher, 0, 1) }
    let lone = ScorerTests.data + [ScorerTests.obs("MYS", "E1", 2023, 0.5)]
    #expect(Scorer(framework: framework).defaultReferenceYear(observations: lone) == 2022)
  }

  @Test(arguments: [UInt64(7), 99, 2024])
  func observationOrderDoesNotMatter(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let shuffled = ScorerTests.data.shuffled(using: &generator)
    let scorer = Scorer(framework: ScorerTests.framework)
    #expect(
      try scorer.score(observations: shuffled, referenceYear: 2022)
        == scorer.score(observations: ScorerTests.data, referenceYear: 2022))
  }

  /// A quarterly value must not stand in for the annual one, whatever the order of the input.
  @Test(arguments: [false, true])
  func subAnnualPeriodsAreNotScored(reversed: Bool) throws {
    var data = [ScorerTests.obs("MYS", "X", 2021, 60)]
    data.append(
      Observation(
        country: "MYS", areaKind: .country, indicator: "X", period: "2021-Q4", value: 99, location: "q",
        source: SourceInfo(publisher: "Test")))
    data.append(
      Observation(
        country: "MYS", areaKind: .country, indicator: "X", period: "2022-03", value: 10, location: "m",
        source: SourceInfo(publisher: "Test")))
    if reversed { data.reverse() }
    let result = try Scorer(framework: ScorerTests.framework).score(observations: data, referenceYear: 2022)
    #expect(result.country("MYS")?.indicator("X")?.raw == 60)
    #expect(result.country("MYS")?.indicator("X")?.year == 2021)
  }

  @Test func noDataIsAClearError() {
    #expect(throws: ReadinessError.self) { try Scorer(framework: ScorerTests.framework).score(observations: []) }
  }
}

@Suite("Framework weights, aggregation and uncertainty")
struct FrameworkUncertaintyTests {
  /// MYS A.1 from X = 60 and Y = 50: weights 3 and 1 give (3·60 + 50)/4 = 57.5; a geometric mean
  /// gives √(60·50).
  @Test func weightsAndGeometricAggregation() throws {
    var weighted = Scorer(framework: ScorerTests.framework)
    weighted.weights = ["X": 3, "Y": 1]
    let result = try weighted.score(observations: ScorerTests.data, referenceYear: 2022)
    #expect(result.country("MYS")?.node("A.1")?.score == 57.5)
    var geometric = Scorer(framework: ScorerTests.framework)
    geometric.aggregation = "geometric"
    let g = try geometric.score(observations: ScorerTests.data, referenceYear: 2022)
    #expect(abs((g.country("MYS")?.node("A.1")?.score ?? 0) - (60.0 * 50).squareRoot()) < 1e-9)
  }

  @Test func noUncertaintyCollapsesOntoTheNominalScores() throws {
    let result = try FrameworkUncertainty(
      framework: ScorerTests.framework, observations: ScorerTests.data, referenceYear: 2022, spec: .init()
    ).run(runs: 20, seed: 1)
    let mys = try #require(result.units.first { $0.unit == "MYS" })
    #expect(mys.nominalScore == 76.25 && mys.p5Score == 76.25 && mys.p95Score == 76.25)
    #expect(mys.p5Rank == 1 && mys.p95Rank == 1)
  }

  @Test func deterministicAndOrdered() throws {
    let spec = CoinUncertainty.Spec(weights: .init(noise: 0.5), aggregate: ["arithmetic", "geometric"])
    let analysis = FrameworkUncertainty(
      framework: ScorerTests.framework, observations: ScorerTests.data, referenceYear: 2022, spec: spec)
    let a = try analysis.run(runs: 300, seed: 4)
    let b = try analysis.run(runs: 300, seed: 4)
    #expect(a.units == b.units)
    for unit in a.units where unit.nominalScore != nil {
      #expect((unit.p5Score ?? 0) <= (unit.medianScore ?? 0) && (unit.medianScore ?? 0) <= (unit.p95Score ?? 0))
    }
    #expect(throws: ReadinessError.self) {
      try FrameworkUncertainty(
        framework: ScorerTests.framework, observations: ScorerTests.data, referenceYear: 2022,
        spec: .init(aggregate: ["copeland"])
      ).run(runs: 5)
    }
  }
}

@Suite("Compiled framework aggregation")
struct FrameworkAggregationTests {
  /// Random data for the real default framework (25 indicators, many missing) scored by the
  /// ``Scorer`` with random weights, arithmetic and geometric: re-aggregating the indicator scores
  /// through ``FrameworkAggregation`` gives the same numbers, bit for bit, at every node.
  @Test(arguments: [false, true]) func reproducesTheScorer(geometric: Bool) throws {
    let framework = try Framework.bundledDefault()
    var generator = SeededGenerator(seed: geometric ? 11 : 7)
    let series = framework.requiredSeries.sorted()
    var observations: [Observation] = []
    for c in 0..<60 {
      let iso3 = "C" + String(format: "%02d", c)
      for code in series where generator.unit() < 0.75 {
        let value = code == "SP.POP.TOTL" ? 1e6 + 1e7 * generator.unit() : 120 * generator.unit() - 10
        observations.append(
          Observation(country: iso3, areaKind: .country, indicator: code, period: "2020", value: value, location: "t"))
      }
    }
    var table: [String: Double] = [:]
    for code in framework.dimensions.flatMap({ d in
      [d.code] + d.pillars.flatMap { p in [p.code] + p.indicators.map(\.code) }
    }) {
      table[code] = 0.2 + 2 * generator.unit()
    }
    var scorer = Scorer(framework: framework)
    scorer.weights = table
    scorer.aggregation = geometric ? "geometric" : "arithmetic"
    let result = try scorer.score(observations: observations, referenceYear: 2020)
    let aggregation = FrameworkAggregation(framework: framework)
    #expect(result.countries.count == 60)
    var scoredIndex = 0
    for country in result.countries {
      let scores = aggregation.aggregate(
        aggregation.indicatorScores(of: country), weights: aggregation.weights(table), geometric: geometric)
      #expect(scores.index == country.index.score)
      #expect(scores.dimensions == country.dimensions.map(\.score))
      #expect(scores.pillars == country.pillars.map(\.score))
      if scores.index != nil { scoredIndex += 1 }
    }
    // The data leave some countries unscored and score others: both paths are exercised.
    #expect(scoredIndex > 10 && scoredIndex < 60)
  }
}

@Suite("Framework audit and Sobol sensitivity")
struct FrameworkAuditTests {
  /// Dimension A = sub-pillar A.1 = mean(X, Y); B = B.1 = Z; index = mean(A, B); goalposts 0–100.
  static let framework: Framework = {
    func spec(_ code: String) -> IndicatorSpec {
      IndicatorSpec(
        code: code, name: code, unit: "%", direction: .higher, goalposts: [0, 100], source: .init(organisation: "O"))
    }
    return Framework(
      id: "audit", name: "Audit", version: "1", label: "unofficial",
      dimensions: [
        Dimension(
          code: "A", name: "A", pillars: [Pillar(code: "A.1", name: "A.1", indicators: [spec("X"), spec("Y")])]),
        Dimension(code: "B", name: "B", pillars: [Pillar(code: "B.1", name: "B.1", indicators: [spec("Z")])]),
      ])
  }()

  /// (X, Y, Z): P (10, 30, 90) → A 20, index 55;  Q (50, 50, 20) → A 50, 35;  R (90, 70, 40) → A 80, 60;
  /// S (40, 20, 60) → A 30, 45. Index ranks R 1, P 2, S 3, Q 4.
  static func result() throws -> ScoreResult {
    let values: [(String, Double, Double, Double)] = [
      ("P", 10, 30, 90), ("Q", 50, 50, 20), ("R", 90, 70, 40), ("S", 40, 20, 60),
    ]
    let observations = values.flatMap { c, x, y, z in
      zip(["X", "Y", "Z"], [x, y, z]).map {
        Observation(country: c, areaKind: .country, indicator: $0, period: "2020", value: $1, location: "t")
      }
    }
    return try Scorer(framework: framework).score(observations: observations, referenceYear: 2020)
  }

  @Test func auditByHand() throws {
    let report = FrameworkAudit.run(try Self.result(), framework: Self.framework)
    #expect(report.indicators.map(\.code) == ["X", "Y", "Z"])
    #expect(report.indicators[0].mean == 47.5 && report.indicators[0].availability == 1)
    func component(_ code: String) throws -> CoinAudit.Component {
      try #require(report.components.first { $0.code == code })
    }
    // Dropping Z takes B.1 and B with it: the index becomes A (20, 50, 80, 30): ranks R 1, Q 2, S 3, P 4;
    // shifts from (P 2, Q 4, R 1, S 3): P 2, Q 2, R 0, S 0.
    let z = try component("Z")
    #expect(z.parent == "B.1" && z.maxRankShift == 2 && z.meanRankShift == 1)
    // Dropping B itself is the same build.
    #expect(try component("B").maxRankShift == 2)
    // Dropping X: A = Y (30, 50, 70, 20); index (60, 35, 55, 40): P 1, R 2, S 3, Q 4 → shifts 1, 0, 1, 0.
    #expect(try component("X").maxRankShift == 1 && component("X").meanRankShift == 0.5)
    // Correlation of X (10, 50, 90, 40) with A.1 (20, 50, 80, 30), computed independently by hand:
    // deviations of X from 47.5 and of A.1 from 45: Σxy = 2550, Σx² = 3275, Σy² = 2100 → 2550/√(3275·2100).
    let expected = 2550 / (3275.0 * 2100).squareRoot()
    #expect(abs((try component("X").pearson ?? 0) - expected) < 1e-12)
    #expect(report.groups.map(\.code) == ["INDEX", "A", "A.1", "B", "B.1"])
  }

  @Test func sobolIsDeterministicAndFindsTheInertFactor() throws {
    let result = try Self.result()
    // Both aggregation "alternatives" are arithmetic: that factor can change nothing.
    let spec = CoinUncertainty.Spec(weights: .init(noise: 0.6), aggregate: ["arithmetic", "arithmetic"])
    let analysis = FrameworkSensitivity(framework: Self.framework, result: result, spec: spec)
    let a = try analysis.run(samples: 200, seed: 5, bootstrap: 50)
    let b = try analysis.run(samples: 200, seed: 5, bootstrap: 50)
    #expect(a.factors == b.factors && a.builds == 800)
    let aggregate = try #require(a.factors.first { $0.name == "aggregate" })
    let weights = try #require(a.factors.first { $0.name == "weights" })
    #expect(abs(aggregate.first) < 1e-12 && abs(aggregate.total) < 1e-12)
    #expect(weights.total > 0.9)
    #expect(throws: ReadinessError.self) {
      try FrameworkSensitivity(framework: Self.framework, result: result, spec: .init()).run(samples: 50, seed: 1)
    }
  }
}

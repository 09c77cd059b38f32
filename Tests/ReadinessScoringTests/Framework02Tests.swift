import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessScoring

/// The rules framework 0.2 added: weights, a census's zero, sums of series, a sub-pillar's own
/// coverage and a stated reference year — each on numbers worked out by hand.
@Suite("Framework 0.2 rules")
struct Framework02Tests {
  static func spec(_ code: String, _ low: Double = 0, _ high: Double = 100) -> IndicatorSpec {
    IndicatorSpec(
      code: code, name: code, unit: "u", direction: .higher, goalposts: [low, high], source: .init(organisation: "T"))
  }

  static func obs(_ country: String, _ indicator: String, _ year: Int, _ value: Double) -> Observation {
    Observation(
      country: country, areaKind: .country, indicator: indicator, period: String(year), value: value,
      location: "line 1", source: SourceInfo(publisher: "T"))
  }

  /// X 80 (weight 3) and Y 40 (weight 1): (3·80 + 40)/4 = 70, not the equal-weight 60. Pillar P2
  /// (weight 2) scores 10: dimension (2·10 + 70)/3 = 30.
  @Test func weightsInTheFile() throws {
    var x = Self.spec("X")
    x.weight = 3
    var p2 = Pillar(code: "P2", name: "P2", indicators: [Self.spec("Z")])
    p2.weight = 2
    let framework = Framework(
      id: "t", name: "T", version: "1", label: "u",
      dimensions: [
        Dimension(
          code: "D", name: "D", pillars: [Pillar(code: "P1", name: "P1", indicators: [x, Self.spec("Y")]), p2])
      ])
    let result = try Scorer(framework: framework).score(
      observations: [Self.obs("KEN", "X", 2020, 80), Self.obs("KEN", "Y", 2020, 40), Self.obs("KEN", "Z", 2020, 10)],
      referenceYear: 2020)
    let ken = try #require(result.countries.first)
    #expect(ken.pillars[0].score == 70)
    #expect(abs((ken.dimensions[0].score ?? 0) - 30) < 1e-12)
    // The aggregation the uncertainty engine re-runs gives the same numbers.
    let aggregation = FrameworkAggregation(framework: framework)
    let again = aggregation.aggregate(aggregation.indicatorScores(of: ken))
    #expect(again.pillars[0] == 70 && again.index == ken.index.score)
    // A multiplier multiplies the file's weight: X × 1/3 gives equal weights again, (80 + 40)/2.
    let perturbed = aggregation.aggregate(
      aggregation.indicatorScores(of: ken), weights: aggregation.weights(["X": 1.0 / 3]))
    #expect(abs((perturbed.pillars[0] ?? 0) - 60) < 1e-9)
  }

  /// A census (`missing: zero`): a country not listed scores the zero's score; an ordinary
  /// indicator's gap stays a gap.
  @Test func censusZeroAndSumOf() throws {
    var models = Self.spec("MODELS", 0, 10)
    models.missing = .zero
    models.missingReason = "a census"
    var regions = Self.spec("REGIONS", 0, 10)
    regions.sumOf = ["R.A", "R.B"]
    regions.missing = .zero
    regions.missingReason = "complete lists"
    let framework = Framework(
      id: "t", name: "T", version: "1", label: "u",
      dimensions: [
        Dimension(
          code: "D", name: "D",
          pillars: [Pillar(code: "P", name: "P", indicators: [models, regions, Self.spec("OTHER")])])
      ])
    let data = [
      Self.obs("KEN", "OTHER", 2020, 50), Self.obs("KEN", "R.A", 2020, 2),
      Self.obs("MYS", "OTHER", 2020, 70), Self.obs("MYS", "MODELS", 2019, 5), Self.obs("MYS", "R.A", 2020, 3),
      Self.obs("MYS", "R.B", 2020, 4),
    ]
    let result = try Scorer(framework: framework).score(observations: data, referenceYear: 2020)
    let ken = try #require(result.countries.first { $0.iso3 == "KEN" })
    let mys = try #require(result.countries.first { $0.iso3 == "MYS" })
    #expect(ken.indicators[0].value == 0 && ken.indicators[0].score == 0)  // not in the census
    #expect(ken.indicators[0].location?.contains("counted as zero") == true)
    #expect(ken.indicators[1].value == 2 && ken.indicators[1].score == 20)  // 2 + 0 (R.B not listed)
    #expect(mys.indicators[0].value == 5 && mys.indicators[0].score == 50)
    #expect(mys.indicators[1].value == 7 && mys.indicators[1].score == 70)  // 3 + 4
    #expect(ken.pillars[0].score.map { abs($0 - (0 + 20 + 50) / 3) < 1e-9 } == true)
  }

  /// A sub-pillar's own coverage: one of three indicators is enough at 0.3, not at the default 0.5.
  @Test func pillarCoverageAndStatedReferenceYear() throws {
    var pillar = Pillar(code: "P", name: "P", indicators: [Self.spec("A"), Self.spec("B"), Self.spec("C")])
    let data = [Self.obs("KEN", "A", 2018, 40), Self.obs("KEN", "A", 2024, 90)]
    var framework = Framework(
      id: "t", name: "T", version: "1", label: "u", dimensions: [Dimension(code: "D", name: "D", pillars: [pillar])])
    #expect(
      try Scorer(framework: framework).score(observations: data, referenceYear: 2020).countries.first?.pillars[0].score
        == nil)
    pillar.coverage = 0.3
    framework.dimensions[0].pillars[0] = pillar
    framework.scoring.referenceYear = 2020
    // The file's reference year (2020, window 2016–2020) wins over the data's latest year (2024).
    let result = try Scorer(framework: framework).score(observations: data)
    #expect(result.referenceYear == 2020)
    #expect(result.countries.first?.pillars[0].score == 40)
  }

  @Test(arguments: [
    ("theme: cloud", "theme \"cloud\""),
    ("ram: [T9]", "ram code \"T9\""),
    ("missing: zero", "missing_reason"),
    ("weight: -1", "weight must be a positive number"),
    ("sum_of: [X]", "sum_of must list other series"),
  ])
  func badFrameworkKeys(line: String, message: String) throws {
    let yaml = """
      schema: readiness-framework/1
      id: t
      name: T
      version: "1"
      label: u
      description: d
      scoring: {window_years: 5, coverage: {pillar: 0.5, dimension: 0.5, index: 0.8}, bands: [[0, 100, "All"]]}
      dimensions:
        - code: D
          name: D
          pillars:
            - code: P
              name: P
              indicators:
                - code: X
                  name: X
                  unit: u
                  direction: higher
                  goalposts: [0, 1]
                  lever: policy
                  rationale: r
                  source: {organisation: o, dataset: d, licence: l, url: u}
                  \(line)
      """
    do {
      _ = try Framework.parse(yaml: yaml)
      Issue.record("\(line) must be refused")
    } catch {
      #expect(error.code == .invalidConfiguration)
      #expect(error.message.contains(message), "\(error)")
    }
  }

  /// The default framework meets the issue's floor: 40+ indicators, 8+ on AI capacity, 3+ on
  /// compute, every indicator with a theme and RAM codes, a reason for every census zero.
  @Test func defaultFrameworkFloor() throws {
    let framework = try Framework.load(path: TestPaths.indicators + "/frameworks/ram-digital-divide.yaml")
    let indicators = framework.indicators
    #expect(framework.version == "0.2.0")
    #expect(indicators.count >= 40)
    #expect(indicators.filter { $0.theme == "ai-capacity" }.count >= 8)
    #expect(indicators.filter { $0.theme == "compute" }.count >= 3)
    #expect(indicators.allSatisfy { $0.theme != nil && !($0.ram ?? []).isEmpty })
    let old = try Framework.load(path: TestPaths.indicators + "/frameworks/ram-digital-divide-0.1.0.yaml")
    #expect(old.version == "0.1.0" && old.indicators.count == 25)
  }
}

/// Rank agreement against hand-worked values.
@Suite("Rank agreement")
struct RankAgreementTests {
  /// x = 1…5, y = (1, 3, 2, 5, 4): d² = 0+1+1+1+1 = 4, rho = 1 − 6·4/(5·24) = 0.8; pairs: 10,
  /// discordant (2,3) and (4,5) → tau = (8 − 2)/10 = 0.6.
  @Test func spearmanAndKendallByHand() {
    let x: [Double] = [1, 2, 3, 4, 5]
    let y: [Double] = [1, 3, 2, 5, 4]
    #expect(abs((RankAgreement.spearman(x, y) ?? 0) - 0.8) < 1e-12)
    #expect(abs((RankAgreement.kendallTauB(x, y) ?? 0) - 0.6) < 1e-12)
    // Ties: x = (1, 1, 2), y = (1, 2, 3): n0 = 3, ties in x 1, concordant 2, discordant 0 →
    // tau-b = 2 / sqrt((3 − 1)·3) = 0.8165.
    #expect(abs((RankAgreement.kendallTauB([1, 1, 2], [1, 2, 3]) ?? 0) - 2 / 6.0.squareRoot()) < 1e-12)
  }

  static func result(_ scores: [(String, Double, Double)]) -> ScoreResult {
    ScoreResult(
      framework: FrameworkInfo(id: "t", name: "T", version: "1", label: "u", sha256: nil), referenceYear: 2024,
      windowStart: 2019,
      countries: scores.map { iso3, index, pillar in
        CountryScore(
          iso3: iso3,
          index: NodeScore(code: "INDEX", name: "I", score: index, available: 1, total: 1, rank: nil, band: nil),
          dimensions: [],
          pillars: [
            NodeScore(code: "P", name: "Pillar P", score: pillar, available: 1, total: 1, rank: nil, band: nil)
          ],
          indicators: [])
      })
  }

  /// MYS is 1st in the index but 3rd externally: shift −2... computed on the common countries only
  /// (ZZZ has no external value). The bootstrap interval holds the point estimate for a perfect
  /// agreement.
  @Test func differencesAndBootstrap() {
    let ours = Self.result([("MYS", 90, 20), ("KEN", 60, 80), ("GBR", 30, 70), ("ZZZ", 10, 10)])
    let agreement = RankAgreement.compute(
      result: ours, external: ["MYS": 10, "KEN": 50, "GBR": 40], runs: 200, seed: 7)
    #expect(agreement.n == 3)
    // ours: MYS 1, KEN 2, GBR 3; theirs: KEN 1, GBR 2, MYS 3 → d = (−2, 1, 1), rho = 1 − 6·6/24 = −0.5.
    #expect(abs((agreement.spearman ?? 0) + 0.5) < 1e-12)
    let mys = agreement.differences.first { $0.iso3 == "MYS" }
    #expect(mys?.rank == 1 && mys?.externalRank == 3 && mys?.shift == -2)
    #expect(agreement.differences.first?.iso3 == "MYS")
    #expect(mys?.drivers.first?.code == "P")
    let perfect = RankAgreement.compute(result: ours, external: ["MYS": 3, "KEN": 2, "GBR": 1], runs: 200, seed: 7)
    #expect(perfect.spearman == 1)
    #expect(perfect.spearmanInterval.map { $0.lower <= 1 && $0.upper == 1 } == true)
  }
}

/// What the profile calls "not measured by open data": RAM codes no indicator is tagged with,
/// read here from the file's `ram:` lines with a plain text scan.
@Suite("RAM sub-dimensions not measured")
struct RAMCoverageTests {
  @Test func notMeasuredIsTheComplementOfTheTags() throws {
    let path = TestPaths.indicators + "/frameworks/ram-digital-divide.yaml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var tagged = Set<String>()
    for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("ram: [") {
      let inside = line.split(separator: "[")[1].split(separator: "]")[0]
      for code in inside.split(separator: ",") { tagged.insert(code.trimmingCharacters(in: .whitespaces)) }
    }
    let all =
      ["G"] + (1...8).map { "L\($0)" } + (1...5).map { "S\($0)" } + ["E1", "E2", "C1", "C2", "C3"]
      + (1...4).map { "T\($0)" }
    let expected = all.filter { !tagged.contains($0) }
    let framework = try Framework.load(path: path)
    #expect(framework.ramNotMeasured == expected)
    #expect(expected.count <= 5)  // 17 of 22 sub-dimensions and the general block reached by open data
  }
}

import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import Testing
import _ReadinessTestSupport

/// A six-country world small enough to work every section out by hand (see each test).
///
/// Framework: dimension A = sub-pillar A.1 = mean(X, Y); dimension B = sub-pillar B.1 = Z;
/// index = mean(A, B); goalposts 0–100, so scores equal values. Values (X, Y, Z) in 2020:
///
///     MYS 40 60 50 → A 50, B 50, index 50      IDN 90 50 30 → 70, 30, 50
///     THA 70 70 80 → 70, 80, 75                SGP 100 90 95 → 95, 95, 95
///     VNM 20 30 40 → 25, 40, 32.5              KEN 60 20 90 → 40, 90, 65
///
/// Index ranks: SGP 1, THA 2, KEN 3, MYS = IDN 4, VNM 6. MYS's ASEAN peers: IDN, THA, SGP, VNM.
enum World {
  static let values: [String: (Double, Double, Double)] = [
    "MYS": (40, 60, 50), "IDN": (90, 50, 30), "THA": (70, 70, 80), "SGP": (100, 90, 95), "VNM": (20, 30, 40),
    "KEN": (60, 20, 90),
  ]

  static func framework(indicatorName: String = "Indicator X") -> Framework {
    func spec(_ code: String, _ name: String, lever: IndicatorSpec.Lever) -> IndicatorSpec {
      var spec = IndicatorSpec(
        code: code, name: name, unit: "%", direction: .higher, goalposts: [0, 100],
        source: .init(organisation: "Org", licence: "CC BY 4.0"))
      spec.lever = lever
      return spec
    }
    return Framework(
      id: "world", name: "World index", version: "1", label: "RAM-aligned, unofficial",
      dimensions: [
        Dimension(
          code: "A", name: "Dimension A",
          pillars: [
            Pillar(
              code: "A.1", name: "Pillar A.1",
              indicators: [spec("X", indicatorName, lever: .policy), spec("Y", "Indicator Y", lever: .structural)])
          ]),
        Dimension(
          code: "B", name: "Dimension B",
          pillars: [Pillar(code: "B.1", name: "Pillar B.1", indicators: [spec("Z", "Indicator Z", lever: .structural)])]
        ),
      ])
  }

  static func observations(publisher: String = "Publisher") -> [Observation] {
    values.flatMap { iso3, v in
      zip(["X", "Y", "Z"], [v.0, v.1, v.2]).map { code, value in
        Observation(
          country: iso3, areaKind: .country, indicator: code, period: "2020", value: value, location: "line 1",
          source: SourceInfo(publisher: publisher, dataset: "D", file: "f.csv"))
      }
    }
  }

  static func reference(countryName: String = "Malaysia") -> ReferenceData {
    var reference = ReferenceData()
    let umc = "Upper middle income"
    reference.add(Country(iso3: "MYS", name: countryName, region: "Asia", incomeGroup: umc))
    reference.add(Country(iso3: "IDN", name: "Indonesia", region: "Asia", incomeGroup: umc))
    reference.add(Country(iso3: "THA", name: "Thailand", region: "Asia", incomeGroup: umc))
    reference.add(Country(iso3: "SGP", name: "Singapore", region: "Asia", incomeGroup: "High income"))
    reference.add(Country(iso3: "VNM", name: "Viet Nam", region: "Asia", incomeGroup: "Lower middle income"))
    reference.add(Country(iso3: "KEN", name: "Kenya", region: "Africa", incomeGroup: "Lower middle income"))
    reference.addBorder("MYS", "IDN")
    reference.addBorder("MYS", "THA")
    reference.addBloc("ASEAN", members: ["IDN", "MYS", "SGP", "THA", "VNM"])
    return reference
  }

  static func builder(
    options: ProfileOptions = World.options(), framework: Framework = World.framework(),
    reference: ReferenceData = World.reference(), publisher: String = "Publisher"
  ) throws -> ProfileBuilder {
    let result = try Scorer(framework: framework).score(
      observations: observations(publisher: publisher), referenceYear: 2020)
    return ProfileBuilder(
      result: result, framework: framework, reference: reference, softwareVersion: "t", options: options)
  }

  static func options() -> ProfileOptions {
    var options = ProfileOptions()
    options.peers = ["bloc:ASEAN", "income", "neighbours", "similar:2"]
    return options
  }
}

@Suite("Profile sections, worked by hand")
struct ProfileBuilderTests {
  @Test func peerGroupsAndSimilarity() throws {
    let profile = try World.builder().profile("MYS")
    #expect(profile.peerGroups.map(\.id) == ["bloc:ASEAN", "income", "neighbours", "similar"])
    let asean = profile.peerGroups[0]
    // Members best first: SGP 95, THA 75, IDN 50, VNM 32.5; median (75 + 50) / 2; MYS 50 ties IDN → 3rd of 5.
    #expect(asean.members.map(\.iso3) == ["SGP", "THA", "IDN", "VNM"])
    #expect(asean.medianScore == 62.5)
    #expect(asean.rankInGroup == 3 && asean.scoredCount == 5)
    #expect(profile.peerGroups[1].members.map(\.iso3) == ["THA", "IDN"])
    #expect(profile.peerGroups[2].members.map(\.iso3) == ["THA", "IDN"])
    // RMS distance over (A, B) from (50, 50): VNM √((625 + 100)/2) = 19.04, IDN 20, THA 25.5, KEN 29.2, SGP 45.
    #expect(profile.peerGroups[3].members.map(\.iso3).sorted() == ["IDN", "VNM"])
    // Scorecard medians of A among ASEAN peers: 70, 70, 95, 25 → 70; of B: 30, 80, 95, 40 → 60.
    #expect(profile.scorecard.map { $0.peerMedians.first ?? nil } == [70, 60])
    #expect(profile.scorecard.map(\.frontier) == [95, 95])
  }

  @Test func strengthsAndWeaknesses() throws {
    let profile = try World.builder().profile("MYS")
    // X: 40 beats only VNM's 20 of 90, 70, 100, 20 → percentile 25 → weakness; median (70 + 90)/2 = 80.
    // Y (60 vs 50, 70, 90, 30) and Z (50 vs 30, 80, 95, 40) sit at the 50th percentile, within one SD.
    #expect(profile.strengths.isEmpty)
    #expect(profile.weaknesses.map(\.code) == ["X"])
    let x = try #require(profile.weaknesses.first)
    #expect(x.percentile == 25 && x.peerMedian == 80 && x.peersWithData == 4)
    #expect(x.reason == "lower than 3 of the 4 ASEAN peers with data")
  }

  @Test func leversRerunTheAggregation() throws {
    let profile = try World.builder().profile("MYS")
    // Z → SGP's 95: B = 95, index (50 + 95)/2 = 72.5, +22.5, rank 3 (only 95 and 75 above).
    // Z → top quartile of 30, 40, 80, 95 (type 7: 80 + 0.25·15 = 83.75): index 66.875, +16.875.
    // Z → 100: index 75, +25, rank 2 (tied with THA).
    // X → SGP's 100: A.1 = (100 + 60)/2 = 80, index 65, +15; top quartile 92.5 → index 63.125.
    // Y → SGP's 90: A.1 = 65, index 57.5, +7.5.
    #expect(profile.levers.map(\.code) == ["Z", "X", "Y"])
    let z = profile.levers[0]
    #expect(z.type == "structural" && z.score == 50)
    #expect(z.targets.map(\.kind) == ["best peer", "peer top quartile", "goalpost"])
    #expect(z.targets.map(\.gain) == [22.5, 16.875, 25])
    #expect(z.targets.map(\.newRank) == [3, 3, 2])
    #expect(z.targets[0].setBy == "SGP")
    let x = profile.levers[1]
    #expect(x.type == "policy")
    #expect(x.targets.map(\.newScore) == [65, 63.125, 65])
    #expect(profile.levers[2].bestGain == 7.5)
  }

  /// Top three levers together: X → 100, Y → 90, Z → 95 gives A.1 = 95, B = 95, index 95 (+45),
  /// tied first with SGP; the only policy lever, X → 100, gives 65, rank 3.
  @Test func scenariosCombineLevers() throws {
    let profile = try World.builder().profile("MYS")
    #expect(profile.scenarios.count == 2)
    let top = profile.scenarios[0]
    #expect(top.changes.map(\.code) == ["Z", "X", "Y"] && top.changes.map(\.to) == [95, 100, 90])
    #expect(top.newScore == 95 && top.gain == 45 && top.newRank == 1 && top.newBand != nil)
    let policy = profile.scenarios[1]
    #expect(policy.changes.map(\.code) == ["X"] && policy.newScore == 65 && policy.newRank == 3)
  }

  @Test func partners() throws {
    let profile = try World.builder().profile("MYS")
    // Both dimensions are below the ASEAN medians (70, 60), so both are weak and mutuality is 0.
    // Complementarity = Σ max(0, B_d − 50)/2: SGP 45, THA 25, IDN 10, VNM 0 (left out).
    #expect(profile.partners.map(\.iso3) == ["SGP", "THA", "IDN"])
    #expect(profile.partners.map(\.complementarity) == [45, 25, 10])
    #expect(profile.partners.allSatisfy { $0.mutuality == 0 && $0.forum == "ASEAN" })
    // THA: same income group, 25 points ahead → mentor; IDN: same score → peer learner.
    #expect(profile.partners.map(\.relation) == ["complementary", "mentor", "peer learner"])
    // SGP leads on X by 60, Z by 45, Y by 30.
    #expect(profile.partners[0].theyLead.map(\.code) == ["X", "Z", "Y"])
  }

  @Test func recommendationsFollowWeaknessesAndLevers() throws {
    var options = World.options()
    options.library = RecommendationLibrary(
      disclaimer: "Prompts, not advice.",
      entries: [
        .init(key: "X", group: "laws-and-policies", action: "Pass a law on X."),
        .init(key: "A.1", group: "institutions", action: "Set up a body for A.1.", question: "Who is responsible?"),
        .init(key: "Z", group: "human-capital", action: "Train people for Z.", frameworks: ["UNESCO Recommendation"]),
      ])
    let profile = try World.builder(options: options).profile("MYS")
    // Weakness X → X's prompt; levers Z, X (already there), Y (no entry: its sub-pillar A.1's).
    #expect(profile.recommendations.map(\.key) == ["A.1", "X", "Z"])
    #expect(profile.recommendations.map(\.group) == ["institutions", "laws-and-policies", "human-capital"])
    #expect(profile.recommendations[1].trigger.hasPrefix("weakness: Indicator X"))
    #expect(profile.recommendations[0].trigger.hasPrefix("lever: Indicator Y"))
    #expect(profile.recommendationsNote == "Prompts, not advice.")
  }

  @Test func governanceDivideAndTrends() throws {
    var options = World.options()
    options.questions = QuestionBank(questions: [
      .init(
        id: "dp", indicator: "SA.LEG.DATA_PROTECTION", dimension: "LEG", text: "Data-protection law?",
        options: ["none": 0, "in_force": 1]),
      .init(id: "ai", indicator: "SA.LEG.AI_STRATEGY", text: "AI strategy?", options: ["none": 0, "adopted": 1]),
    ])
    options.lens = DivideLens(items: [
      .init(
        label: "Internet use", kind: "gender", unit: "%", indicatorA: "F", groupA: "Women", indicatorB: "M",
        groupB: "Men"),
      .init(label: "Price", kind: "affordability", unit: "% GNI", indicatorA: "P", groupA: "Price"),
    ])
    options.supplementary = SupplementaryData(
      observations: [
        Observation(
          country: "MYS", areaKind: .country, indicator: "SA.LEG.DATA_PROTECTION", period: "2020", value: 1,
          note: "in_force; evidence: https://example.org/pdpa", location: "line 3",
          source: SourceInfo(publisher: "national self-assessment")),
        Observation(country: "MYS", areaKind: .country, indicator: "F", period: "2019", value: 80, location: "l"),
        Observation(country: "MYS", areaKind: .country, indicator: "F", period: "2014", value: 10, location: "l"),
        Observation(country: "MYS", areaKind: .country, indicator: "M", period: "2020", value: 90, location: "l"),
      ],
      windowStart: 2016, referenceYear: 2020)
    let framework = World.framework()
    options.history = [try Scorer(framework: framework).score(observations: World.observations(), referenceYear: 2021)]
    let profile = try World.builder(options: options).profile("MYS")
    #expect(profile.governance.map(\.status) == ["answered", "not assessed"])
    #expect(profile.governance[0].answer == "in force" && profile.governance[0].evidence == "https://example.org/pdpa")
    // 2014 is outside the window: the 2019 value is used; gap 80 − 90.
    #expect(profile.divide[0].gap == -10 && profile.divide[0].year == 2020 && profile.divide[0].status == "collected")
    #expect(profile.divide[1].status == "not collected" && profile.divide[1].valueA == nil)
    // Two reference years (2020 and 2021, whose window still holds the 2020 values).
    #expect(profile.trends.first?.points.map(\.year) == [2020, 2021])
    #expect(profile.trends.first?.points.map(\.score) == [50, 50])
  }

  /// The profile's numbers are the engine's: scores, ranks and the uncertainty interval.
  @Test func numbersEqualTheEngine() throws {
    let framework = World.framework()
    let result = try Scorer(framework: framework).score(observations: World.observations(), referenceYear: 2020)
    let analysis = try FrameworkUncertainty(
      framework: framework, observations: World.observations(), referenceYear: 2020,
      spec: .init(weights: .init(noise: 0.3), aggregate: ["arithmetic", "geometric"])
    ).run(runs: 200, seed: 9)
    var options = World.options()
    options.uncertainty = analysis
    let builder = ProfileBuilder(
      result: result, framework: framework, reference: World.reference(), softwareVersion: "t", options: options)
    for country in result.countries {
      let profile = try builder.profile(country.iso3)
      #expect(profile.headline.score == country.index.score && profile.headline.rank == country.index.rank)
      #expect(profile.scorecard.map(\.score) == country.dimensions.map(\.score))
      #expect(
        profile.dimensions.flatMap(\.pillars).flatMap(\.indicators).map(\.score) == country.indicators.map(\.score))
      let unit = try #require(analysis.units.first { $0.unit == country.iso3 })
      #expect(profile.headline.rankInterval?.low == unit.p5Rank && profile.headline.rankInterval?.high == unit.p95Rank)
      #expect(profile.robustness?.runs == 200)
    }
  }

  @Test func unknownPeerGroupIsAClearError() throws {
    var options = World.options()
    options.peers = ["bloc:NOPE"]
    let error = #expect(throws: ReadinessError.self) { try World.builder(options: options).profile("MYS") }
    #expect(error?.code == .invalidConfiguration)
    #expect(error?.message.contains("ASEAN") == true)
  }
}

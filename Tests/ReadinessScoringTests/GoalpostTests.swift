import ReadinessCore
import ReadinessScoring
import Testing

@Suite("Goalpost normalisation")
struct GoalpostTests {
  @Test(arguments: [
    // value, low, high, direction, transform, expected (worked by hand)
    (1.04, -2.5, 2.5, IndicatorSpec.Direction.higher, IndicatorSpec.Transform.none, 70.8),  // (1.04+2.5)/5
    (11.0, 2.0, 20.0, .lower, .none, 50.0),  // (20-11)/18
    (25.0, 2.0, 20.0, .lower, .none, 0.0),  // beyond the worst goalpost: clamped
    (1.0, 2.0, 20.0, .lower, .none, 100.0),  // better than the best: clamped
    (120.0, 0.0, 100.0, .higher, .none, 100.0),
    (1000.0, 1.0, 1000.0, .higher, .log10, 100.0),
    (10.0, 1.0, 1000.0, .higher, .log10, 100.0 / 3.0),  // log10(10)/log10(1000) = 1/3
    (0.0, 0.01, 1000.0, .higher, .log10, 0.0),  // ≤ 0 under log sits at the low goalpost
  ])
  func handWorkedScores(
    value: Double, low: Double, high: Double, direction: IndicatorSpec.Direction, transform: IndicatorSpec.Transform,
    expected: Double
  ) {
    let score = Goalposts.score(value, low: low, high: high, direction: direction, transform: transform)
    #expect(abs(score - expected) < 1e-9, "\(score) != \(expected)")
  }

  @Test func logScoreOfMalaysiasArticles() {
    // 730.3 articles per million on [1, 3000]: log10(730.3) = 2.863502, log10(3000) = 3.477121
    let score = Goalposts.score(730.3, low: 1, high: 3000, direction: .higher, transform: .log10)
    #expect(abs(score - 82.3524) < 1e-3)
  }

  @Test func competitionRanksTiesTakeTheMinimum() {
    #expect(competitionRanks([50, 70, 70, nil, 10]) == [3, 1, 1, nil, 4])
    #expect(competitionRanks([1, 1, 1]) == [1, 1, 1])
    #expect(competitionRanks([0.1 + 0.2, 0.3]) == [1, 1], "floating-point noise is not a difference")
  }
}

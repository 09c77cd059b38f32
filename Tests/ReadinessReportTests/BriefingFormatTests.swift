import ReadinessCore
import Testing

@testable import ReadinessReport

/// One number format in every renderer, and peer listings capped near the country.
@Suite struct BriefingFormatTests {
  @Test(arguments: [
    (26959.2, "26,959.2"), (1218.34, "1,218.3"), (-1234.56, "-1,234.6"), (999.95, "1,000.0"), (999.94, "999.9"), (1000, "1,000.0"),
    (99_999.96, "100,000.0"), (106_032.4, "106,032"), (250.25, "250.2"), (12.345, "12.35"), (0.01234, "0.0123"),
  ])
  func valuesAreGroupedFromAThousand(value: Double, text: String) {
    #expect(Formatting.value(value) == text)
  }

  static func peers(_ scores: [Double]) -> [CountryProfile.Peer] {
    scores.enumerated().map { index, score in
      CountryProfile.Peer(iso3: "C\(index)", name: "C\(index)", score: score, rank: index + 1, dimensions: [])
    }
  }

  /// 40 members scoring 80, 79, …, 41 (best first); a country scoring 60.5 stands between 61 (index
  /// 19) and 60 (index 20): the window of 15 starts 7 before, at index 13 (score 67), and ends at 53.
  @Test func largeGroupsListTheFifteenNearest() {
    let members = Self.peers((0..<40).map { 80 - Double($0) })
    let shown = MarkdownRenderer.nearestMembers(members, to: 60.5, count: 15)
    #expect(shown.map(\.score) == (13..<28).map { 80 - Double($0) })
    // At the top and bottom the window stays inside the list; small groups are listed whole.
    #expect(MarkdownRenderer.nearestMembers(members, to: 95, count: 15).map(\.iso3) == (0..<15).map { "C\($0)" })
    #expect(MarkdownRenderer.nearestMembers(members, to: 1, count: 15).map(\.iso3) == (25..<40).map { "C\($0)" })
    #expect(MarkdownRenderer.nearestMembers(Array(members.prefix(15)), to: 1, count: 15).count == 15)
  }
}

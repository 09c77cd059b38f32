import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessReport

/// One number format in every renderer, and peer listings capped near the country.
@Suite struct BriefingFormatTests {
  @Test(arguments: [
    (26959.2, "26,959.2"), (1218.34, "1,218.3"), (-1234.56, "-1,234.6"), (999.95, "1,000.0"), (999.94, "999.9"),
    (1000, "1,000.0"),
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

/// Lever targets from a group a briefing can defend, with the best peer's population; partners that
/// run both ways first.
@Suite struct LeverPeerTests {
  static func group(_ id: String, scored: Int) -> CountryProfile.PeerGroup {
    let members = (0..<scored).map {
      CountryProfile.Peer(iso3: "C\($0)", name: "C\($0)", score: 50, rank: $0 + 1, dimensions: [])
    }
    return CountryProfile.PeerGroup(
      id: id, label: id, members: members, medianScore: 50, rankInGroup: nil, scoredCount: scored)
  }

  @Test func worldWideGroupsGiveWayToASmallBlocThenSimilarCountries() throws {
    let income = Self.group("income", scored: 53)
    let asean = Self.group("bloc:ASEAN", scored: 9)
    let commonwealth = Self.group("bloc:COMMONWEALTH", scored: 50)
    let apec = Self.group("bloc:APEC", scored: 20)
    let similar = Self.group("similar", scored: 5)
    let region = Self.group("region", scored: 40)
    // The smallest bloc of 4–30 scored members: ASEAN (9), not APEC (20) nor the Commonwealth (50).
    #expect(ProfileBuilder.leverGroup([income, region, commonwealth, apec, asean, similar])?.id == "bloc:ASEAN")
    // No such bloc (50 members, or 3): the most similar countries, else the region.
    #expect(
      ProfileBuilder.leverGroup([income, region, commonwealth, Self.group("bloc:X", scored: 3), similar])?.id
        == "similar")
    #expect(ProfileBuilder.leverGroup([Self.group("all", scored: 170), region])?.id == "region")
    // A primary group the user chose (a region, a bloc) is kept.
    #expect(ProfileBuilder.leverGroup([region, asean])?.id == "region")
    #expect(ProfileBuilder.leverGroup([income])?.id == "income")
  }

  /// The recorded Malaysia example (examplesMatchTheCode keeps it equal to the code's output).
  @Test func malaysiasLeversComeFromASEANAndPartnersRunBothWaysFirst() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.root + "/Reports/examples/MYS.json"))
    let profile = try JSONDecoder().decode(CountryProfile.self, from: data)
    #expect(profile.leverPeers == "ASEAN")
    // Timor-Leste joined in 2025.
    let asean: Set = ["BRN", "KHM", "IDN", "LAO", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"]
    let best = profile.levers.flatMap(\.targets).filter { $0.kind == "best peer" }
    #expect(!best.isEmpty)
    for target in best {
      #expect(asean.contains(target.setBy ?? ""), "\(target.setBy ?? "")")
      #expect((target.setByPopulation ?? 0) > 100_000, "\(target.setBy ?? "")")
    }
    let directions = profile.partners.map(\.direction)
    // Every mutual pair before any one-way suggestion.
    #expect((directions.lastIndex(of: "both ways") ?? -1) < (directions.firstIndex(of: "learn from") ?? Int.max))
    for partner in profile.partners {
      #expect((partner.direction == "both ways") == (partner.mutuality >= 1))
    }
    #expect(profile.partners.first?.direction == "both ways")
  }
}

import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import Testing
import _ReadinessTestSupport

@Suite("Profiles")
struct ProfileTests {
  static let hostile =
    "<script>alert(1)</script> [click](http://evil.invalid) ![x](http://evil.invalid/p.png) | row\r\nbreak `code`"

  static func framework(name: String = "Indicator") -> Framework {
    Framework(
      id: "t", name: "T", version: "1", label: "RAM-aligned, unofficial",
      dimensions: [
        Dimension(
          code: "D", name: "Dim",
          pillars: [
            Pillar(
              code: "D.P", name: "Pil",
              indicators: [
                IndicatorSpec(
                  code: "X", name: name, unit: "%", direction: .higher, goalposts: [0, 100],
                  source: .init(organisation: "O", licence: "CC BY 4.0")),
                IndicatorSpec(
                  code: "Y", name: "Per person", unit: "per person", direction: .higher, goalposts: [0, 10],
                  perCapita: .init(denominator: "POP", scale: 1), source: .init(organisation: "O", licence: "L")),
              ])
          ])
      ])
  }

  /// A name, publisher or file taken from data can never become HTML, a link, an image or a new row.
  @Test func hostileTextStaysInertInMarkdown() throws {
    let framework = ProfileTests.framework(name: ProfileTests.hostile)
    let observations = [
      Observation(
        country: "MYS", areaKind: .country, indicator: "X", period: "2020", value: 50, location: "line 2",
        source: SourceInfo(publisher: ProfileTests.hostile, dataset: ProfileTests.hostile, file: ProfileTests.hostile))
    ]
    let result = try Scorer(framework: framework).score(observations: observations, referenceYear: 2020)
    var reference = ReferenceData()
    reference.add(Country(iso3: "MYS", name: ProfileTests.hostile))
    let profile = try ProfileBuilder(result: result, framework: framework, reference: reference, softwareVersion: "t")
      .profile("MYS")
    let markdown = MarkdownRenderer.render(profile)
    // The data's Markdown syntax is backslash-escaped, so none of it survives in raw form.
    #expect(markdown.contains(#"\<script\>alert\(1\)\</script\>"#))
    for raw in ["<script>", "[click](", "![x](", "`code`", "](http"] {
      #expect(!markdown.contains(raw), "raw \(raw) in the Markdown")
    }
    #expect(!markdown.contains("\r"))
    // Every table row still has its header's number of cells.
    var headerCells: Int?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("| ") || line.hasPrefix("|---") else {
        headerCells = nil
        continue
      }
      let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
      if let expected = headerCells { #expect(cells == expected, "\(line)") } else { headerCells = cells }
    }
  }

  /// The profile cites the denominator's source; a file that states no licence is shown as
  /// "not stated", never with the framework's licence, which the file did not grant.
  @Test func denominatorsAreCitedAndUnstatedLicencesSaidSo() throws {
    let framework = ProfileTests.framework()
    let population = SourceInfo(publisher: "World Bank", dataset: "Population", licence: "CC BY 4.0")
    let observations = [
      Observation(
        country: "MYS", areaKind: .country, indicator: "X", period: "2020", value: 40, location: "l1",
        source: SourceInfo(publisher: "Unlicensed tidy file")),
      Observation(
        country: "MYS", areaKind: .country, indicator: "Y", period: "2020", value: 100, location: "l2",
        source: SourceInfo(publisher: "Counts", licence: "CC BY 4.0")),
      Observation(
        country: "MYS", areaKind: .country, indicator: "POP", period: "2020", value: 20, location: "l3",
        source: population),
    ]
    let result = try Scorer(framework: framework).score(observations: observations, referenceYear: 2020)
    var reference = ReferenceData()
    reference.add(Country(iso3: "MYS", name: "Malaysia"))
    let profile = try ProfileBuilder(result: result, framework: framework, reference: reference, softwareVersion: "t")
      .profile("MYS")
    let indicators = profile.dimensions.flatMap(\.pillars).flatMap(\.indicators)
    let y = try #require(indicators.first { $0.code == "Y" })
    #expect(y.value == 5 && y.denominator == 20 && y.denominatorSource == population)
    #expect(profile.sources.contains(population))
    let x = try #require(indicators.first { $0.code == "X" })
    #expect(x.source?.licence == nil, "the framework's licence must not fill the gap")
    let annex = MarkdownRenderer.render(profile)
    let row = try #require(annex.split(separator: "\n").first { $0.contains("(X) |") })
    #expect(row.hasSuffix("| not stated |"), "\(row)")
    #expect(annex.contains("Unlicensed tidy file; licence not stated"))
    let csv = CSVBundleRenderer.files(profile)
    let line = try #require(
      csv.first { $0.0 == "indicators.csv" }?.1.split(separator: "\n").first { $0.contains(",X,") })
    #expect(line.contains(",Unlicensed tidy file,,not stated,"), "\(line)")
  }
}

import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

/// The World Bank API answer the fetch tests serve: the recorded one (jivesearch, ITA
/// NY.GDP.MKTP.CD, page 1 of 2) where ../shared/data exists, else our own page in its layout
/// (Tests/Fixtures/own, made-up values).
private let recordedAnswer =
  TestPaths.hasSharedData
  ? TestPaths.data("worldbank_api/xml/jivesearch_ITA_NY.GDP.MKTP.CD_truncated.xml")
  : TestPaths.root + "/Tests/Fixtures/own/wb-api-v2-page-1-of-2.xml"

/// `readiness fetch worldbank` against a loopback server that serves recorded API responses.
@Suite("Fetch from the World Bank API", .serialized)
struct FetchTests {
  /// The answer above and a second page made from it by changing the page number and years, so
  /// the fetch must follow `pages`.
  static func pages() throws -> [[UInt8]] {
    let page1 = try String(contentsOfFile: recordedAnswer, encoding: .utf8)
    let page2 = page1.replacingOccurrences(of: "page=\"1\"", with: "page=\"2\"")
      .replacingOccurrences(of: "<wb:date>2017</wb:date>", with: "<wb:date>2015</wb:date>")
      .replacingOccurrences(of: "<wb:date>2016</wb:date>", with: "<wb:date>2014</wb:date>")
    return [Array(page1.utf8), [0xEF, 0xBB, 0xBF] + Array(page2.utf8)]
  }

  @Test func followsPagesRetriesAndCachesRawResponses() throws {
    let pages = try FetchTests.pages()
    // The first request fails with 503 once: the fetcher must retry.
    let server = try LoopbackHTTPServer { target, count in
      if count == 1 { return (503, Array("busy".utf8)) }
      return target.contains("page=2") ? (200, pages[1]) : (200, pages[0])
    }
    defer { server.stop() }
    let folder = TestPaths.temporaryDirectory()
    let result = try runReadiness([
      "fetch", "worldbank", "--indicator", "NY.GDP.MKTP.CD", "--countries", "ITA", "--cache", folder + "/cache",
      "--workspace", folder + "/ws.sqlite", "--base-url", "http://127.0.0.1:\(server.port)/v2",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(server.requests.count == 3)
    #expect(server.requests.allSatisfy { $0.contains("format=xml") && $0.contains("per_page=1000") })
    #expect(server.requests.last?.contains("page=2") == true)
    #expect(result.stderr.contains("retrying"))
    let cached = folder + "/cache/worldbank/NY.GDP.MKTP.CD"
    #expect(try Data(contentsOf: URL(fileURLWithPath: cached + "/page-1.xml")) == Data(pages[0]))
    let record =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cached + "/page-2.json")))
      as? [String: Any]
    #expect((record?["url"] as? String)?.contains("page=2") == true)
    #expect(record?["retrieved"] as? String != nil)
    let csv = try runReadiness(["observations", "--workspace", folder + "/ws.sqlite", "--country", "ITA"]).stdout
    for year in ["2014", "2015", "2016", "2017"] { #expect(csv.contains("ITA,NY.GDP.MKTP.CD,\(year),")) }
    #expect(csv.contains("http://127.0.0.1:\(server.port)/v2/country/ITA/indicator/NY.GDP.MKTP.CD?format=xml"))
  }

  @Test func anAPIErrorMessageIsReportedAndNothingImported() throws {
    let error = Array(
      """
      <?xml version="1.0" encoding="utf-8"?>
      <wb:error xmlns:wb="http://www.worldbank.org"><wb:message id="120" key="Invalid value">The provided parameter value is not valid</wb:message></wb:error>
      """.utf8)
    let server = try LoopbackHTTPServer { _, _ in (200, error) }
    defer { server.stop() }
    let folder = TestPaths.temporaryDirectory()
    let result = try runReadiness([
      "fetch", "worldbank", "--indicator", "NOT.A.CODE", "--cache", folder + "/cache", "--workspace",
      folder + "/ws.sqlite", "--base-url", "http://127.0.0.1:\(server.port)/v2",
    ])
    #expect(result.status != 0)
    #expect(result.stderr.contains("Invalid value"))
    #expect(server.requests.count == 1, "an API error is not retried")
    let stored = try runReadiness(["observations", "--workspace", folder + "/ws.sqlite"])
    #expect(stored.stdout.split(separator: "\n").count <= 1, "nothing imported")
  }
}

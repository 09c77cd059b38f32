import Foundation
import Testing
import _ReadinessTestSupport

/// Issue 16, briefing outputs: the batch's ranking.csv, the audit table's columns, the comparison's
/// CSV and the values behind its scores.
@Suite("Briefing outputs (command line)", .serialized)
struct BriefingOutputTests {
  static let longCode = "IT.NET.BBND.P2.PC.LONG"

  /// One pillar of X.T and a 22-character code; goalposts 0–100, so a score is the value.
  static func setUp() throws -> (workspace: String, framework: String, folder: String) {
    let folder = TestPaths.temporaryDirectory()
    func indicator(_ code: String, _ unit: String) -> String {
      "          - {code: \(code), name: Name of \(code), unit: \"\(unit)\", direction: higher, goalposts: [0, 100], "
        + "lever: policy, rationale: r, source: {organisation: O, dataset: D, licence: CC BY 4.0, url: \"u\"}}"
    }
    let framework = folder + "/fw.yaml"
    try
      ([
        "schema: readiness-framework/1", "id: t", "name: T", "version: \"1\"", "label: L", "description: d",
        "scoring: {reference_year: 2020, window_years: 5, coverage: {pillar: 0.3, dimension: 0.5, index: 0.8}, bands: [[0, 50, \"Low\"], [50, 100, \"High\"]]}",
        "dimensions:", "  - code: D", "    name: Dim", "    pillars:", "      - code: D.P", "        name: Pil",
        "        indicators:",
        indicator("X.T", "%"), indicator(longCode, "per 100 people"),
      ].joined(separator: "\n") + "\n").write(toFile: framework, atomically: true, encoding: .utf8)
    let data = folder + "/office.csv"
    try """
    country,indicator,period,value
    IDN,X.T,2020,30
    IDN,\(longCode),2019,10
    MYS,X.T,2018,2
    MYS,\(longCode),2020,20
    THA,X.T,2020,40
    THA,\(longCode),2020,5
    KEN,X.T,2020,7

    """.write(toFile: data, atomically: true, encoding: .utf8)
    let workspace = folder + "/ws.sqlite"
    let imported = try runReadiness(["import", "--workspace", workspace, data])
    #expect(imported.status == 0, "\(imported.stderr)")
    return (workspace, framework, folder)
  }

  /// ASEAN members with data: THA mean(40, 5) = 22.5, IDN mean(30, 10) = 20, MYS mean(2, 20) = 11; Kenya
  /// (rank 4 of all, 7) is not in the group.
  @Test func batchWritesTheGroupsRanking() throws {
    let (workspace, framework, folder) = try Self.setUp()
    let result = try runReadiness([
      "batch", "--workspace", workspace, "--framework", framework, "--group", "ASEAN", "--format", "md",
      "--uncertainty-runs", "0", "--output", folder + "/out",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let ranking = try String(contentsOfFile: folder + "/out/ranking.csv", encoding: .utf8)
    #expect(
      ranking == """
        rank,iso3,name,index,band,D,D.rank,dimensions_scored,indicators_with_data,indicators_total
        1,THA,Thailand,22.5000,Low,22.5000,1,1,2,2
        2,IDN,Indonesia,20.0000,Low,20.0000,2,1,2,2
        3,MYS,Malaysia,11.0000,Low,11.0000,3,1,2,2

        """, "\(ranking)")
  }

  @Test func auditColumnsAreAsWideAsTheLongestCode() throws {
    let (workspace, framework, _) = try Self.setUp()
    let result = try runReadiness(["audit", "--workspace", workspace, "--framework", framework])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    // The code column is 22 + 2 wide in every table; the code is never cut.
    #expect(lines.contains { $0.hasPrefix(Self.longCode + "  ") && $0.contains("%") }, "\(result.stdout)")
    #expect(lines.contains { $0.hasPrefix(Self.longCode + "  D.P ") }, "\(result.stdout)")
    #expect(lines.contains { $0.hasPrefix("X.T" + String(repeating: " ", count: 21)) }, "\(result.stdout)")
    #expect(
      lines.filter { $0.hasPrefix("code ") }.allSatisfy { $0.hasPrefix("code" + String(repeating: " ", count: 20)) })
  }

  /// The Markdown comparison shows each value with its year and unit and the sources; the CSV has a row
  /// per country and index, dimension or indicator. MYS: X.T 2 (2018, score 2), the long code 20 (2020).
  @Test func compareShowsValuesYearsUnitsAndSourcesAndWritesCSV() throws {
    let (workspace, framework, _) = try Self.setUp()
    let common = ["--workspace", workspace, "--framework", framework, "--uncertainty-runs", "0", "--trend-years", "1"]
    let md = try runReadiness(["compare", "MYS", "IDN", "--format", "md"] + common)
    #expect(md.status == 0, "\(md.stderr)")
    #expect(md.stdout.contains("| Name of X.T | % | 2.00 (2018) | 30.00 (2020) |"), "\(md.stdout)")
    #expect(
      md.stdout.contains("| Name of IT.NET.BBND.P2.PC.LONG | per 100 people | 20.00 (2020) | 10.00 (2019) |"),
      "\(md.stdout)")
    #expect(
      md.stdout.contains("- Name of X.T (`X.T`): unstated \\(tidy CSV\\), licence not stated (MYS, IDN)"),
      "\(md.stdout)")
    let csv = try runReadiness(["compare", "MYS", "IDN", "--format", "csv"] + common)
    #expect(csv.status == 0, "\(csv.stderr)")
    let lines = csv.stdout.split(separator: "\n").map(String.init)
    #expect(
      lines.first == "iso3,country,level,code,name,score,rank,band,value,unit,year,publisher,dataset,licence,vintage,"
        + "source_file,source_location,reference_year")
    #expect(lines.count == 1 + 2 * 4)
    #expect(lines.contains("MYS,Malaysia,index,INDEX,T,11.000000,3,Low,,,,,,,,,,2020"), "\(csv.stdout)")
    #expect(
      lines.contains(
        "MYS,Malaysia,indicator,X.T,Name of X.T,2.000000,4,Low,2,%,2018,unstated (tidy CSV),,not stated,,office.csv,line 4,2020"
      ),
      "\(csv.stdout)")
    #expect(
      lines.contains {
        $0.hasPrefix(
          "IDN,Indonesia,indicator,\(Self.longCode),Name of \(Self.longCode),10.000000,2,Low,10,per 100 people,2019,")
      })
  }
}

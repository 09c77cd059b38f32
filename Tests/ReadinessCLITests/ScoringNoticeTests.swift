import Foundation
import Testing
import _ReadinessTestSupport

/// Issue 16, "Trust by default": what `score`, `audit` and `uncertainty` say about the reference year and
/// about framework indicators that match nothing in the workspace.
@Suite("Scoring notices (command line)", .serialized)
struct ScoringNoticeTests {
  /// Six indicators: X.T and Y.T have data; S sums X.T and a missing Q (so it has data); Z.A, Z.B and
  /// Z.C match nothing. A fifth of six is two indicators: 2020 is the latest year with two (X.T and
  /// Y.T); 2021 and 2023 have one each. So the derived reference year is 2020, not 2023.
  static func setUp(referenceYear: Int? = nil) throws -> (workspace: String, framework: String) {
    let folder = TestPaths.temporaryDirectory()
    let data = folder + "/office.csv"
    try """
    country,indicator,period,value
    MYS,X.T,2020,10
    KEN,X.T,2021,20
    MYS,Y.T,2020,30
    KEN,Y.T,2023,40
    """.write(toFile: data, atomically: true, encoding: .utf8)
    func indicator(_ code: String, _ extra: String = "") -> String {
      "          - {code: \(code), name: \(code), unit: \"%\", direction: higher, goalposts: [0, 100], lever: policy, "
        + "rationale: r, \(extra)source: {organisation: O, dataset: D, licence: CC BY 4.0, url: \"u\"}}"
    }
    let year = referenceYear.map { "reference_year: \($0), " } ?? ""
    let framework = folder + "/fw.yaml"
    try
      ([
        "schema: readiness-framework/1", "id: t", "name: T", "version: \"1\"", "label: L", "description: d",
        "scoring: {\(year)window_years: 5, coverage: {pillar: 0.3, dimension: 0.5, index: 0.8}, bands: [[0, 50, \"Low\"], [50, 100, \"High\"]]}",
        "dimensions:", "  - code: D", "    name: Dim", "    pillars:", "      - code: D.P", "        name: Pil",
        "        indicators:",
        indicator("X.T"), indicator("Y.T"), indicator("S", "sum_of: [X.T, Q], "), indicator("Z.A"), indicator("Z.B"),
        indicator("Z.C"),
      ].joined(separator: "\n") + "\n").write(toFile: framework, atomically: true, encoding: .utf8)
    let workspace = folder + "/ws.sqlite"
    let imported = try runReadiness(["import", "--workspace", workspace, data])
    #expect(imported.status == 0, "\(imported.stderr)")
    return (workspace, framework)
  }

  static let derived =
    "warning: reference year 2020 derived from the data (latest year with a fifth of the indicators); "
    + "pass --year or set scoring.reference_year to keep it stable"
  static let missing =
    "warning: 3 indicators of framework t 1 have no data in the workspace: Z.A, Z.B, Z.C (import them, or check the codes)"

  @Test func scoreWarnsOfADerivedReferenceYearAndOfIndicatorsWithNoData() throws {
    let (workspace, framework) = try Self.setUp()
    let result = try runReadiness(["score", "--workspace", workspace, "--framework", framework])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains(Self.derived), "\(result.stderr)")
    #expect(result.stderr.contains(Self.missing), "\(result.stderr)")
    #expect(result.stdout.contains("Reference year 2020"), "\(result.stdout)")
  }

  @Test func aGivenOrStatedYearIsNotWarnedAbout() throws {
    let (workspace, framework) = try Self.setUp()
    let given = try runReadiness(["score", "--workspace", workspace, "--framework", framework, "--year", "2023"])
    #expect(given.status == 0, "\(given.stderr)")
    #expect(!given.stderr.contains("derived from the data"), "\(given.stderr)")
    #expect(given.stderr.contains(Self.missing), "\(given.stderr)")
    let (statedWorkspace, stated) = try Self.setUp(referenceYear: 2021)
    let result = try runReadiness(["score", "--workspace", statedWorkspace, "--framework", stated])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("derived from the data"), "\(result.stderr)")
    #expect(result.stdout.contains("Reference year 2021"), "\(result.stdout)")
  }

  @Test func auditAndUncertaintyWarnAndRecordTheReferenceYear() throws {
    let (workspace, framework) = try Self.setUp()
    let audit = try runReadiness(["audit", "--workspace", workspace, "--framework", framework, "--format", "json"])
    #expect(audit.status == 0, "\(audit.stderr)")
    #expect(audit.stderr.contains(Self.derived) && audit.stderr.contains(Self.missing), "\(audit.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any]
    #expect(report?["referenceYear"] as? Int == 2020)
    #expect(report?["framework"] as? String == "t 1")
    let table = try runReadiness(["audit", "--workspace", workspace, "--framework", framework])
    #expect(table.stdout.hasPrefix("Framework t 1, reference year 2020\n"), "\(table.stdout)")

    let runs = try runReadiness([
      "uncertainty", "--workspace", workspace, "--framework", framework, "--runs", "10", "--format", "json",
    ])
    #expect(runs.status == 0, "\(runs.stderr)")
    #expect(runs.stderr.contains(Self.derived) && runs.stderr.contains(Self.missing), "\(runs.stderr)")
    let uncertainty = try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [String: Any]
    #expect(uncertainty?["referenceYear"] as? Int == 2020)
    let sobol = try runReadiness([
      "uncertainty", "--method", "sobol", "--samples", "10", "--bootstrap", "10", "--workspace", workspace,
      "--framework", framework, "--format", "json",
    ])
    #expect(sobol.status == 0, "\(sobol.stderr)")
    let indices = try JSONSerialization.jsonObject(with: Data(sobol.stdout.utf8)) as? [String: Any]
    #expect(indices?["referenceYear"] as? Int == 2020)
  }
}

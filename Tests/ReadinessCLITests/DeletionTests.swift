import Foundation
import ReadinessCore
import ReadinessStore
import Testing
import _ReadinessTestSupport

/// SDMX-CSV `ACTION=D` rows: a deletion recorded with its provenance, hiding the older value from
/// newest-only views and scoring while the older value stays stored.
@Suite("SDMX-CSV deletions (command line)", .serialized)
struct DeletionTests {
  static let header = "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"

  static func framework(in folder: String) throws -> String {
    func indicator(_ code: String) -> String {
      "          - {code: \(code), name: \(code), unit: \"%\", direction: higher, goalposts: [0, 100], lever: policy, "
        + "rationale: r, source: {organisation: O, dataset: D, licence: CC BY 4.0, url: \"u\"}}"
    }
    let path = folder + "/fw.yaml"
    try
      ([
        "schema: readiness-framework/1", "id: t", "name: T", "version: \"1\"", "label: L", "description: d",
        "scoring: {reference_year: 2019, window_years: 5, coverage: {pillar: 0.3, dimension: 0.5, index: 0.8}, bands: [[0, 50, \"Low\"], [50, 100, \"High\"]]}",
        "dimensions:", "  - code: D", "    name: Dim", "    pillars:", "      - code: D.P", "        name: Pil",
        "        indicators:",
        indicator("A.GER"), indicator("A.NER"),
      ].joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aDeletionHidesTheOlderValueAndKeepsIt() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let framework = try Self.framework(in: folder)
    let first = folder + "/first.csv"
    try
      (Self.header + """
        dataflow,UIS:EDU(1.0),I,A,MYS,GER,2019,43.1
        dataflow,UIS:EDU(1.0),I,A,KEN,GER,2019,11.5
        dataflow,UIS:EDU(1.0),I,A,KEN,NER,2019,80

        """).write(toFile: first, atomically: true, encoding: .utf8)
    let second = folder + "/second.csv"
    try (Self.header + "dataflow,UIS:EDU(1.0),D,A,KEN,GER,2019,\n").write(
      toFile: second, atomically: true, encoding: .utf8)

    #expect(try runReadiness(["import", "--workspace", workspace, first]).status == 0)
    func kenya() throws -> String? {
      let score = try runReadiness(["score", "--workspace", workspace, "--framework", framework, "--format", "csv"])
      #expect(score.status == 0, "\(score.stderr)")
      return score.stdout.split(separator: "\n").first { $0.contains(",KEN,") }.map(String.init)
    }
    // Before: Kenya has both indicators, mean(11.5, 80) = 45.75.
    #expect(try kenya()?.hasSuffix(",2,2") == true)
    #expect(try kenya()?.contains(",45.7500,") == true)

    let deleted = try runReadiness(["import", "--workspace", workspace, second])
    #expect(deleted.status == 0, "\(deleted.stderr)")
    #expect(deleted.stderr.contains("1 deletion (ACTION=D) recorded"), "\(deleted.stderr)")

    // Newest only: the deleted value is gone, the others remain.
    let newest = try runReadiness(["observations", "--workspace", workspace, "--newest-only"])
    #expect(newest.status == 0, "\(newest.stderr)")
    #expect(!newest.stdout.contains("KEN,A.GER"), "\(newest.stdout)")
    #expect(newest.stdout.contains("KEN,A.NER,2019,80,") && newest.stdout.contains("MYS,A.GER,2019,43.1,"))
    // Scoring: Kenya has one indicator left, 80.
    #expect(try kenya()?.hasSuffix(",1,2") == true)
    #expect(try kenya()?.contains(",80.0000,") == true)
    // History: the old value and the deletion, with its file and line, are both stored.
    let all = try runReadiness(["observations", "--workspace", workspace, "--country", "KEN", "--indicator", "A.GER"])
    let lines = all.stdout.split(separator: "\n").dropFirst()
    #expect(lines.count == 2, "\(all.stdout)")
    #expect(lines.first?.hasPrefix("KEN,A.GER,2019,11.5,") == true)
    #expect(
      lines.last?.hasPrefix("KEN,A.GER,2019,0,,ACTION=D,deleted by ACTION=D,country,UIS,") == true, "\(all.stdout)")
    #expect(lines.last?.contains("second.csv,line 2,") == true, "\(all.stdout)")
    let stored = try Workspace(path: workspace).observations(countries: ["KEN"], indicators: ["A.GER"])
    #expect(stored.map(\.observation.isDeletion) == [false, true])

    // Reversible: a value imported after the deletion counts again.
    let third = folder + "/third.csv"
    try (Self.header + "dataflow,UIS:EDU(1.0),I,A,KEN,GER,2019,12.5\n").write(
      toFile: third, atomically: true, encoding: .utf8)
    #expect(try runReadiness(["import", "--workspace", workspace, third]).status == 0)
    let again = try runReadiness(["observations", "--workspace", workspace, "--newest-only", "--country", "KEN"])
    #expect(again.stdout.contains("KEN,A.GER,2019,12.5,"), "\(again.stdout)")
  }

  /// The streamed JSON listing is one valid array, in listing order, and empty as `[]`.
  @Test func theStreamedJSONListingIsOneArray() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let file = folder + "/a.csv"
    try "country,indicator,period,value\nMYS,X.T,2020,1.5\nKEN,X.T,2019,2\nKEN,X.T,2018,3\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    #expect(try runReadiness(["import", "--workspace", workspace, file]).status == 0)
    let listed = try runReadiness(["observations", "--workspace", workspace, "--format", "json"])
    #expect(listed.status == 0, "\(listed.stderr)")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    #expect(
      rows.map { "\($0["country"]!) \($0["period"]!) \($0["value"]!)" } == ["KEN 2018 3", "KEN 2019 2", "MYS 2020 1.5"])
    #expect(listed.stdout.hasPrefix("[\n  {\n    \"areaKind\" : \"country\","), "\(listed.stdout)")
    let empty = try runReadiness(["observations", "--workspace", workspace, "--format", "json", "--country", "AFG"])
    #expect(empty.status == 0)
    #expect((try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [Any])?.isEmpty == true)
  }
}

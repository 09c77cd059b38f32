import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

/// `profile`, `batch` and `compare` on a workspace holding the bundled snapshot and the invented
/// self-assessment example.
@Suite("Profile commands")
struct ProfileCommandTests {
  static func workspace() throws -> String {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let imported = try runReadiness([
      "import", "--workspace", workspace, "--sources", TestPaths.indicators + "/snapshot/sources.csv",
      TestPaths.indicators + "/snapshot/observations.csv",
      TestPaths.indicators + "/self-assessment/example-filled.yaml",
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    return workspace
  }

  @Test func batchCompareAndProfileFormats() throws {
    let workspace = try Self.workspace()
    let folder = TestPaths.temporaryDirectory()
    let common = ["--workspace", workspace, "--uncertainty-runs", "50", "--trend-years", "2"]

    // batch --group ASEAN: one HTML file and one CSV bundle per member, and the index page.
    let batch = try runReadiness(
      ["batch", "--group", "ASEAN", "--output", folder + "/asean", "--format", "html,csv"] + common)
    #expect(batch.status == 0, "\(batch.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/asean")
    let asean = try String(contentsOfFile: TestPaths.indicators + "/reference/blocs.csv", encoding: .utf8)
      .split(separator: "\n").filter { $0.hasPrefix("ASEAN,") }.map { String($0.split(separator: ",")[1]) }
    let pages = files.filter { $0.hasSuffix(".html") && $0 != "index.html" }
    #expect(pages.count >= 9 && pages.allSatisfy { asean.contains(String($0.prefix(3))) })
    let index = try String(contentsOfFile: folder + "/asean/index.html", encoding: .utf8)
    for page in pages { #expect(index.contains("href=\"\(page)\"")) }
    #expect(FileManager.default.fileExists(atPath: folder + "/asean/MYS/indicators.csv"))
    // The rank interval of the Monte Carlo runs is in the scores and on the page.
    let scores = try String(contentsOfFile: folder + "/asean/MYS/scores.csv", encoding: .utf8)
    let indexRow = try #require(scores.split(separator: "\n").first { $0.hasPrefix("MYS,index,") })
    let fields = indexRow.split(separator: ",", omittingEmptySubsequences: false)
    let (rank, low, high) = (Double(fields[6]) ?? 0, Double(fields[11]) ?? 0, Double(fields[12]) ?? 0)
    #expect(low <= rank && rank <= high, "\(indexRow)")
    let shown = "90% interval \(Int(low.rounded(.down)))–\(Int(high.rounded(.up)))"
    #expect(try String(contentsOfFile: folder + "/asean/MYS.html", encoding: .utf8).contains(shown))

    // The self-assessment example (KEN) fills the governance checklist; MYS has none.
    let ken = try runReadiness(["profile", "KEN", "--format", "json"] + common)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(ken.stdout.utf8)) as? [String: Any])
    let governance = try #require(json["governance"] as? [[String: Any]])
    let dataProtection = try #require(governance.first { $0["indicator"] as? String == "SA.LEG.DATA_PROTECTION" })
    #expect(dataProtection["status"] as? String == "answered" && dataProtection["answer"] as? String == "in force")
    let mys = try runReadiness(["profile", "MYS", "--format", "md"] + common)
    #expect(mys.stdout.contains("| Is there a data-protection and privacy law? | not assessed |"))

    // compare: Markdown to stdout, HTML to a file.
    let compare = try runReadiness(["compare", "MYS", "IDN", "THA", "--format", "md"] + common)
    #expect(compare.status == 0, "\(compare.stderr)")
    #expect(compare.stdout.contains("| | MYS | IDN | THA |"))
    let comparison = try runReadiness(["compare", "MYS", "KEN", "--output", folder + "/c.html"] + common)
    #expect(comparison.status == 0)
    #expect(try String(contentsOfFile: folder + "/c.html", encoding: .utf8).contains("Comparison: Malaysia · Kenya"))

    // A user peer group becomes the primary group.
    try "group,iso3\nCPA Asia,MYS\nCPA Asia,IND\nCPA Asia,PAK\nCPA Asia,LKA\nCPA Asia,BGD\n"
      .write(toFile: folder + "/groups.csv", atomically: true, encoding: .utf8)
    let grouped = try runReadiness(
      ["profile", "MYS", "--format", "json", "--peer-group", folder + "/groups.csv"] + common)
    let groupedJSON = try #require(try JSONSerialization.jsonObject(with: Data(grouped.stdout.utf8)) as? [String: Any])
    let first = try #require((groupedJSON["peerGroups"] as? [[String: Any]])?.first)
    #expect(first["id"] as? String == "group:CPA Asia")
    #expect(
      Set(((first["members"] as? [[String: Any]]) ?? []).compactMap { $0["iso3"] as? String }) == [
        "IND", "PAK", "LKA", "BGD",
      ])
  }

  /// The audit and the Sobol analysis of the YAML framework over a workspace.
  @Test func frameworkAuditAndSobol() throws {
    let workspace = try Self.workspace()
    let audit = try runReadiness(["audit", "--workspace", workspace, "--format", "json"])
    #expect(audit.status == 0, "\(audit.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
    #expect((report["indicators"] as? [Any])?.count == (try Framework.bundledDefault().indicators.count))
    let groups = (report["groups"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    #expect(groups.first == "INDEX" && groups.contains("TEC.CON"))
    let sobol = try runReadiness([
      "uncertainty", "--method", "sobol", "--samples", "40", "--workspace", workspace, "--format", "csv",
    ])
    #expect(sobol.status == 0, "\(sobol.stderr)")
    #expect(
      sobol.stdout.hasPrefix("factor,first,") && sobol.stdout.contains("\nweights,")
        && sobol.stdout.contains("\naggregate,"))
  }

  @Test func badRequestsAreClearErrors() throws {
    let workspace = try Self.workspace()
    let folder = TestPaths.temporaryDirectory()
    let csv = try runReadiness(["profile", "MYS", "--format", "csv", "--workspace", workspace])
    #expect(csv.status != 0 && csv.stderr.contains("--output"))
    let peers = try runReadiness([
      "profile", "MYS", "--peers", "bloc:NOPE", "--workspace", workspace, "--uncertainty-runs", "0",
    ])
    #expect(peers.status != 0 && peers.stderr.contains("ASEAN"))
    let batch = try runReadiness(["batch", "--group", "NOPE", "--output", folder + "/x", "--workspace", workspace])
    #expect(batch.status != 0 && batch.stderr.contains("no bloc"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/x"))
    let both = try runReadiness([
      "batch", "--all", "--region", "Asia", "--output", folder + "/y", "--workspace", workspace,
    ])
    #expect(both.status != 0 && both.stderr.contains("exactly one"))
  }

  /// `validate` reads an external index from a workbook and compares rankings; the audit reports
  /// the index's correlation with log GDP per capita. (Without ../shared/data the workbook is its
  /// trimmed copy under Tests/Fixtures, which keeps the "Rankings and Scores" sheet whole.)
  @Test(.enabled(if: TestPaths.hasVendored("governance/girai/GIRAI_2024_dataset.xlsx")))
  func validateAgainstAWorkbookAndWealthInTheAudit() throws {
    let workspace = try Self.workspace()
    let girai = TestPaths.vendored("governance/girai/GIRAI_2024_dataset.xlsx")
    let json = try runReadiness([
      "validate", "--workspace", workspace, "--against", girai, "--sheet", "Rankings and Scores", "--column",
      "Index score",
      "--format", "json", "--runs", "200",
    ])
    #expect(json.status == 0, "\(json.stderr)")
    let output = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let agreement = try #require(output["agreement"] as? [String: Any])
    #expect((agreement["n"] as? Int ?? 0) > 100)
    let rho = try #require(agreement["spearman"] as? Double)
    let interval = try #require(agreement["spearmanInterval"] as? [String: Double])
    #expect(rho > 0.5 && rho < 1)
    #expect(interval["lower"]! <= rho && rho <= interval["upper"]!)
    #expect((agreement["differences"] as? [Any])?.count == 10)
    // Several indicators and no --column: a clear error listing them.
    let ambiguous = try runReadiness([
      "validate", "--workspace", workspace, "--against", girai, "--sheet", "Rankings and Scores",
    ])
    #expect(ambiguous.status != 0 && ambiguous.stderr.contains("--column") && ambiguous.stderr.contains("Index score"))
    let audit = try runReadiness(["audit", "--workspace", workspace])
    #expect(audit.status == 0 && audit.stdout.contains("Wealth (Spearman's rho with log GDP per capita"))
  }

  /// An index imported with `--role benchmark` is shown beside the score and never scored: the
  /// ranking is the same before and after, and the profile ranks the country among the two countries
  /// the fixture holds (MYS 62.5 before KEN 41.25; MYS also before KEN in the framework).
  @Test func benchmarksAreShownNeverScored() throws {
    let workspace = try Self.workspace()
    let before = try runReadiness(["score", "--workspace", workspace, "--format", "csv"])
    let fixture = TestPaths.root + "/Tests/ReadinessImportTests/Fixtures/xlsx/index-layout.xlsx"
    let imported = try runReadiness(["import", "--workspace", workspace, "--role", "benchmark", fixture])
    #expect(imported.status == 0, "\(imported.stderr)")
    let after = try runReadiness(["score", "--workspace", workspace, "--format", "csv"])
    #expect(before.stdout == after.stdout && !after.stdout.isEmpty)
    let profile = try runReadiness([
      "profile", "MYS", "--workspace", workspace, "--uncertainty-runs", "0", "--format", "md",
    ])
    #expect(profile.status == 0, "\(profile.stderr)")
    #expect(profile.stdout.contains("## How other indices see this country"))
    #expect(profile.stdout.contains("| Overall | 62.50 | 2023 | 1 | 1 | 2 |"), "\(profile.stdout)")
    let kenya = try runReadiness([
      "profile", "KEN", "--workspace", workspace, "--uncertainty-runs", "0", "--format", "md",
    ])
    #expect(kenya.stdout.contains("| Overall | 41.25 | 2023 | 2 | 2 | 2 |"), "\(kenya.stdout)")
    let badRole = try runReadiness(["import", "--workspace", workspace, "--role", "bench", fixture])
    #expect(badRole.status != 0 && badRole.stderr.contains("data or benchmark"))
  }
}

import Foundation
import GRDB
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessStore

/// Provenance names a file, not the folders of the machine that imported it.
@Suite struct ProvenancePrivacyTests {
  @Test(arguments: [
    ("/home/ana/Private/office.csv", "office.csv"), ("~/Desktop/office.csv", "office.csv"),
    ("C:\\Users\\ana\\office.csv", "office.csv"), ("../../secret/office.csv", "office.csv"),
    ("./office.csv", "office.csv"),
    ("worldbank_bulk/API_IT.NET.USER.ZS.csv", "worldbank_bulk/API_IT.NET.USER.ZS.csv"), ("office.csv", "office.csv"),
  ])
  func fileNames(path: String, shown: String) {
    #expect(SourceInfo.publicFileName(path) == shown)
  }

  @Test func theWorkspaceStoresAndShowsOnlyTheFileName() throws {
    let path = TestPaths.temporaryDirectory() + "/ws.sqlite"
    let workspace = try Workspace(path: path)
    let secret = "/home/ana/Private/office.csv"
    _ = try workspace.importFile(file: secret, sha256: "s", format: "tidy-csv") { writer in
      // A row naming its own source (as a tidy file's source columns do) and one of the import's source.
      try writer.write(
        Observation(
          country: "MYS", areaKind: .country, indicator: "X.T", period: "2020", value: 1, location: "line 2",
          source: SourceInfo(publisher: "Office", file: "/srv/exports/row-source.csv")))
      try writer.write(
        Observation(country: "MYS", areaKind: .country, indicator: "X.T", period: "2021", value: 2, position: .line(3)))
      return ImportReport(
        file: secret, format: "tidy-csv", source: SourceInfo(publisher: "unstated (tidy CSV)", file: secret))
    }
    let files = try workspace.observations().map(\.source.file)
    #expect(Set(files) == ["row-source.csv", "office.csv"])
    let stored = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT file FROM sources") }
    #expect(!stored.contains { $0.contains("/") }, "\(stored)")
    // A workspace written before keeps its paths on disk; they are shown as names all the same.
    try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE sources SET file = '/home/ana/old.csv'") }
    #expect(Set(try Workspace(path: path).observations().map(\.source.file)) == ["old.csv"])
  }
}

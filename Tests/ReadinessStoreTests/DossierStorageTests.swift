import Foundation
import GRDB
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessStore

@Suite("Dossier storage")
struct DossierStorageTests {
  static func dossier(round: String) throws -> Dossier {
    let bank = try QuestionBank.load(path: TestPaths.indicators + "/self-assessment/questions.yaml")
    let text = try String(
      contentsOfFile: TestPaths.indicators + "/self-assessment/example-dossier.yaml", encoding: .utf8
    )
    .replacingOccurrences(of: "round: \"2026\"", with: "round: \"\(round)\"")
    return try Dossier.parse(text: text, path: "dossier-\(round).yaml", bank: bank, reference: nil, today: "2026-11-30")
  }

  static func store(_ dossier: Dossier, in workspace: Workspace) throws {
    _ = try workspace.importFile(file: dossier.file, sha256: dossier.round, format: "dossier") { writer in
      writer.dossier = dossier
      let value = Observation(
        country: dossier.country, areaKind: .country, indicator: "SA.FIG.AI_RESEARCHERS", period: "2025", value: 240,
        unit: "persons", location: "line 1")
      try writer.write(value)
      var report = ImportReport(file: dossier.file, format: "dossier", source: SourceInfo(publisher: "office"))
      report.count(value)
      return report
    }
  }

  /// Rounds imported out of order: each is superseded by the next round, the latest is current, all stay.
  @Test func laterRoundsSupersedeEarlierOnesAndAllStay() throws {
    let workspace = try Workspace(path: TestPaths.temporaryDirectory() + "/ws.sqlite")
    for round in ["2026", "2025", "2026-10", "2026-2"] { try Self.store(try Self.dossier(round: round), in: workspace) }
    let stored = try workspace.dossiers(country: "KEN")
    #expect(stored.map(\.round) == ["2025", "2026", "2026-2", "2026-10"])
    #expect(stored.map(\.supersededBy) == [stored[1].id, stored[2].id, stored[3].id, nil])
    let current = try #require(try workspace.currentDossier(country: "KEN"))
    #expect(current.round == "2026-10" && current.answers.count == 25)
    // The stored document reads back as the very dossier imported (JSON round trip).
    #expect(current == (try Self.dossier(round: "2026-10")))
    #expect(current.answer("L2.law")?.evidence.count == 2)
    #expect(try workspace.dossiers(country: "MYS").isEmpty)
    // One row per answer for SQL users.
    let answers = try workspace.queue.read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dossier_answers WHERE question = 'L2.law' AND level = 4")
    }
    #expect(answers == 4)
    #expect(try workspace.tableCounts()["observations"] == 4)
  }

  @Test func aFailedImportStoresNoDossier() throws {
    let workspace = try Workspace(path: TestPaths.temporaryDirectory() + "/ws.sqlite")
    struct Broken: Error {}
    let dossier = try Self.dossier(round: "2026")
    #expect(throws: Broken.self) {
      _ = try workspace.importFile(file: "d.yaml", sha256: "x", format: "dossier") { writer in
        writer.dossier = dossier
        throw Broken()
      }
    }
    #expect(try workspace.dossiers(country: "KEN").isEmpty)
    #expect(try workspace.tableCounts()["imports"] == 0)
  }

  @Test func roundsCompareNumerically() {
    #expect(Workspace.roundKey("2026-2") < Workspace.roundKey("2026-10"))
    #expect(Workspace.roundKey("2025") < Workspace.roundKey("2026-1"))
  }
}

import Foundation
import GRDB
import ReadinessCore

/// Dossiers of the national self-assessment in the workspace (format v4): one row per imported
/// dossier (the whole document as JSON, for the report) and one per answer (for SQL users). A later
/// round — or a later import of the same round — supersedes the earlier ones of the country; every
/// round stays, with `superseded_by` naming the one that replaced it.
extension Workspace {
  /// The frozen SQL of migration "v4 dossiers". Never edit it: add a new migration instead.
  static let dossierSchema = """
    CREATE TABLE dossiers (
      id INTEGER PRIMARY KEY,
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      country TEXT NOT NULL,
      round TEXT NOT NULL,
      status TEXT NOT NULL,
      assessment_date TEXT NOT NULL,
      example INTEGER NOT NULL,
      superseded_by INTEGER REFERENCES dossiers(id),
      document TEXT NOT NULL
    );
    CREATE INDEX dossiers_by_country ON dossiers(country, round);
    CREATE TABLE dossier_answers (
      dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      level INTEGER NOT NULL,
      score REAL NOT NULL,
      status TEXT NOT NULL,
      date TEXT,
      reviewer TEXT,
      evidence_items INTEGER NOT NULL,
      PRIMARY KEY (dossier_id, question)
    );
    """

  /// Stores a dossier inside the running import's transaction and updates which round is current.
  static func store(_ dossier: Dossier, importID: Int64, db: Database) throws {
    let document = String(decoding: try JSONEncoder().encode(dossier), as: UTF8.self)
    try db.execute(
      sql: """
        INSERT INTO dossiers (import_id, country, round, status, assessment_date, example, document)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        importID, dossier.country, dossier.round, dossier.status.rawValue, dossier.assessmentDate, dossier.example,
        document,
      ])
    let id = db.lastInsertedRowID
    for answer in dossier.answers {
      try db.execute(
        sql: """
          INSERT INTO dossier_answers (dossier_id, question, answer, level, score, status, date, reviewer, evidence_items)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          id, answer.question, answer.answer, answer.level, answer.score, answer.status.rawValue, answer.date,
          answer.reviewer, answer.evidence.count,
        ])
    }
    // Order the country's dossiers by round (numbers compare as numbers), then import; each is
    // superseded by the next one, the last is current.
    let rows = try Row.fetchAll(
      db, sql: "SELECT id, round FROM dossiers WHERE country = ?", arguments: [dossier.country])
    let ordered = rows.map { (id: $0["id"] as Int64, round: $0["round"] as String) }
      .sorted { (roundKey($0.round), $0.id) < (roundKey($1.round), $1.id) }
    for (index, row) in ordered.enumerated() {
      let next: Int64? = index + 1 < ordered.count ? ordered[index + 1].id : nil
      try db.execute(sql: "UPDATE dossiers SET superseded_by = ? WHERE id = ?", arguments: [next, row.id])
    }
  }

  /// A round as a sortable key: its numeric parts zero-padded ("2026-2" before "2026-10").
  static func roundKey(_ round: String) -> String {
    round.split(whereSeparator: { !$0.isNumber && !$0.isLetter }).map { part in
      part.allSatisfy(\.isNumber) ? String(repeating: "0", count: max(0, 12 - part.count)) + part : String(part)
    }.joined(separator: "-")
  }

  /// A stored dossier.
  public struct StoredDossier: Sendable {
    public var id: Int64
    public var importID: Int64
    public var round: String
    public var status: String
    /// The dossier that replaced this one, nil for the current one.
    public var supersededBy: Int64?
    public var dossier: Dossier
  }

  /// The country's dossiers, oldest round first.
  public func dossiers(country: String) throws(ReadinessError) -> [StoredDossier] {
    do {
      return try queue.read { db in
        try Row.fetchAll(
          db, sql: "SELECT id, import_id, round, status, superseded_by, document FROM dossiers WHERE country = ?",
          arguments: [country]
        ).map { row in
          StoredDossier(
            id: row["id"], importID: row["import_id"], round: row["round"], status: row["status"],
            supersededBy: row["superseded_by"],
            dossier: try JSONDecoder().decode(Dossier.self, from: Data((row["document"] as String).utf8)))
        }.sorted { (Workspace.roundKey($0.round), $0.id) < (Workspace.roundKey($1.round), $1.id) }
      }
    } catch {
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
    }
  }

  /// The countries that have a dossier.
  public func dossierCountries() throws(ReadinessError) -> [String] {
    do {
      return try queue.read { db in
        try String.fetchAll(db, sql: "SELECT DISTINCT country FROM dossiers ORDER BY country")
      }
    } catch {
      throw ReadinessError(.database, describe(error), at: SourceLocation(file: path))
    }
  }

  /// The country's current dossier (the one no other supersedes), if any.
  public func currentDossier(country: String) throws(ReadinessError) -> Dossier? {
    try dossiers(country: country).first { $0.supersededBy == nil }?.dossier
  }
}

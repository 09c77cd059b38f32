import Foundation
import GRDB
import ReadinessCore

/// What `readiness serve` lets people change, in the workspace (format v5): accounts, browser
/// sessions (only the SHA-256 of a token), live answers with a version each, and every change to an
/// answer in the audit table.
extension Workspace {
  /// The frozen SQL of migration "v5 collaboration". Never edit it: add a new migration instead.
  static let collaborationSchema = """
    CREATE TABLE accounts (
      name TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      created TEXT NOT NULL
    );
    CREATE TABLE web_sessions (
      token_hash TEXT PRIMARY KEY,
      account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created TEXT NOT NULL,
      expires TEXT NOT NULL
    );
    CREATE TABLE live_answers (
      country TEXT NOT NULL,
      question TEXT NOT NULL,
      version INTEGER NOT NULL,
      answer TEXT NOT NULL,
      level INTEGER NOT NULL,
      status TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      document TEXT NOT NULL,
      PRIMARY KEY (country, question)
    );
    CREATE TABLE answer_audit (
      id INTEGER PRIMARY KEY,
      country TEXT NOT NULL,
      question TEXT NOT NULL,
      version INTEGER NOT NULL,
      who TEXT NOT NULL,
      at TEXT NOT NULL,
      old TEXT,
      new TEXT NOT NULL,
      UNIQUE (country, question, version)
    );
    """
}

/// The SQLite workspace's ``CollaborationStore``: every method is one GRDB transaction (a write
/// for changes, so that a crash leaves an account, a session or an answer either stored or not).
public struct SQLiteCollaborationStore: CollaborationStore {
  let workspace: Workspace

  /// The store of `workspace` (migrated to format v5 when it was opened).
  public init(workspace: Workspace) {
    self.workspace = workspace
  }

  private func failure(_ error: any Error) -> ReadinessError {
    if let error = error as? ReadinessError { return error }
    return ReadinessError(.database, workspace.describe(error), at: SourceLocation(file: workspace.path))
  }

  private func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(ReadinessError) -> T
  {
    do { return try await workspace.queue.write(body) } catch { throw failure(error) }
  }

  private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(ReadinessError) -> T {
    do { return try await workspace.queue.read(body) } catch { throw failure(error) }
  }

  public func addAccount(_ account: Account) async throws(ReadinessError) {
    try await write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE name = ?", arguments: [account.name]) != nil {
        throw ReadinessError(.invalidConfiguration, "an account named \"\(account.name)\" exists already")
      }
      try db.execute(
        sql: "INSERT INTO accounts (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
        arguments: [account.name, account.role.rawValue, account.passwordHash, account.created])
    }
  }

  private static func account(_ row: Row) throws -> Account {
    let roleName: String = row["role"]
    guard let role = Role(rawValue: roleName) else {
      throw ReadinessError(.database, "unknown role \"\(roleName)\" stored for an account")
    }
    return Account(name: row["name"], role: role, passwordHash: row["password_hash"], created: row["created"])
  }

  public func account(named name: String) async throws(ReadinessError) -> Account? {
    try await read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name]).map(Self.account)
    }
  }

  public func accounts() async throws(ReadinessError) -> [Account] {
    try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY name").map(Self.account) }
  }

  public func createSession(_ session: WebSession) async throws(ReadinessError) {
    try await write { db in
      try db.execute(
        sql: "INSERT INTO web_sessions (token_hash, account, csrf_token, created, expires) VALUES (?, ?, ?, ?, ?)",
        arguments: [session.tokenHash, session.account, session.csrfToken, session.created, session.expires])
    }
  }

  public func session(tokenHash: String) async throws(ReadinessError) -> WebSession? {
    try await read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash]).map {
        WebSession(
          tokenHash: $0["token_hash"], account: $0["account"], csrfToken: $0["csrf_token"], created: $0["created"],
          expires: $0["expires"])
      }
    }
  }

  public func deleteSession(tokenHash: String) async throws(ReadinessError) {
    try await write { db in
      try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash])
    }
  }

  private static func decode(_ text: String) throws -> LiveAnswer {
    try JSONDecoder().decode(LiveAnswer.self, from: Data(text.utf8))
  }

  private static func encode(_ answer: LiveAnswer) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(answer), as: UTF8.self)
  }

  public func answers(country: String) async throws(ReadinessError) -> [LiveAnswer] {
    try await read { db in
      try String.fetchAll(
        db, sql: "SELECT document FROM live_answers WHERE country = ? ORDER BY question", arguments: [country]
      ).map(Self.decode)
    }
  }

  public func saveAnswer(_ answer: LiveAnswer, expectedVersion: Int, by account: String, at time: String)
    async throws(ReadinessError) -> LiveAnswer
  {
    try await write { db in
      let stored = try String.fetchOne(
        db, sql: "SELECT document FROM live_answers WHERE country = ? AND question = ?",
        arguments: [answer.country, answer.question]
      ).map(Self.decode)
      // The version is checked inside the write transaction: two saves from the same version cannot both pass.
      if (stored?.version ?? 0) != expectedVersion {
        guard let stored else {
          throw ReadinessError(
            .invalidConfiguration,
            "version \(expectedVersion) of \(answer.country) \(answer.question) does not exist (never answered)")
        }
        throw ReadinessError(
          .conflict,
          "\(answer.country) \(answer.question) was changed by \(stored.updatedBy) at \(stored.updatedAt) "
            + "(version \(stored.version), the form was for version \(expectedVersion))",
          cause: AnswerConflict(expectedVersion: expectedVersion, current: stored))
      }
      var new = answer
      new.version = expectedVersion + 1
      new.updatedBy = account
      new.updatedAt = time
      let document = try Self.encode(new)
      try db.execute(
        sql: """
          INSERT INTO live_answers (country, question, version, answer, level, status, updated_by, updated_at, document)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (country, question) DO UPDATE SET version = excluded.version, answer = excluded.answer,
            level = excluded.level, status = excluded.status, updated_by = excluded.updated_by,
            updated_at = excluded.updated_at, document = excluded.document
          """,
        arguments: [
          new.country, new.question, new.version, new.answer, new.level, new.status.rawValue, account, time, document,
        ])
      try db.execute(
        sql: "INSERT INTO answer_audit (country, question, version, who, at, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [
          new.country, new.question, new.version, account, time, try stored.map(Self.encode), document,
        ])
      return new
    }
  }

  public func audit(country: String, question: String) async throws(ReadinessError) -> [AnswerAuditEntry] {
    try await read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM answer_audit WHERE country = ? AND question = ? ORDER BY version",
        arguments: [country, question]
      ).map { row in
        let old: String? = row["old"]
        return AnswerAuditEntry(
          country: row["country"], question: row["question"], version: row["version"], who: row["who"],
          when: row["at"], old: try old.map(Self.decode), new: try Self.decode(row["new"]))
      }
    }
  }
}

import Foundation
import PostgresNIO
import ReadinessCore

/// ``CollaborationStore`` in PostgreSQL: accounts, browser sessions, live answers with versions
/// and their audit trail, each method one transaction on a small pool of connections.
///
/// A save checks the stored version inside its transaction: the row is locked (`SELECT … FOR
/// UPDATE`) before it is compared and changed, and a first answer is inserted with `ON CONFLICT DO
/// NOTHING`, so of concurrent saves against one version exactly one wins and the others get
/// ``AnswerConflict``; every saved version has exactly one audit entry (`UNIQUE (country,
/// question, version)`).
public final class PostgresCollaborationStore: CollaborationStore {
  /// The database (printed without its password).
  public let url: PostgresURL
  private let pool: ConnectionPool

  /// Connects (checking the URL, the password and the database at once) and applies the
  /// migrations the database lacks.
  /// - Parameter connections: at most this many connections are open at a time.
  public init(url: PostgresURL, connections: Int = 8) async throws(ReadinessError) {
    self.url = url
    pool = ConnectionPool(url: url, limit: max(1, connections))
    try await pool.withConnection { connection throws(ReadinessError) in
      _ = try await PostgresSchema.migrate(connection, url)
    }
  }

  /// Closes the connections. The store cannot be used afterwards.
  public func close() async { await pool.close() }

  /// Runs `body` in a transaction on a connection of the pool.
  private func transaction<T: Sendable>(
    _ body: @escaping (PostgresConnection) async throws(ReadinessError) -> T
  ) async throws(ReadinessError) -> T {
    let url = url
    return try await pool.withConnection { connection throws(ReadinessError) in
      try await PostgresSession.transaction(connection, url, body)
    }
  }

  private func rows(
    _ connection: PostgresConnection, _ sql: String, _ values: [String?] = []
  ) async throws(ReadinessError) -> [PostgresRow] {
    var binds = PostgresBindings(capacity: values.count)
    for value in values { binds.append(value) }
    return try await PostgresSession.rows(connection, url, sql, binds)
  }

  /// Runs a row's decoding, a failure as a `.database` error.
  private func decoded<T>(_ body: () throws -> T) throws(ReadinessError) -> T {
    do {
      return try body()
    } catch {
      throw ReadinessError(
        .database, "unexpected row from PostgreSQL: \(error)", at: SourceLocation(file: url.description))
    }
  }

  // MARK: Accounts

  public func addAccount(_ account: Account) async throws(ReadinessError) {
    try await transaction { connection throws(ReadinessError) in
      let inserted = try await self.rows(
        connection,
        """
        INSERT INTO accounts (name, role, password_hash, created) VALUES ($1, $2, $3, $4)
        ON CONFLICT (name) DO NOTHING RETURNING name
        """, [account.name, account.role.rawValue, account.passwordHash, account.created])
      guard !inserted.isEmpty else {
        throw ReadinessError(
          .invalidConfiguration, "there is already an account named \"\(escapingControlCharacters(account.name))\"")
      }
    }
  }

  public func account(named name: String) async throws(ReadinessError) -> Account? {
    try await transaction { connection throws(ReadinessError) in
      try await self.rows(
        connection, "SELECT name, role, password_hash, created FROM accounts WHERE name = $1", [name]
      ).first.map { row throws(ReadinessError) in try self.account(row) }
    }
  }

  public func accounts() async throws(ReadinessError) -> [Account] {
    try await transaction { connection throws(ReadinessError) in
      var found: [Account] = []
      for row in try await self.rows(
        connection, "SELECT name, role, password_hash, created FROM accounts ORDER BY name")
      {
        found.append(try self.account(row))
      }
      return found
    }
  }

  private func account(_ row: PostgresRow) throws(ReadinessError) -> Account {
    let (name, role, hash, created) = try decoded { try row.decode((String, String, String, String).self) }
    guard let known = Role(rawValue: role) else {
      throw ReadinessError(.database, "account \"\(name)\" has an unknown role \"\(role)\"")
    }
    return Account(name: name, role: known, passwordHash: hash, created: created)
  }

  // MARK: Sessions

  public func createSession(_ session: WebSession) async throws(ReadinessError) {
    try await transaction { connection throws(ReadinessError) in
      let account = try await self.rows(connection, "SELECT 1 FROM accounts WHERE name = $1", [session.account])
      guard !account.isEmpty else {
        throw ReadinessError(.notFound, "no account named \"\(escapingControlCharacters(session.account))\"")
      }
      _ = try await self.rows(
        connection,
        "INSERT INTO web_sessions (token_hash, account, csrf_token, created, expires) VALUES ($1, $2, $3, $4, $5)",
        [session.tokenHash, session.account, session.csrfToken, session.created, session.expires])
    }
  }

  public func session(tokenHash: String) async throws(ReadinessError) -> WebSession? {
    try await transaction { connection throws(ReadinessError) in
      guard
        let row = try await self.rows(
          connection,
          "SELECT token_hash, account, csrf_token, created, expires FROM web_sessions WHERE token_hash = $1",
          [tokenHash]
        ).first
      else { return nil }
      let (hash, account, csrf, created, expires) = try self.decoded {
        try row.decode((String, String, String, String, String).self)
      }
      return WebSession(tokenHash: hash, account: account, csrfToken: csrf, created: created, expires: expires)
    }
  }

  public func deleteSession(tokenHash: String) async throws(ReadinessError) {
    try await transaction { connection throws(ReadinessError) in
      _ = try await self.rows(connection, "DELETE FROM web_sessions WHERE token_hash = $1", [tokenHash])
    }
  }

  // MARK: Answers

  public func answers(country: String) async throws(ReadinessError) -> [LiveAnswer] {
    try await transaction { connection throws(ReadinessError) in
      var found: [LiveAnswer] = []
      for row in try await self.rows(
        connection, "SELECT document FROM live_answers WHERE country = $1 ORDER BY question", [country])
      {
        found.append(try self.answer(try self.decoded { try row.decode(String.self) }))
      }
      return found
    }
  }

  public func saveAnswer(
    _ answer: LiveAnswer, expectedVersion: Int, by account: String, at time: String
  ) async throws(ReadinessError) -> LiveAnswer {
    guard expectedVersion >= 0 else {
      throw ReadinessError(.invalidConfiguration, "an answer's version is 0 or more (got \(expectedVersion))")
    }
    var stored = answer
    stored.version = expectedVersion + 1
    stored.updatedBy = account
    stored.updatedAt = time
    let document = try encode(stored)
    let saved = stored
    return try await transaction { connection throws(ReadinessError) in
      let key = [answer.country, answer.question]
      let columns: [String?] = [
        String(saved.version), saved.answer, saved.status.rawValue, saved.updatedBy, saved.updatedAt, document,
      ]
      var old: String?
      if expectedVersion == 0 {
        // Of concurrent first saves one inserts; the others find its row (waiting for its commit).
        let inserted = try await self.rows(
          connection,
          """
          INSERT INTO live_answers (country, question, version, answer, status, updated_by, updated_at, document)
          VALUES ($1, $2, $3::bigint, $4, $5, $6, $7, $8) ON CONFLICT (country, question) DO NOTHING RETURNING version
          """, key + columns)
        if inserted.isEmpty { throw try await self.conflict(connection, answer, expected: expectedVersion) }
      } else {
        guard
          let row = try await self.rows(
            connection, "SELECT version, document FROM live_answers WHERE country = $1 AND question = $2 FOR UPDATE",
            key
          ).first
        else {
          throw ReadinessError(
            .conflict,
            "\(answer.country) \(answer.question) has no saved answer, but the form was made from version "
              + "\(expectedVersion); reload it")
        }
        let (version, current) = try self.decoded { try row.decode((Int64, String).self) }
        guard version == expectedVersion else {
          throw self.conflictError(try self.answer(current), expected: expectedVersion)
        }
        old = current
        _ = try await self.rows(
          connection,
          """
          UPDATE live_answers SET version = $3::bigint, answer = $4, status = $5, updated_by = $6, updated_at = $7,
            document = $8 WHERE country = $1 AND question = $2
          """, key + columns)
      }
      _ = try await self.rows(
        connection,
        """
        INSERT INTO answer_audit (country, question, version, who, at, old_document, new_document)
        VALUES ($1, $2, $3::bigint, $4, $5, $6, $7)
        """, key + [String(saved.version), account, time, old, document])
      return saved
    }
  }

  public func audit(country: String, question: String) async throws(ReadinessError) -> [AnswerAuditEntry] {
    try await transaction { connection throws(ReadinessError) in
      var entries: [AnswerAuditEntry] = []
      for row in try await self.rows(
        connection,
        """
        SELECT version, who, at, old_document, new_document FROM answer_audit
        WHERE country = $1 AND question = $2 ORDER BY version, id
        """, [country, question])
      {
        let (version, who, when, old, new) = try self.decoded {
          try row.decode((Int64, String, String, String?, String).self)
        }
        entries.append(
          AnswerAuditEntry(
            country: country, question: question, version: Int(version), who: who, when: when,
            old: try old.map { text throws(ReadinessError) in try self.answer(text) }, new: try self.answer(new)))
      }
      return entries
    }
  }

  private func conflict(
    _ connection: PostgresConnection, _ answer: LiveAnswer, expected: Int
  ) async throws(ReadinessError) -> ReadinessError {
    guard
      let row = try await rows(
        connection, "SELECT document FROM live_answers WHERE country = $1 AND question = $2",
        [answer.country, answer.question]
      ).first
    else {
      return ReadinessError(.conflict, "\(answer.country) \(answer.question) was changed meanwhile; reload the form")
    }
    return conflictError(try self.answer(try decoded { try row.decode(String.self) }), expected: expected)
  }

  private func conflictError(_ current: LiveAnswer, expected: Int) -> ReadinessError {
    ReadinessError(
      .conflict,
      "\(current.country) \(current.question) was changed by \(current.updatedBy) at \(current.updatedAt) "
        + "(version \(current.version)) after this form was made from version \(expected); reload it",
      cause: AnswerConflict(expectedVersion: expected, current: current))
  }

  private func encode(_ answer: LiveAnswer) throws(ReadinessError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      return String(decoding: try encoder.encode(answer), as: UTF8.self)
    } catch {
      throw ReadinessError(.database, "cannot encode the answer: \(error)")
    }
  }

  private func answer(_ document: String) throws(ReadinessError) -> LiveAnswer {
    do {
      return try JSONDecoder().decode(LiveAnswer.self, from: Data(document.utf8))
    } catch {
      throw ReadinessError(
        .database, "a stored answer is damaged: \(error)", at: SourceLocation(file: url.description))
    }
  }
}

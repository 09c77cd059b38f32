import Foundation

/// What a signed-in person may do in `readiness serve`. Ordered: each role can do what the ones
/// before it can.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// Reads rankings, profiles and dossiers (anonymously too, where the admin allows it).
  case viewer
  /// Answers questions and adds evidence.
  case contributor
  /// Also reviews and validates answers.
  case reviewer
  /// Also manages accounts.
  case admin

  public static func < (lhs: Role, rhs: Role) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// An account of the web interface. The password is only ever stored as a KDF hash.
public struct Account: Sendable, Hashable, Codable {
  public var name: String
  public var role: Role
  /// The password hash as the KDF writes it (e.g. bcrypt's `$2b$12$…`).
  public var passwordHash: String
  /// ISO 8601 time of creation (UTC).
  public var created: String

  public init(name: String, role: Role, passwordHash: String, created: String) {
    self.name = name
    self.role = role
    self.passwordHash = passwordHash
    self.created = created
  }
}

/// A signed-in browser session. Only the SHA-256 of the cookie's token is stored.
public struct WebSession: Sendable, Hashable, Codable {
  /// Hex SHA-256 of the session token (the cookie holds the token itself).
  public var tokenHash: String
  public var account: String
  /// The CSRF token every form of this session must post back (`csrf_token`).
  public var csrfToken: String
  /// ISO 8601 times (UTC).
  public var created: String
  public var expires: String

  public init(tokenHash: String, account: String, csrfToken: String, created: String, expires: String) {
    self.tokenHash = tokenHash
    self.account = account
    self.csrfToken = csrfToken
    self.created = created
    self.expires = expires
  }
}

/// The live answer to one question of a country's self-assessment, as edited in the browser.
/// `version` starts at 1 and grows by one with every saved change: a form carries the version it
/// was rendered from, and a save against an older version is a conflict, never a lost answer.
public struct LiveAnswer: Sendable, Hashable, Codable {
  public var country: String
  public var question: String
  /// The chosen option's id.
  public var answer: String
  public var level: Int
  /// level / the question's highest level.
  public var score: Double
  public var status: Dossier.Status
  public var note: String?
  public var evidence: [Dossier.Evidence]
  public var answeredBy: String?
  public var reviewer: String?
  public var version: Int
  /// Who saved this version, and when (ISO 8601, UTC).
  public var updatedBy: String
  public var updatedAt: String

  public init(
    country: String, question: String, answer: String, level: Int, score: Double, status: Dossier.Status,
    note: String? = nil, evidence: [Dossier.Evidence] = [], answeredBy: String? = nil, reviewer: String? = nil,
    version: Int, updatedBy: String, updatedAt: String
  ) {
    self.country = country
    self.question = question
    self.answer = answer
    self.level = level
    self.score = score
    self.status = status
    self.note = note
    self.evidence = evidence
    self.answeredBy = answeredBy
    self.reviewer = reviewer
    self.version = version
    self.updatedBy = updatedBy
    self.updatedAt = updatedAt
  }
}

/// One line of an answer's audit trail: who changed it, when, from what to what.
public struct AnswerAuditEntry: Sendable, Hashable, Codable {
  public var country: String
  public var question: String
  /// The version this change created.
  public var version: Int
  public var who: String
  public var when: String
  /// The answer before the change (nil for the first one) and after it.
  public var old: LiveAnswer?
  public var new: LiveAnswer

  public init(
    country: String, question: String, version: Int, who: String, when: String, old: LiveAnswer?, new: LiveAnswer
  ) {
    self.country = country
    self.question = question
    self.version = version
    self.who = who
    self.when = when
    self.old = old
    self.new = new
  }
}

/// A save that was refused because someone else saved the answer first.
public struct AnswerConflict: Error, Sendable, Hashable {
  /// The version the form was rendered from.
  public var expectedVersion: Int
  /// What is stored now (the other person's answer).
  public var current: LiveAnswer

  public init(expectedVersion: Int, current: LiveAnswer) {
    self.expectedVersion = expectedVersion
    self.current = current
  }
}

/// Storage of what `readiness serve` lets people change — accounts, sessions, live answers and
/// their audit trail — with one implementation per back-end (the SQLite workspace in
/// ReadinessStore, PostgreSQL in ReadinessPostgres). Every method is one transaction.
public protocol CollaborationStore: Sendable {
  /// Adds an account; fails when the name is taken (`.invalidConfiguration`).
  func addAccount(_ account: Account) async throws(ReadinessError)
  func account(named name: String) async throws(ReadinessError) -> Account?
  func accounts() async throws(ReadinessError) -> [Account]

  func createSession(_ session: WebSession) async throws(ReadinessError)
  func session(tokenHash: String) async throws(ReadinessError) -> WebSession?
  func deleteSession(tokenHash: String) async throws(ReadinessError)

  /// The live answers of a country, by question id.
  func answers(country: String) async throws(ReadinessError) -> [LiveAnswer]
  /// Saves `answer` as version `expectedVersion + 1` (0 for a question never answered live) and
  /// appends the change to the audit trail, in one transaction. Returns the stored answer.
  /// Throws ``AnswerConflict`` (wrapped as `ReadinessError.cause`, code `.conflict`) when the
  /// stored version is not `expectedVersion`.
  func saveAnswer(_ answer: LiveAnswer, expectedVersion: Int, by account: String, at time: String)
    async throws(ReadinessError) -> LiveAnswer
  /// The audit trail of one answer, oldest first.
  func audit(country: String, question: String) async throws(ReadinessError) -> [AnswerAuditEntry]
}

extension ReadinessError.Code {
  /// A save against a version someone else has already replaced.
  public static let conflict = ReadinessError.Code(rawValue: "conflict")
  /// The request is not allowed for this account or role.
  public static let forbidden = ReadinessError.Code(rawValue: "forbidden")
}

import Foundation
import ReadinessCore

/// The checks every ``CollaborationStore`` must pass, written once over the protocol so that each
/// back-end (the SQLite workspace, PostgreSQL) runs the same ones:
///
///     @Test func sqlite() async throws { try await CollaborationStoreChecks.run(on: store) }
///
/// `store` must be empty. A failed check throws ``CollaborationStoreChecks/Failure`` naming it.
public enum CollaborationStoreChecks {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Text that must come back exactly as stored (and stay inert in pages).
  public static let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)> ' OR 1=1; -- é 中 \u{1F600}"#

  static func check(_ condition: Bool, _ what: String) throws {
    if !condition { throw Failure(description: "CollaborationStore check failed: " + what) }
  }

  /// Runs every check: accounts, sessions, answers with versions and conflicts, the audit trail,
  /// and concurrent saves of one version (exactly one wins).
  public static func run(on store: any CollaborationStore) async throws {
    try await accounts(store)
    try await sessions(store)
    try await answers(store)
    try await concurrentSaves(store)
  }

  public static func accounts(_ store: any CollaborationStore) async throws {
    try check(try await store.accounts().isEmpty, "a new store has no accounts")
    let amina = Account(name: "amina", role: .reviewer, passwordHash: "$2b$04$hash", created: "2026-01-02T03:04:05Z")
    try await store.addAccount(amina)
    try await store.addAccount(
      Account(name: "bo", role: .contributor, passwordHash: "x", created: "2026-01-02T03:04:06Z"))
    try check(try await store.account(named: "amina") == amina, "an account reads back as stored")
    try check(try await store.account(named: "nobody") == nil, "an unknown name has no account")
    try check(try await store.accounts().map(\.name) == ["amina", "bo"], "accounts are listed by name")
    do {
      try await store.addAccount(
        Account(name: "amina", role: .admin, passwordHash: "y", created: "2026-01-03T00:00:00Z"))
      try check(false, "a taken name is refused")
    } catch let error as ReadinessError {
      try check(error.code == .invalidConfiguration, "a taken name is refused as invalidConfiguration")
    }
    try check(try await store.account(named: "amina")?.role == .reviewer, "a refused duplicate changes nothing")
  }

  public static func sessions(_ store: any CollaborationStore) async throws {
    if try await store.account(named: "amina") == nil {
      try await store.addAccount(
        Account(name: "amina", role: .reviewer, passwordHash: "h", created: "2026-01-02T03:04:05Z"))
    }
    let session = WebSession(
      tokenHash: String(repeating: "ab", count: 32), account: "amina", csrfToken: "csrf-1",
      created: "2026-01-02T03:04:05Z", expires: "2026-01-02T11:04:05Z")
    try await store.createSession(session)
    try check(try await store.session(tokenHash: session.tokenHash) == session, "a session reads back as stored")
    try check(
      try await store.session(tokenHash: String(repeating: "cd", count: 32)) == nil, "unknown token: no session")
    try await store.deleteSession(tokenHash: session.tokenHash)
    try check(try await store.session(tokenHash: session.tokenHash) == nil, "a deleted session is gone")
    try await store.deleteSession(tokenHash: session.tokenHash)  // deleting twice is fine
  }

  static func answer(
    _ country: String, _ option: String, level: Int, status: Dossier.Status = .draft, note: String? = nil
  )
    -> LiveAnswer
  {
    LiveAnswer(
      country: country, question: "G.ai_strategy", answer: option, level: level, score: Double(level) / 4,
      status: status, note: note,
      evidence: [
        Dossier.Evidence(type: "policy", citation: hostile, url: "https://example.org/a?b=1&c=2", date: "2025-01-31")
      ],
      answeredBy: "bo", version: 0, updatedBy: "bo", updatedAt: "2026-01-01T00:00:00Z")
  }

  public static func answers(_ store: any CollaborationStore) async throws {
    try check(try await store.answers(country: "KEN").isEmpty, "no live answers at first")
    let first = try await store.saveAnswer(
      answer("KEN", "planned", level: 1, note: hostile), expectedVersion: 0, by: "bo", at: "2026-02-01T10:00:00Z")
    try check(first.version == 1, "the first save is version 1")
    try check(first.updatedBy == "bo" && first.updatedAt == "2026-02-01T10:00:00Z", "a save records who and when")
    try check(first.note == hostile && first.evidence.first?.citation == hostile, "text is stored exactly")
    try check(try await store.answers(country: "KEN") == [first], "the answer reads back")
    try check(try await store.answers(country: "MYS").isEmpty, "answers are per country")
    var change = answer("KEN", "adopted", level: 3, status: .validated)
    change.reviewer = "amina"
    let second = try await store.saveAnswer(change, expectedVersion: 1, by: "amina", at: "2026-02-02T10:00:00Z")
    try check(
      second.version == 2 && second.status == .validated && second.reviewer == "amina", "the second save is version 2")
    do {
      _ = try await store.saveAnswer(
        answer("KEN", "none", level: 0), expectedVersion: 1, by: "bo", at: "2026-02-03T10:00:00Z")
      try check(false, "a save against an old version is refused")
    } catch let error as ReadinessError {
      try check(error.code == .conflict, "a stale save is a conflict")
      let conflict = error.cause as? AnswerConflict
      try check(conflict?.expectedVersion == 1 && conflict?.current == second, "the conflict carries the stored answer")
    }
    do {
      _ = try await store.saveAnswer(
        answer("KEN", "none", level: 0), expectedVersion: 0, by: "bo", at: "2026-02-03T10:00:00Z")
      try check(false, "a second first save is refused")
    } catch let error as ReadinessError {
      try check(error.code == .conflict, "a second first save is a conflict")
    }
    try check(try await store.answers(country: "KEN") == [second], "refused saves change nothing")
    let trail = try await store.audit(country: "KEN", question: "G.ai_strategy")
    try check(trail.count == 2, "two saves, two audit entries (refused saves none)")
    try check(trail.map(\.version) == [1, 2], "the audit trail is oldest first")
    try check(trail[0].old == nil && trail[0].new == first && trail[0].who == "bo", "the first entry has no old value")
    try check(
      trail[1].old == first && trail[1].new == second && trail[1].who == "amina"
        && trail[1].when == "2026-02-02T10:00:00Z",
      "the second entry has the old and the new value, who and when")
    try check(try await store.audit(country: "KEN", question: "G.other").isEmpty, "the audit trail is per question")
  }

  public static func concurrentSaves(_ store: any CollaborationStore) async throws {
    let base = try await store.saveAnswer(
      answer("THA", "planned", level: 1), expectedVersion: 0, by: "bo", at: "2026-03-01T00:00:00Z")
    let outcomes = await withTaskGroup(of: Bool.self) { group in
      for index in 0..<8 {
        group.addTask {
          do {
            _ = try await store.saveAnswer(
              answer("THA", "adopted", level: 3, note: "writer \(index)"), expectedVersion: base.version, by: "bo",
              at: "2026-03-01T00:00:0\(index)Z")
            return true
          } catch {
            return false
          }
        }
      }
      var results: [Bool] = []
      for await result in group { results.append(result) }
      return results
    }
    try check(outcomes.filter { $0 }.count == 1, "of 8 concurrent saves of one version exactly one wins")
    try check(try await store.answers(country: "THA").first?.version == 2, "the winner is version 2")
    try check(try await store.audit(country: "THA", question: "G.ai_strategy").count == 2, "one audit entry per save")
  }
}

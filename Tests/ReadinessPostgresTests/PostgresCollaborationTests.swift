import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessPostgres

/// ``PostgresCollaborationStore`` against a real PostgreSQL (`READINESS_TEST_DATABASE_URL`);
/// without one these are one skipped test.
@Suite(
  "PostgreSQL collaboration store",
  .enabled(if: PostgresTestDatabase.configured, "READINESS_TEST_DATABASE_URL is not set"))
struct PostgresCollaborationTests {
  enum Case: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case accounts
    case sessions
    case versionsConflictsAndAudit
    case concurrentSavesLoseNothing
    /// The checks every back-end passes (the SQLite store runs them in ReadinessServerTests).
    case sharedChecks

    var testDescription: String { rawValue }
  }

  @Test(arguments: Case.allCases)
  func collaboration(_ test: Case) async throws {
    try await PostgresTestDatabase.withFreshSchema { url in
      let store = try await PostgresCollaborationStore(url: url)
      do {
        switch test {
        case .accounts: try await accounts(store)
        case .sessions: try await sessions(store)
        case .versionsConflictsAndAudit: try await versionsConflictsAndAudit(store)
        case .concurrentSavesLoseNothing: try await concurrentSavesLoseNothing(store)
        case .sharedChecks: try await CollaborationStoreChecks.run(on: store)
        }
      } catch {
        await store.close()
        throw error
      }
      await store.close()
    }
  }

  static let created = "2026-12-01T10:00:00Z"

  func accounts(_ store: PostgresCollaborationStore) async throws {
    let ann = Account(name: "ann", role: .reviewer, passwordHash: "$2b$12$abc", created: Self.created)
    try await store.addAccount(ann)
    try await store.addAccount(
      Account(name: "bo", role: .contributor, passwordHash: "$2b$12$def", created: Self.created))
    await #expect {
      try await store.addAccount(Account(name: "ann", role: .admin, passwordHash: "x", created: Self.created))
    } throws: { error in
      (error as? ReadinessError)?.code == .invalidConfiguration
    }
    #expect(try await store.account(named: "ann") == ann)
    #expect(try await store.account(named: "nobody") == nil)
    #expect(try await store.accounts().map(\.name) == ["ann", "bo"])
    #expect(try await store.accounts().first?.role == .reviewer)
    // Another store on the same database (another process) sees them; migrations ran once.
    let other = try await PostgresCollaborationStore(url: store.url)
    #expect(try await other.accounts().count == 2)
    await other.close()
  }

  func sessions(_ store: PostgresCollaborationStore) async throws {
    try await store.addAccount(Account(name: "ann", role: .viewer, passwordHash: "h", created: Self.created))
    let session = WebSession(
      tokenHash: String(repeating: "ab", count: 32), account: "ann", csrfToken: "csrf", created: Self.created,
      expires: "2026-12-02T10:00:00Z")
    try await store.createSession(session)
    #expect(try await store.session(tokenHash: session.tokenHash) == session)
    #expect(try await store.session(tokenHash: "other") == nil)
    try await store.deleteSession(tokenHash: session.tokenHash)
    #expect(try await store.session(tokenHash: session.tokenHash) == nil)
    await #expect {
      try await store.createSession(
        WebSession(tokenHash: "t", account: "nobody", csrfToken: "c", created: Self.created, expires: Self.created))
    } throws: { error in
      (error as? ReadinessError)?.code == .notFound
    }
  }

  static func answer(_ option: String, country: String = "KEN", question: String = "L2.law") -> LiveAnswer {
    LiveAnswer(
      country: country, question: question, answer: option, level: 2, score: 0.5, status: .draft,
      note: "note of \(option)",
      evidence: [Dossier.Evidence(type: "law", citation: "Act 2019", url: "https://x.example")],
      answeredBy: "ann", version: 0, updatedBy: "", updatedAt: "")
  }

  func versionsConflictsAndAudit(_ store: PostgresCollaborationStore) async throws {
    let first = try await store.saveAnswer(Self.answer("a"), expectedVersion: 0, by: "ann", at: "t1")
    #expect(first.version == 1 && first.updatedBy == "ann" && first.updatedAt == "t1")
    let second = try await store.saveAnswer(Self.answer("b"), expectedVersion: 1, by: "bo", at: "t2")
    #expect(second.version == 2)
    // A form made from version 1 (or a second "first" answer) is a conflict naming what is stored.
    for stale in [1, 0, 5] {
      await #expect {
        try await store.saveAnswer(Self.answer("c"), expectedVersion: stale, by: "cy", at: "t3")
      } throws: { error in
        guard let error = error as? ReadinessError, error.code == .conflict,
          let conflict = error.cause as? AnswerConflict
        else { return false }
        return conflict.expectedVersion == stale && conflict.current == second
      }
    }
    // Never answered live, but a form claims a version.
    await #expect {
      try await store.saveAnswer(Self.answer("c", question: "E1.x"), expectedVersion: 3, by: "cy", at: "t3")
    } throws: { error in
      (error as? ReadinessError)?.code == .conflict
    }
    #expect(try await store.answers(country: "KEN") == [second])
    #expect(try await store.answers(country: "MYS") == [])
    let trail = try await store.audit(country: "KEN", question: "L2.law")
    #expect(trail.map(\.version) == [1, 2])
    #expect(trail.map(\.who) == ["ann", "bo"] && trail.map(\.when) == ["t1", "t2"])
    #expect(trail[0].old == nil && trail[0].new == first)
    #expect(trail[1].old == first && trail[1].new == second)
  }

  func concurrentSavesLoseNothing(_ store: PostgresCollaborationStore) async throws {
    // 20 first answers at once, then 20 saves against version 1: one wins each time.
    for expected in [0, 1] {
      let outcomes = await withTaskGroup(of: String.self) { group in
        for writer in 0..<20 {
          group.addTask {
            do {
              _ = try await store.saveAnswer(
                Self.answer("w\(writer)"), expectedVersion: expected, by: "w\(writer)", at: "t\(expected)")
              return "saved"
            } catch let error as ReadinessError where error.code == .conflict && error.cause is AnswerConflict {
              return "conflict"
            } catch {
              return "\(error)"
            }
          }
        }
        var all: [String] = []
        for await outcome in group { all.append(outcome) }
        return all
      }
      #expect(outcomes.filter { $0 == "saved" }.count == 1, "\(outcomes)")
      #expect(outcomes.filter { $0 == "conflict" }.count == 19, "\(outcomes)")
    }
    let trail = try await store.audit(country: "KEN", question: "L2.law")
    #expect(trail.map(\.version) == [1, 2])
    let stored = try #require(try await store.answers(country: "KEN").first)
    #expect(stored.version == 2 && trail.last?.new == stored && trail.last?.old == trail.first?.new)
  }
}

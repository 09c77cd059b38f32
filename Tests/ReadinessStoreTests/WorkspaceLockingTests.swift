import Foundation
import GRDB
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessStore

/// A workspace shared by several commands at once, and one written by a newer readiness.
@Suite("Workspace locking and format version", .serialized)
struct WorkspaceLockingTests {
  static func importOne(_ workspace: Workspace, _ file: String, value: Double) throws {
    _ = try workspace.importFile(file: file, sha256: file, format: "test") { writer in
      try writer.write(
        Observation(
          country: "MYS", areaKind: .country, indicator: "X.T", period: "2020", value: value, position: .line(2)))
      return ImportReport(file: file, format: "test", source: SourceInfo(publisher: "Tester"))
    }
  }

  /// Another connection holds the write lock (an import in progress) for `seconds`.
  static func holdWriteLock(_ path: String, seconds: Double, started: DispatchSemaphore) -> DispatchGroup {
    let group = DispatchGroup()
    group.enter()
    Thread.detachNewThread {
      defer { group.leave() }
      do {
        let other = try DatabaseQueue(path: path)
        try other.inDatabase { db in
          try db.execute(sql: "BEGIN IMMEDIATE")
          try db.execute(sql: "INSERT INTO sources (key, publisher) VALUES ('held', 'someone')")
          started.signal()
          Thread.sleep(forTimeInterval: seconds)
          try db.execute(sql: "COMMIT")
        }
      } catch {
        Issue.record("holder: \(error)")
        started.signal()
      }
    }
    return group
  }

  @Test func readersGoOnAndWritersWaitWhileAnotherProcessWrites() throws {
    let path = TestPaths.temporaryDirectory() + "/ws.sqlite"
    let workspace = try Workspace(path: path)
    try Self.importOne(workspace, "a.csv", value: 1)
    let started = DispatchSemaphore(value: 0)
    let holder = Self.holdWriteLock(path, seconds: 1.5, started: started)
    started.wait()
    // A reader opens the workspace and reads at once: no "database is locked".
    let begin = Date()
    let reader = try Workspace(path: path)
    #expect(try reader.observations().map(\.observation.value) == [1])
    #expect(Date().timeIntervalSince(begin) < 1)
    // A second writer waits for the first instead of failing at once.
    try Self.importOne(reader, "b.csv", value: 2)
    #expect(Date().timeIntervalSince(begin) >= 1)
    holder.wait()
    #expect(try reader.observations().map(\.observation.value).sorted() == [1, 2])
  }

  @Test func aWriterThatWaitsTooLongSaysWhy() throws {
    let path = TestPaths.temporaryDirectory() + "/ws.sqlite"
    _ = try Workspace(path: path)
    let started = DispatchSemaphore(value: 0)
    let holder = Self.holdWriteLock(path, seconds: 2, started: started)
    started.wait()
    let impatient = try Workspace(path: path, busyTimeout: 0.3)
    do {
      try Self.importOne(impatient, "b.csv", value: 2)
      Issue.record("imported while another connection held the write lock")
    } catch let error as ReadinessError {
      #expect(error.code == .database)
      #expect(error.message.contains("after waiting 0.3 s: another process is writing it"), "\(error)")
    }
    holder.wait()
  }

  @Test func aWorkspaceFromANewerFormatIsNeverWritten() throws {
    let path = TestPaths.temporaryDirectory() + "/ws.sqlite"
    try Self.importOne(try Workspace(path: path), "a.csv", value: 1)
    try DatabaseQueue(path: path).write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9 something new')")
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      _ = try Workspace(path: path)
      Issue.record("opened a workspace of a newer format")
    } catch {
      #expect(error.code == .database)
      #expect(error.message.contains("format v9") && error.message.contains("format v5"), "\(error)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(Workspace.formatName(of: ["v1", "v2 series", "v3 series line"]) == "v3")
  }
}

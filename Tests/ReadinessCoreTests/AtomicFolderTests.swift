import Foundation
import Testing
import _ReadinessTestSupport

@testable import ReadinessCore

/// `AtomicFile.writeAll`: a set of files lands whole or not at all, and leaves no temporary
/// folder behind, even one from an earlier run that was killed.
@Suite struct AtomicFolderTests {
  static func hidden(_ parent: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.hasPrefix(".") }
  }

  @Test func aNewFolderAppearsWhole() throws {
    let parent = TestPaths.temporaryDirectory()
    let output = parent + "/out"
    try AtomicFile.writeAll([("index.html", "i"), ("MYS/indicators.csv", "a,b\n")], into: output)
    #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "i")
    #expect(try String(contentsOfFile: output + "/MYS/indicators.csv", encoding: .utf8) == "a,b\n")
    #expect(Self.hidden(parent).isEmpty)
  }

  @Test func anExistingFolderKeepsItsOtherFiles() throws {
    let parent = TestPaths.temporaryDirectory()
    let output = parent + "/out"
    try AtomicFile.writeAll([("index.html", "old"), ("notes.txt", "mine")], into: output)
    try AtomicFile.writeAll([("index.html", "new"), ("KEN.html", "k")], into: output)
    #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "new")
    #expect(try String(contentsOfFile: output + "/notes.txt", encoding: .utf8) == "mine")
    #expect(FileManager.default.fileExists(atPath: output + "/KEN.html"))
    #expect(Self.hidden(parent).isEmpty && Self.hidden(output).isEmpty)
  }

  @Test func aFailureHalfWayChangesNothing() throws {
    let parent = TestPaths.temporaryDirectory()
    let output = parent + "/out"
    try AtomicFile.writeAll([("index.html", "old")], into: output)
    // The third file cannot be written (its folder would be the file "MYS"): the first two must
    // not reach the output either.
    #expect(throws: ReadinessError.self) {
      try AtomicFile.writeAll([("index.html", "new"), ("MYS", "x"), ("MYS/indicators.csv", "y")], into: output)
    }
    #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "old")
    #expect(!FileManager.default.fileExists(atPath: output + "/MYS"))
    #expect(Self.hidden(parent).isEmpty)
    // Into a folder that did not exist: nothing appears.
    #expect(throws: ReadinessError.self) {
      try AtomicFile.writeAll([("MYS", "x"), ("MYS/a", "y")], into: parent + "/fresh")
    }
    #expect(!FileManager.default.fileExists(atPath: parent + "/fresh"))
  }

  @Test func aTemporaryFolderOfAKilledRunIsRemoved() throws {
    let parent = TestPaths.temporaryDirectory()
    // A process that has ended: its pid stands for a killed batch.
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/sh")
    ended.arguments = ["-c", "exit 0"]
    try ended.run()
    ended.waitUntilExit()
    let stale = parent + "/.out.tmp-\(ended.processIdentifier)-1234"
    let running = parent + "/.out.tmp-\(getpid())-5678"  // this process is alive: another run in progress
    for folder in [stale, running] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try "partial".write(toFile: folder + "/index.html", atomically: false, encoding: .utf8)
    }
    try AtomicFile.writeAll([("index.html", "i")], into: parent + "/out")
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: running))
  }
}

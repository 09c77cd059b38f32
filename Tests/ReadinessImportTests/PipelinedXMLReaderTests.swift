import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// The pipelined reader against the live one it records: on every XML file of the shared data
/// and the fixtures (malformed XML, a DTD, entities), read whole, the replay must give the same
/// nodes — type, depth, emptiness, line, name and id, value, attributes without a namespace —
/// and the same error at the same point, whatever the block size (one node per block up).
@Suite struct PipelinedXMLReaderTests {
  /// The nodes as text. Name ids are numbers of the reader's choosing: each is checked to stand
  /// for one name (and one name for one id), and left out.
  static func describe(_ reader: some XMLNodeReader) -> [String] {
    var out: [String] = []
    var nameOfID: [Int: String] = [:]
    var idOfName: [String: Int] = [:]
    func check(_ id: Int, _ name: String) {
      guard id >= 0 else { return }
      if nameOfID[id, default: name] != name || idOfName[name, default: id] != id {
        out.append(
          "id \(id) stands for \(name) and \(nameOfID[id] ?? "?") (or \(name) has ids \(id) and \(idOfName[name] ?? -1))"
        )
      }
      nameOfID[id] = name
      idOfName[name] = id
    }
    do {
      while let type = try reader.readNode() {
        check(reader.localNameID, reader.localName)
        var attributes: [String] = []
        reader.forEachPlainAttribute { name, value in
          check(name.id, reader.text(of: name))
          attributes.append("\(reader.text(of: name))=\(value.string)")
        }
        out.append(
          "\(type) \(reader.depth) \(reader.isEmptyElement) \(reader.line) \(reader.localName) "
            + "\(reader.value.map { "value \($0.debugDescription)" } ?? "-") \(attributes)")
      }
    } catch {
      out.append("error \(error)")
    }
    return out
  }

  static var files: [String] {
    var paths = ["malformed.xml", "billion-laughs.xml", "sdmx-header-only.xml"].map(fixture)
    if TestPaths.hasSharedData {
      for folder in ["sdmx", "worldbank_api", "indicators"] {
        let root = TestPaths.data(folder)
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        paths += found.filter { $0.hasSuffix(".xml") }.sorted().map { root + "/" + $0 }
      }
    }
    return paths
  }

  @Test func replayGivesTheLiveReadersNodes() throws {
    let files = PipelinedXMLReaderTests.files
    #expect(files.count >= 3)
    var compared = 0
    for path in files {
      let live = PipelinedXMLReaderTests.describe(try XMLStreamReader(path: path))
      for blockBytes in [1, 200, PipelinedXMLReader.blockBytes] {
        let replayed = PipelinedXMLReaderTests.describe(try PipelinedXMLReader(path: path, blockBytes: blockBytes))
        if replayed != live {
          let index = replayed.indices.first { $0 >= live.count || replayed[$0] != live[$0] } ?? live.count
          let got = index < replayed.count ? replayed[index] : "end"
          let want = index < live.count ? live[index] : "end"
          Issue.record("\(path), blocks of \(blockBytes) bytes: node \(index): \(got) instead of \(want)")
        }
        compared += 1
      }
    }
    #expect(compared == files.count * 3)
  }

  /// Dropping the reader half-way stops the parsing thread (it would otherwise wait for room
  /// for ever): the process's threads (Linux's /proc/self/task) come back to what they were
  /// after 50 readers are dropped one node in.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/task")))
  func droppingTheReaderStopsItsThread() throws {
    let path = TestPaths.temporaryDirectory() + "/many.xml"
    try ("<root>" + String(repeating: "<a x=\"1\">text</a>\n", count: 5000) + "</root>")
      .write(toFile: path, atomically: true, encoding: .utf8)
    func threads() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0 }
    let before = threads()
    for _ in 0..<50 {
      let reader = try PipelinedXMLReader(path: path, blockBytes: 1)
      _ = try reader.readNode()
    }
    var after = threads()
    for _ in 0..<200 where after > before + 2 {
      Thread.sleep(forTimeInterval: 0.01)
      after = threads()
    }
    // Other tests run alongside and start threads of their own: a margin of two, not fifty.
    #expect(after <= before + 2, "\(before) threads before, \(after) after")
  }
}

/// The record block and its decoder on their own: writes grow the block before they pass its end,
/// and a record cut short traps instead of reading past the bytes.
@Suite struct XMLNodeRecordTests {
  @Test func writesGrowTheBlockAndReadBack() {
    let block = RecordBlock(capacity: 1)
    let texts = (0..<200).map { String(repeating: "é", count: $0) }
    for (index, text) in texts.enumerated() {
      block.put(Int32(index))
      var bytes = Array(text.utf8)
      bytes.withUnsafeMutableBufferPointer { block.putText($0.baseAddress, count: $0.count) }
    }
    block.patch(Int32(-7), at: 0)
    var decoder = XMLNodeRecord.Decoder(bytes: block.bytes, offset: 0)
    var read: [String] = []
    var ids: [Int32] = []
    for _ in texts {
      ids.append(decoder.integer(Int32.self))
      let range = decoder.text()
      #expect(block.bytes[range.upperBound] == 0)
      read.append(String(decoding: UnsafeRawBufferPointer(rebasing: block.bytes[range]), as: UTF8.self))
    }
    #expect(read == texts && decoder.offset == block.count)
    #expect(ids == [-7] + (1..<200).map(Int32.init))
  }

  @Test func aRecordCutShortTraps() async {
    await #expect(processExitsWith: .failure) {
      let block = RecordBlock(capacity: 64)
      block.put(UInt32(1000))  // a text of 1,000 bytes that is not there
      var decoder = XMLNodeRecord.Decoder(bytes: block.bytes, offset: 0)
      _ = decoder.text()
    }
  }
}

import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// Structural limits of the XML reader, checked on the bytes before libxml2 parses them.
@Suite("XML structural limits")
struct XMLLimitTests {
  static func document(_ element: String) -> String {
    "<?xml version=\"1.0\"?>\n<root>\n<!-- a = b = c -->\n" + element + "\n</root>\n"
  }

  static func nodes(_ text: String, fromMemory: Bool) throws -> Int {
    let reader: XMLStreamReader
    if fromMemory {
      reader = try XMLStreamReader(bytes: Array(text.utf8), name: "doc.xml")
    } else {
      let path = TestPaths.temporaryDirectory() + "/doc.xml"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      reader = try XMLStreamReader(path: path)
    }
    var count = 0
    while try reader.readNode() != nil { count += 1 }
    return count
  }

  @Test(arguments: [false, true])
  func anElementWithTensOfThousandsOfAttributesIsRefusedAtOnce(fromMemory: Bool) throws {
    let attributes = (0..<40_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
    let start = Date()
    do {
      _ = try Self.nodes(Self.document("<x \(attributes)/>"), fromMemory: fromMemory)
      Issue.record("read an element with 40,000 attributes")
    } catch let error as ReadinessError {
      #expect(error.code == .limitExceeded)
      #expect(error.location?.line == 4, "\(error)")
      #expect(error.message.contains("more than 1000 attributes"), "\(error)")
    }
    #expect(Date().timeIntervalSince(start) < 2)
  }

  @Test func attributesUpToTheLimitAndEqualsSignsElsewhereAreFine() throws {
    let attributes = (0..<XMLStreamReader.maxAttributes).map { "a\($0)=\"x=y\"" }.joined(separator: " ")
    // '=' in text, comments, CDATA, processing instructions and attribute values is not counted.
    let busy = String(repeating: "=", count: 5_000)
    let text = Self.document(
      "<x \(attributes)>\(busy)<![CDATA[<y \(busy)>]]><?pi \(busy)?><!-- <z \(busy)> --></x><w v='\(busy)'/>")
    #expect(try Self.nodes(text, fromMemory: false) > 5)
    #expect(try Self.nodes(text, fromMemory: true) > 5)
  }

  @Test func anOverlongStartTagIsRefused() throws {
    let text = Self.document("<x v=\"" + String(repeating: "y", count: XMLStreamReader.maxStartTagBytes) + "\"/>")
    do {
      _ = try Self.nodes(text, fromMemory: false)
      Issue.record("read a start tag over the limit")
    } catch let error as ReadinessError {
      #expect(error.code == .limitExceeded && error.message.contains("start tag is longer"), "\(error)")
    }
  }
}

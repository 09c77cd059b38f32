import Foundation
import Testing
import _ReadinessTestSupport

@testable import ReadinessCore

@Suite("CSV reader")
struct CSVReaderTests {
  func records(_ text: String, options: CSVOptions = CSVOptions()) throws -> [[String]] {
    var reader = try CSVReader(string: text, options: options)
    var out: [[String]] = []
    while let record = try reader.next() { out.append(record.fields) }
    return out
  }

  @Test func plainFieldsAndLineEnds() throws {
    #expect(try records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    #expect(try records("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
    #expect(try records("a,b\r1,2") == [["a", "b"], ["1", "2"]])
    #expect(try records("a,b\n1,2") == [["a", "b"], ["1", "2"]], "final line without a line break")
  }

  @Test func quotesEscapesAndEmbeddedBreaks() throws {
    #expect(try records("\"Korea, Rep.\",KOR\n") == [["Korea, Rep.", "KOR"]])
    #expect(try records("\"say \"\"hi\"\"\",x\n") == [["say \"hi\"", "x"]])
    #expect(try records("\"line1\nline2\",x\r\n\"a\r\nb\",y\n") == [["line1\nline2", "x"], ["a\r\nb", "y"]])
    #expect(try records("\"\",\"\"\n") == [["", ""]])
  }

  @Test func trailingEmptyFieldAndLeadingSpacesKept() throws {
    #expect(try records("a,b,\n") == [["a", "b", ""]])
    #expect(try records(" Alice , Bob\n") == [[" Alice ", " Bob"]])
  }

  @Test func byteOrderMarkIsStripped() throws {
    var reader = try CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("\"Country Name\",x\n".utf8))
    #expect(try reader.next()?.fields == ["Country Name", "x"])
  }

  @Test(arguments: [(";", UInt8(ascii: ";")), ("\t", UInt8(ascii: "\t")), (",", UInt8(ascii: ","))])
  func delimiterIsDetected(separator: String, byte: UInt8) throws {
    // The comma inside "Korea, Rep." must neither win the vote nor split the field.
    let name = separator == "," ? "\"Korea, Rep.\"" : "Korea, Rep."
    let text = ["Country Name", name, "KOR"].joined(separator: separator) + "\n1" + separator + "2" + separator + "3\n"
    var reader = try CSVReader(string: text)
    #expect(reader.delimiter == byte)
    #expect(try reader.next()?.fields == ["Country Name", "Korea, Rep.", "KOR"])
    #expect(try reader.next()?.fields == ["1", "2", "3"])
  }

  @Test func unterminatedQuoteNamesLineAndColumnOfTheQuote() throws {
    let text = "a,b\n1,2\nx,\"never closed\n3,4\n"
    var reader = try CSVReader(string: text, name: "bad.csv")
    _ = try reader.next()
    _ = try reader.next()
    do {
      _ = try reader.next()
      Issue.record("expected an error")
    } catch {
      #expect(error.code == .malformedInput)
      #expect(error.location == SourceLocation(file: "bad.csv", line: 3, column: 3))
      #expect(error.description.hasPrefix("bad.csv:3:3: unterminated quoted field"))
    }
  }

  @Test func textAfterClosingQuoteIsAnError() throws {
    #expect(throws: ReadinessError.self) { try records("\"ab\"c,d\n") }
  }

  @Test func quoteInsideUnquotedFieldIsAnError() throws {
    do {
      _ = try records("ab\"c,d\n")
      Issue.record("expected an error")
    } catch let error as ReadinessError {
      #expect(error.location?.line == 1)
      #expect(error.location?.column == 3)
    }
  }

  @Test func invalidUTF8IsAnErrorUnlessLatin1() throws {
    let bytes: [UInt8] = Array("name\nC".utf8) + [0xF4, 0x74, 0x65] + Array("\n".utf8)  // "Côte" in Latin-1
    var strict = try CSVReader(bytes: bytes, name: "latin1.csv")
    _ = try strict.next()
    #expect(throws: ReadinessError.self) { _ = try strict.next() }
    var latin = try CSVReader(bytes: bytes, name: "latin1.csv", options: CSVOptions(encoding: .latin1))
    _ = try latin.next()
    #expect(try latin.next()?.fields == ["Côte"])
  }

  @Test func fieldLengthLimit() throws {
    let long = String(repeating: "x", count: 100)
    #expect(throws: ReadinessError.self) {
      _ = try records("a,\(long)\n", options: CSVOptions(maxFieldBytes: 50))
    }
  }

  @Test func utf16IsRefused() throws {
    #expect(throws: ReadinessError.self) { _ = try CSVReader(bytes: [0xFF, 0xFE, 0x61, 0x00]) }
  }

  @Test func recordsKnowTheirLinesAndColumns() throws {
    var reader = try CSVReader(string: "a,bb,ccc\n\"x\ny\",z\nlast,one\n")
    let first = try #require(try reader.next())
    #expect(first.line == 1 && first.columns == [1, 3, 6])
    let second = try #require(try reader.next())
    #expect(second.line == 2)
    let third = try #require(try reader.next())
    #expect(third.line == 4, "a quoted line break advances the line count")
  }

  /// Round trip against a naive reference writer: random fields with delimiters, quotes and
  /// line breaks, quoted only where RFC 4180 requires, must read back unchanged — read whole and
  /// in chunks of 1, 2, 3, 7 and 64 bytes, so that CRLF, `""` and multi-byte characters are
  /// split across chunk boundaries.
  @Test(arguments: [UInt64(1), 2, 3, 42])
  func roundTripAgainstReferenceWriter(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let alphabet = Array("ab ,;\"\n\r\té€1")
    var expected: [[String]] = []
    for _ in 0..<200 {
      let count = Int(rng.next() % 6) + 1
      expected.append(
        (0..<count).map { _ in
          String((0..<Int(rng.next() % 8)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        })
    }
    // Avoid a record that is a single empty field (indistinguishable from a blank line).
    expected = expected.map { $0 == [""] ? ["x"] : $0 }
    func quoted(_ field: String) -> String {
      let needs = field.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
      return needs ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
    let text = expected.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    for chunk in [nil, 1, 2, 3, 7, 64] as [Int?] {
      var reader = try CSVReader(
        bytes: Array(text.utf8), name: "roundtrip", options: CSVOptions(delimiter: UInt8(ascii: ",")), chunkSize: chunk)
      var actual: [[String]] = []
      while let record = try reader.next() { actual.append(record.fields) }
      #expect(actual == expected, "chunk size \(chunk.map(String.init) ?? "whole")")
    }
  }

  /// Simple lines (no escaped quotes or line breaks in quotes) are read in one pass when they lie
  /// in the buffer; everything else goes field by field. Read whole (one pass wherever it can) and
  /// one byte at a time (field by field), random text — unquoted and quoted fields, escaped quotes,
  /// CR, LF and CRLF, blank lines, invalid
  /// UTF-8, Latin-1, fields and records over small limits — must give the same records, lines
  /// and columns, or the same error. So must records read as bytes (``CSVReader/nextRow()``),
  /// taking turns with ``CSVReader/next()``.
  @Test(arguments: [UInt64(7), 8, 9, 10, 11, 12])
  func onePassLinesAgreeWithTheFieldReader(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let pieces: [[UInt8]] = [
      Array("ab".utf8), Array("1.5".utf8), Array(",".utf8), Array(",".utf8), Array(";".utf8), Array("\n".utf8),
      Array("\r\n".utf8), Array("\r".utf8), Array("\"q,\"\"x\"".utf8), Array("é".utf8), [0xFF], [0xC3],
      Array("longer-field".utf8), Array("   ".utf8), Array("\"a b\"".utf8), Array("\"\"".utf8), Array("\"x,y\"".utf8),
      Array("\"1960\",".utf8), Array("\"é\"".utf8),
    ]
    func describe(_ reader: inout CSVReader) -> [String] {
      var out: [String] = []
      do {
        while let record = try reader.next() {
          out.append("\(record.line) \(record.columns) \(record.fields)")
        }
      } catch {
        out.append("error \(error)")
      }
      return out
    }
    func describeRows(_ reader: inout CSVReader) -> [String] {
      var out: [String] = []
      do {
        var turn = 0
        while true {
          turn += 1
          let record: CSVRecord
          if turn % 3 == 0 {
            guard let next = try reader.next() else { break }
            record = next
          } else {
            guard let row = try reader.nextRow() else { break }
            if row.isBlank != row.record.isBlank || row.count != row.record.fields.count {
              out.append("row \(row.line) disagrees with its record")
            }
            record = row.record
          }
          out.append("\(record.line) \(record.columns) \(record.fields)")
        }
      } catch {
        out.append("error \(error)")
      }
      return out
    }
    for round in 0..<2000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(rng.next() % 40) { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
      let options = CSVOptions(
        delimiter: UInt8(ascii: ","), encoding: round % 5 == 0 ? .latin1 : .utf8, maxFieldBytes: 10,
        maxFieldsPerRecord: 6)
      var whole = try CSVReader(bytes: bytes, name: "t", options: options, chunkSize: nil)
      var bytewise = try CSVReader(bytes: bytes, name: "t", options: options, chunkSize: 1)
      var asBytes = try CSVReader(bytes: bytes, name: "t", options: options, chunkSize: nil)
      let a = describe(&whole)
      let b = describe(&bytewise)
      let c = describeRows(&asBytes)
      if a != b || a != c {
        Issue.record("round \(round), input \(bytes): \(a) vs \(b) vs rows \(c)")
        return
      }
    }
  }

  @Test func largeFileAcrossManyChunks() throws {
    // 300 kB spans two 256 KiB chunks; a quoted field straddles the boundary somewhere.
    var text = "country,value\n"
    for index in 0..<20_000 { text += "\"C, \(index)\",\(index)\n" }
    let path = NSTemporaryDirectory() + "chunks-\(UUID().uuidString).csv"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var reader = try CSVReader(path: path)
    _ = try reader.next()
    var count = 0
    while let record = try reader.next() {
      #expect(record.fields == ["C, \(count)", "\(count)"])
      count += 1
    }
    #expect(count == 20_000)
  }
}

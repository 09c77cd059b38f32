import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// A worksheet is inflated on a thread of its own into a pipe that libxml2 reads while it comes
/// (``XLSXPartStream``). These sheets are larger than the pipe (scripts/fixtures/make-xlsx-fixtures.py,
/// `streamed_sheets`), so that the inflater is still writing when the parse meets an error.
@Suite("XLSX sheets streamed from the archive")
struct XLSXStreamTests {
  func xlsx(_ name: String) -> String { fixture("xlsx/" + name) }

  func importSheet(_ path: String) throws -> [Observation] {
    let context = ImportContext(reference: try TestPaths.reference(), sdmx: SDMXOptions(), sheet: SheetOptions())
    var observations: [Observation] = []
    _ = try Importers.run(file: path, format: nil, context: context) { observations.append($0) }
    return observations
  }

  func failure(_ name: String) -> ReadinessError? {
    do {
      _ = try importSheet(xlsx(name))
    } catch let error as ReadinessError {
      return error
    } catch {
      Issue.record("not a ReadinessError: \(error)")
    }
    return nil
  }

  /// XML broken after 20,000 good rows: the error names the workbook and the sheet (there is no
  /// temporary file any more to name), and the line where the XML breaks.
  @Test func brokenSheetNamesTheWorkbookAndSheet() throws {
    let error = try #require(failure("broken-sheet.xlsx"))
    #expect(error.code == .malformedInput, "\(error)")
    let file = try #require(error.location?.file)
    #expect(file.hasSuffix("broken-sheet.xlsx (sheet \"Data\")"), "\(error)")
    #expect(!error.description.contains(NSTemporaryDirectory()), "\(error)")
    #expect(!error.description.contains("\n"))
  }

  /// Every byte of the sheet parses, but its stored CRC-32 is wrong: the archive's check, met by the
  /// inflater once it has written the last byte, fails the import though the parse succeeded.
  @Test func wrongChecksumFailsAfterAGoodParse() throws {
    let error = try #require(failure("bad-crc.xlsx"))
    #expect(error.code == .malformedInput, "\(error)")
    #expect(error.message.contains("cannot inflate the part xl/worksheets/sheet1.xml"), "\(error)")
    #expect(error.location?.file.hasSuffix("bad-crc.xlsx") == true)
  }

  /// The same workbook with its checksum put right (the fixture stores it with every bit flipped)
  /// imports whole, as a check that it fails by its checksum alone: 20,000 rows of Kenya, year
  /// 2000 + r mod 20 and value r mod 97 on row r, so the first value of each year (kept; the rest
  /// repeat) is on row 20 for 2000, 21 for 2001, and row y - 2000 for the years 2002 to 2019.
  @Test func theSameSheetWithItsChecksumRightImports() throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: xlsx("bad-crc.xlsx"))))
    let name = Array("xl/worksheets/sheet1.xml".utf8)
    var flipped = 0
    for start in 0..<(bytes.count - 4) where bytes[start] == 0x50 && bytes[start + 1] == 0x4B {
      // A local header (PK 3 4, name at 30, CRC-32 at 14) or a central one (PK 1 2, at 46 and 16).
      let (nameAt, crcAt): (Int, Int)
      switch (bytes[start + 2], bytes[start + 3]) {
      case (3, 4): (nameAt, crcAt) = (30, 14)
      case (1, 2): (nameAt, crcAt) = (46, 16)
      default: continue
      }
      guard start + nameAt + name.count <= bytes.count,
        Array(bytes[start + nameAt..<start + nameAt + name.count]) == name
      else { continue }
      for index in start + crcAt..<start + crcAt + 4 { bytes[index] ^= 0xFF }
      flipped += 1
    }
    #expect(flipped == 2)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("good.xlsx").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let observations = try importSheet(path)
    #expect(observations.count == 20)
    #expect(Set(observations.map(\.country)) == ["KEN"])
    let byYear = Dictionary(uniqueKeysWithValues: observations.map { ($0.period, $0.value) })
    #expect(byYear["2000"] == 20)
    #expect(byYear["2001"] == 21)
    #expect(byYear["2005"] == 5)
    #expect(byYear["2019"] == 19)
  }

  /// A bad number on the first row of data: the parse stops at once while the inflater waits for
  /// room in the full pipe; the error is the number's (not a broken pipe, not a checksum), and the
  /// import returns — the inflater was stopped and its thread joined.
  @Test func earlyErrorStopsTheInflater() throws {
    for _ in 0..<3 {
      let error = try #require(failure("early-error.xlsx"))
      #expect(error.code == .unexpectedContent, "\(error)")
      #expect(error.description.contains("sheet \"Data\", row 2, column C"), "\(error)")
      #expect(error.message.contains("12;5"), "\(error)")
    }
  }

  /// A ZIP bomb in the sheet part is refused while streamed, by the inflater's limit, and that
  /// refusal is the error rather than the truncated XML the parser meets.
  @Test func bombInTheSheetIsTheRefusal() throws {
    let error = try #require(failure("bomb.xlsx"))
    #expect(error.code == .limitExceeded, "\(error)")
    #expect(error.message.contains("ZIP bomb"), "\(error)")
  }

  /// The rows of sheet `sheet` as ``XLSXRowReader`` hands them over with blocks of `blockBytes`
  /// (1: every row a block of its own), and the error that ended the reading, if any.
  func rows(_ name: String, sheet: String, blockBytes: Int, maxRowBytes: Int = XLSXRowParser.maxRowBytes) throws -> (
    rows: [(Int, [XLSXCell])], error: ReadinessError?
  ) {
    let archive = try XLSXArchive(file: xlsx(name))
    let part = try #require(archive.sheets.first { $0.name == sheet }).part
    let context = try XLSXCellContext(archive: archive)
    let stream = try XLSXPartStream(archive: archive, part: part)
    defer { stream.finish() }
    let reader = try XLSXRowReader(
      stream: stream, context: context, name: name, blockBytes: blockBytes, maxRowBytes: maxRowBytes)
    var out: [(Int, [XLSXCell])] = []
    var row = XLSXRow()
    do {
      while try reader.next(into: &row) { out.append((row.number, row.xlsxCells)) }
    } catch {
      return (out, error)
    }
    return (out, nil)
  }

  /// Rows cross from the parsing thread in blocks: whatever the block size, the reader gives the
  /// cells the fixture's XML holds (scripts/fixtures/make-xlsx-fixtures.py, "Scores 2023" of
  /// index-layout.xlsx, read by hand: shared and inline strings, a formula's cached value, an
  /// error, dates by their style, booleans, gaps between rows and columns).
  @Test(arguments: [1, 40, XLSXRowReader.blockBytes])
  func rowsAreTheSheetsWhateverTheBlockSize(blockBytes: Int) throws {
    func cell(_ column: Int, _ kind: XLSXCell.Kind, _ text: String) -> XLSXCell {
      XLSXCell(column: column, kind: kind, text: text)
    }
    let expected: [(Int, [XLSXCell])] = [
      (1, [cell(0, .text, "AI Index 2023 (invented figures)")]),
      (
        3,
        [
          cell(0, .text, "ISO3"), cell(1, .text, "Country"), cell(2, .text, "Overall"), cell(3, .text, "PILLAR SCORES"),
          cell(5, .text, "Published"), cell(6, .text, "Imputed"),
        ]
      ),
      (4, [cell(3, .text, "Talent (0-100)"), cell(4, .text, "Compute (0-100)")]),
      (
        5,
        [
          cell(0, .text, "Kenya"), cell(1, .text, "Kenya"), cell(2, .number, "41.25"), cell(3, .number, "50.5"),
          cell(4, .number, "32"), cell(5, .date, "2024-01-01"), cell(6, .boolean, "FALSE"),
        ]
      ),
      (
        6,
        [
          cell(0, .text, "MYS"), cell(1, .text, "Malaysia"), cell(2, .number, "6.25E1"), cell(3, .error, "#N/A"),
          cell(4, .number, "1.5e1"), cell(5, .date, "2024-02-01"), cell(6, .boolean, "TRUE"),
        ]
      ),
      (9, [cell(0, .text, "Source: invented for the toolkit's tests")]),
    ]
    let (read, error) = try rows("index-layout.xlsx", sheet: "Scores 2023", blockBytes: blockBytes)
    #expect(error == nil, "\(String(describing: error))")
    #expect(read.map(\.0) == expected.map(\.0))
    for (got, want) in zip(read, expected) { #expect(got.1 == want.1, "row \(want.0)") }
  }

  /// An error met by the parsing thread comes after the rows before it, however the rows were
  /// split into blocks: broken-sheet.xlsx has a header and 20,000 good rows (2 to 20,001: KEN, year
  /// 2000 + r mod 20, value r mod 97 on row r) before its XML breaks. libxml2 reports the break
  /// when its look-ahead meets it, a few rows before the last good one, so the rows read are a
  /// prefix: checked row by row, and nearly all of them.
  @Test(arguments: [1, 100, XLSXRowReader.blockBytes])
  func anErrorComesAfterTheRowsBeforeIt(blockBytes: Int) throws {
    let (read, error) = try rows("broken-sheet.xlsx", sheet: "Data", blockBytes: blockBytes)
    #expect(error?.code == .malformedInput, "\(String(describing: error))")
    #expect(read.count > 19_900 && read.count <= 20_001, "\(read.count) rows")
    #expect(read.first?.1.map(\.text) == ["ISO3", "Year", "Score"])
    var wrong: [Int] = []
    for (index, (number, cells)) in read.enumerated().dropFirst() {
      let expected = [
        XLSXCell(column: 0, kind: .text, text: "KEN"),
        XLSXCell(column: 1, kind: .number, text: "\(2000 + number % 20)"),
        XLSXCell(column: 2, kind: .number, text: "\(number % 97)"),
      ]
      if number != index + 1 || cells != expected { wrong.append(number) }
    }
    #expect(wrong.isEmpty, "rows read wrong: \(wrong.prefix(10))")
  }

  /// Shared strings can make a row far longer than its XML: a row past the limit is refused,
  /// after the rows before it. In "Scores 2023" of index-layout.xlsx, row 1 holds 32 bytes of
  /// text ("AI Index 2023 (invented figures)"), row 3 47 ("ISO3", "Country", "Overall",
  /// "PILLAR SCORES", "Published", "Imputed").
  @Test func aRowPastTheLimitIsRefused() throws {
    let (read, error) = try rows("index-layout.xlsx", sheet: "Scores 2023", blockBytes: 1, maxRowBytes: 40)
    #expect(read.map(\.0) == [1])
    #expect(error?.code == .limitExceeded, "\(String(describing: error))")
    #expect(error?.message == "row 3 holds more than 40 bytes of text; refused")
    #expect(error?.location?.line == 3)
    let (all, none) = try rows("index-layout.xlsx", sheet: "Scores 2023", blockBytes: 1, maxRowBytes: 47)
    #expect(none == nil && all.count == 6)
  }
}

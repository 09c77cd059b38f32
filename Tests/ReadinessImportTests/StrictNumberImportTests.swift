import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// A value cell that `Double(_:)` would misread is refused by the CSV importers with its line
/// and column, whichever path (bytes or text) reads it.
@Suite("Strict numbers in imports")
struct StrictNumberImportTests {
  static func write(_ bytes: [UInt8], name: String) throws -> String {
    let path = TestPaths.temporaryDirectory() + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test(arguments: [
    ("5\u{0}0", "NUL byte"), ("78\u{0}.788", "NUL byte"), ("0x1A", "hexadecimal"), ("1e-400", "out of range"),
    ("1e400", "out of range"),
  ])
  func tidyCSVRefusesTheCell(cell: String, reason: String) throws {
    let path = try Self.write(
      Array("country,indicator,period,value\nMYS,X.TEST,2020,1.5\nMYS,X.TEST,2021,\(cell)\n".utf8), name: "t.csv")
    do {
      let (_, observations) = try importAll(path, format: .tidyCSV)
      Issue.record("imported \(observations.map(\.value))")
    } catch let error as ReadinessError {
      #expect(error.location?.line == 3 && error.location?.column == 17, "\(error)")
      #expect(error.description.contains(reason), "\(error)")
    }
  }

  @Test(arguments: ["5\u{0}0", "0x1A", "1e-400"])
  func worldBankBulkCSVRefusesTheCell(cell: String) throws {
    let text = """
      "Data Source","World Development Indicators",

      "Last Updated Date","2024-06-28",

      "Country Name","Country Code","Indicator Name","Indicator Code","2020","2021",
      "Malaysia","MYS","Individuals using the Internet (% of population)","IT.NET.USER.ZS","1.5","\(cell)",

      """
    let path = try Self.write(Array(text.utf8), name: "API_IT.NET.USER.ZS_DS2_en_csv_v2_1.csv")
    #expect(throws: ReadinessError.self) { _ = try importAll(path, format: .wbCSV) }
  }
}

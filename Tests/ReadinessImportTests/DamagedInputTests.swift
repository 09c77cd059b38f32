import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// Files damaged on the way (cut off, a delimiter lost or added), binary data and UTF-16 are
/// refused at once with what is wrong, never imported as if whole.
@Suite("Damaged and non-text input")
struct DamagedInputTests {
  static let header = """
    "Data Source","World Development Indicators",

    "Last Updated Date","2024-06-28",

    "Country Name","Country Code","Indicator Name","Indicator Code","2019","2020","2021",

    """

  static func write(_ bytes: [UInt8], name: String = "API_IT.NET.USER.ZS_DS2_en_csv_v2_1.csv") throws -> String {
    let path = TestPaths.temporaryDirectory() + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  static let malaysia = "\"Malaysia\",\"MYS\",\"Internet\",\"IT.NET.USER.ZS\",\"81.2\",\"89.6\",\"96.8\",\n"
  static let kenya = "\"Kenya\",\"KEN\",\"Internet\",\"IT.NET.USER.ZS\",\"23\",\"29.5\",\"31\",\n"

  @Test func aWholeFileImports() throws {
    let (_, observations) = try importAll(try Self.write(Array((Self.header + Self.malaysia + Self.kenya).utf8)))
    #expect(observations.count == 6)
  }

  @Test(arguments: [
    // Cut off mid-line: the last line ends after the 2019 value, without a line break.
    (malaysia + "\"Kenya\",\"KEN\",\"Internet\",\"IT.NET.USER.ZS\",\"23\",", 7, "cut short"),
    (malaysia + "Kenya,KEN,Internet,IT.NET.USER.ZS,23,29", 7, "cut short"),
    // A value lost its delimiter (two cells run together): a line short.
    (malaysia.replacingOccurrences(of: "\"81.2\",\"89.6\"", with: "\"81.2\"") + kenya, 6, "cut short"),
    // A stray delimiter: a line too long.
    (malaysia + kenya.replacingOccurrences(of: "\"29.5\"", with: "\"29\",\"5\""), 7, "too long"),
  ])
  func aLineWithTheWrongNumberOfFieldsIsRefused(body: String, line: Int, what: String) throws {
    let path = try Self.write(Array((Self.header + body).utf8))
    do {
      let (_, observations) = try importAll(path)
      Issue.record("imported \(observations.count) values")
    } catch let error as ReadinessError {
      #expect(error.code == .malformedInput)
      #expect(error.location?.line == line, "\(error)")
      #expect(error.message.contains(what) && error.message.contains("where the header (line 5) has 8"), "\(error)")
    }
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/zero")))
  func nulFilledInputIsRefusedAtOnce() throws {
    let start = Date()
    for format in [ImportFormat.tidyCSV, .wbCSV, nil] {
      do {
        _ = try importAll("/dev/zero", format: format)
        Issue.record("imported /dev/zero as \(String(describing: format))")
      } catch let error as ReadinessError {
        // Forced to a CSV format: named as binary. Sniffed: its first "field" passes the CSV
        // reader's 1 MiB limit first.
        #expect(error.message.contains(format == nil ? "longer than" : "binary data"), "\(error)")
      }
    }
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test(arguments: [true, false])
  func utf16IsNamedAsSuch(littleEndian: Bool) throws {
    let xml =
      "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<wb:data xmlns:wb=\"http://www.worldbank.org\"></wb:data>\n"
    let units = Array(xml.utf16)
    let bytes = units.flatMap {
      littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)]
    }
    let path = try Self.write(bytes, name: "data.xml")
    do {
      _ = try importAll(path)
      Issue.record("imported UTF-16")
    } catch let error as ReadinessError {
      #expect(error.message.contains(littleEndian ? "UTF-16LE XML" : "UTF-16BE XML"), "\(error)")
      #expect(error.message.contains("must be UTF-8") && !error.message.contains("CSV"), "\(error)")
    }
  }
}

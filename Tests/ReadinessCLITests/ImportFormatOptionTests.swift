import Foundation
import Testing
import _ReadinessTestSupport

/// `import --format` is an enum: `--help` lists every value and an unknown one is named with the list.
@Suite("import --format values")
struct ImportFormatOptionTests {
  @Test func helpListsEveryFormat() throws {
    let result = try runReadiness(["import", "--help"])
    #expect(result.status == 0, "\(result.stderr)")
    let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(help.contains("values: auto, wb-csv, wb-xml"), "\(help)")
    #expect(help.contains("tidy-csv"))
    #expect(help.contains("default: auto"))
  }

  @Test func unknownFormatIsNamedWithTheValues() throws {
    let result = try runReadiness(["import", "--format", "wb-cvs", "--dry-run", "nothing.csv"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("'wb-cvs'"), "\(result.stderr)")
    #expect(result.stderr.contains("wb-csv") && result.stderr.contains("sdmx-ml") && result.stderr.contains("auto"))
  }

  @Test func aForcedFormatIsUsed() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/tidy.csv"
    try "country,indicator,period,value\nKEN,X.1,2020,1.5\n".write(toFile: file, atomically: true, encoding: .utf8)
    let tidy = try runReadiness(["import", "--format", "tidy-csv", "--dry-run", file])
    #expect(tidy.status == 0, "\(tidy.stderr)")
    let wrong = try runReadiness(["import", "--format", "wb-csv", "--dry-run", file])
    #expect(wrong.status != 0)
  }
}

import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// Every file under ../shared/data either imports or is refused with a one-line ReadinessError
/// naming the file — nothing crashes, nothing is accepted silently empty by accident.
@Suite("Every real file", .enabled(if: TestPaths.hasSharedData))
struct AllRealFilesTests {
  /// Files that must be refused, and why (each is documented in its folder's PROVENANCE.md).
  static let refused: [String: ReadinessError.Code] = [
    "TestCountriesService_Get__01__countries_invalid_country_id_format_json.json": .publisherError,
    "TestIndicatorValuesService_ListBySourceID__03__countries_all_indicators_INVALID_INDICATOR_ID_SP_POP_TOTL_format_json_source_invalid_source_id.xml":
      .unsupportedFormat,
    "ESTAT_footer.xml": .publisherError,
    "ESTAT_footer2.xml": .publisherError,
    "SDMXMessageExample_2.1.xml": .publisherError,
    // Has no time dimension: importable only with --period (see SDMXImporterTests).
    "SDMXCrossSectionalDataExample_1.0.xml": .unexpectedContent,
    "example-09B.csv": .unexpectedContent,
    "OECD_PART2_sdmx-json.json": .unexpectedContent,
    // Metadata beside data files (a query, a schema, a codebook), not data.
    "datapackage.json": .unsupportedFormat,
    "openalex_ai_pubs_2024.json.meta.json": .unsupportedFormat,
    "openalex_ml_pubs_2024.json.meta.json": .unsupportedFormat,
    "itu_gci_2024.csv.meta.json": .unsupportedFormat,
    "ddf--concepts--continuous.csv": .unexpectedContent,
    "ddf--entities--geo--country.csv": .unexpectedContent,
  ]

  /// The World Bank API recordings' INDEX.tsv says which answers are error messages.
  static func apiErrorAnswers() throws -> Set<String> {
    let index = try String(contentsOfFile: TestPaths.data("worldbank_api/json/INDEX.tsv"), encoding: .utf8)
    return Set(
      index.split(separator: "\n").compactMap { line in
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
        return columns.count > 2 && columns[2].hasPrefix("error") ? String(columns[0]) : nil
      })
  }

  @Test func everyFileImportsOrIsRefusedClearly() throws {
    let root = TestPaths.sharedData
    let errorAnswers = try AllRealFilesTests.apiErrorAnswers()
    #expect(errorAnswers.count >= 10)
    let files = try FileManager.default.subpathsOfDirectory(atPath: root).filter { file in
      [".csv", ".CSV", ".xml", ".json", ".xlsx", ".txt"].contains { file.hasSuffix($0) }
    }.sorted()
    #expect(files.count > 80)
    let context = ImportContext(reference: try TestPaths.reference())
    var imported = 0
    for relative in files {
      let path = root + "/" + relative
      let name = (relative as NSString).lastPathComponent
      do {
        var count = 0
        _ = try Importers.run(file: path, format: nil, context: context) { _ in count += 1 }
        imported += 1
        #expect(
          AllRealFilesTests.refused[name] == nil && !errorAnswers.contains(name), "\(relative) should have been refused"
        )
      } catch let error as ReadinessError {
        #expect(error.location?.file.hasSuffix(name) == true, "\(relative): \(error)")
        #expect(!error.description.contains("\n"))
        if errorAnswers.contains(name) {
          #expect(error.code == .publisherError, "\(relative): \(error)")
        } else if let expected = AllRealFilesTests.refused[name] {
          #expect(error.code == expected, "\(relative): \(error)")
        } else if relative.hasPrefix("reference/") || relative.hasPrefix("coinr-asem/")
          || relative.hasSuffix("INDEX.tsv") || name.hasPrefix("OECD_actualconstraint")
        {
          // Reference tables, COINr inputs (issue 4) and a structure message are not data files.
          #expect(
            [.unsupportedFormat, .unexpectedContent, .publisherError].contains(error.code), "\(relative): \(error)")
        } else {
          Issue.record("\(relative) was refused: \(error)")
        }
      }
    }
    #expect(imported >= 70)
  }
}

import Foundation
@_spi(RowStorage) import ReadinessCore
import Testing
import _ReadinessTestSupport

@_spi(RowStorage) @testable import ReadinessImport

/// The importers on the real files in ../shared/data. Every expected value below was read
/// out of the file independently, by grep or Python's csv module, as noted per test.
///
/// Without ../shared/data (a plain clone) the tests read the trimmed copies under Tests/Fixtures
/// (`TestPaths.vendored`, written by scripts/vendor-test-fixtures; licences in Tests/NOTICE); where a
/// count depends on the trim, the test expects `full ? value in the real file : value in the copy`,
/// the latter counted the same way over the copy. Files whose licence does not allow a copy (UN
/// E-Government, ITU GCI) are replaced there by our own made-up files in the same format
/// (Fixtures/own/), and the test runs over both where both exist.
@Suite("Importers on real files")
struct RealFileImporterTests {
  /// `true` where the real files are read, `false` where the trimmed copies are.
  static let full = TestPaths.hasSharedData

  static let internetUsers = "worldbank_bulk/API_IT.NET.USER.ZS_DS2_en_csv_v2_889089.csv"

  /// Python: csv.reader over the file (utf-8-sig), header row "Country Name", cells of MYS
  /// 2017/2018, KEN 2017, WLD 2017; 6,285 non-empty year cells over 264 rows (the trimmed copy:
  /// 657 over 26 rows, counted the same way).
  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.internetUsers)))
  func worldBankBulkInternetUsers() throws {
    let (report, observations) = try importAll(TestPaths.vendored(Self.internetUsers))
    #expect(report.format == "wb-csv")
    #expect(report.observations == (Self.full ? 6285 : 657))
    #expect(report.source.vintage == "2020-03-18")
    #expect(value(observations, "MYS", "IT.NET.USER.ZS", "2017") == 80.14047901)
    #expect(value(observations, "MYS", "IT.NET.USER.ZS", "2018") == 81.2010486181174)
    #expect(value(observations, "KEN", "IT.NET.USER.ZS", "2017") == 17.8271002088645)
    let world = observations.first { $0.country == "WLD" && $0.period == "2017" }
    #expect(world?.value == 49.7230790801991)
    #expect(world?.areaKind == .aggregate)
    #expect(report.unmatched.isEmpty)
    #expect(report.indicatorNames["IT.NET.USER.ZS"] == "Individuals using the Internet (% of population)")
  }

  /// A line is handed over as one row: Python's csv module counts 259 lines with at least one
  /// year cell (6,285 cells), Malaysia's on line 173 (the trimmed copy: 25 lines, 657 cells,
  /// Malaysia on line 26). A sink that takes no rows gets the same observations one by one.
  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.internetUsers)))
  func worldBankBulkHandsOverOneRowPerLine() throws {
    let path = TestPaths.vendored(Self.internetUsers)
    let context = ImportContext(reference: try TestPaths.reference())
    var rows: [ObservationRow] = []
    var singles = 0
    let sink = ObservationSink(observation: { _ in singles += 1 }, row: { rows.append($0) })
    let report = try Importers.run(file: path, format: nil, context: context, sink: sink)
    #expect(rows.count == (Self.full ? 259 : 25))
    #expect(singles == 0)
    #expect(rows.reduce(0) { $0 + $1.cells.count } == (Self.full ? 6285 : 657))
    #expect(report.observations == (Self.full ? 6285 : 657))
    let malaysia = rows.first { $0.country == "MYS" }
    #expect(malaysia?.line == (Self.full ? 173 : 26))
    #expect(malaysia?.observations.first { $0.period == "2017" }?.value == 80.14047901)
    let (_, observations) = try importAll(path)
    #expect(rows.flatMap(\.observations) == observations)
  }

  /// Python: DEU GB.XPD.RSDV.GD.ZS 2018 = 3.09415 in the Science & Technology topic file (CRLF);
  /// 13 indicators with values in the file and in the trimmed copy (DEU, KOR, MYS).
  @Test(.enabled(if: TestPaths.hasVendored("worldbank_bulk/API_14_DS2_science-and-technology-raw-2021.csv")))
  func worldBankTopicFileWithCRLF() throws {
    let (report, observations) = try importAll(
      TestPaths.vendored("worldbank_bulk/API_14_DS2_science-and-technology-raw-2021.csv"))
    #expect(report.source.vintage == "2021-09-15")
    #expect(value(observations, "DEU", "GB.XPD.RSDV.GD.ZS", "2018") == 3.09415)
    #expect(Set(observations.map(\.indicator)).count == 13)
  }

  /// Python: KEN EG.ELC.ACCS.ZS 2020 = 71.4379425048828 (LF line ends).
  @Test(.enabled(if: TestPaths.hasVendored("indicators/worldbank_bulk/API_EG.ELC.ACCS.ZS_DS2_en_csv_v2_4695288.csv")))
  func worldBankBulkWithLF() throws {
    let (_, observations) = try importAll(
      TestPaths.vendored("indicators/worldbank_bulk/API_EG.ELC.ACCS.ZS_DS2_en_csv_v2_4695288.csv"))
    #expect(value(observations, "KEN", "EG.ELC.ACCS.ZS", "2020") == 71.4379425048828)
  }

  static let excelResave = "worldbank_bulk/TRICKY_excel-resaved-semicolon_API_SP.POP.TOTL_DS2_en_csv_v2_5358404.csv"

  /// awk -F';': the Excel re-save splits "Korea, Rep." into "Korea; Rep." on 13 lines; line 272
  /// is a hand-added total with no country. KOR 2021 = 51744876, BHS 2021 = 407906. The trimmed
  /// copy keeps the 13 split lines, MYS and the total, which is its line 20 (`wc -l`).
  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.excelResave)))
  func semicolonExcelResaveIsImportedCorrectly() throws {
    let (report, observations) = try importAll(TestPaths.vendored(Self.excelResave))
    #expect(value(observations, "KOR", "SP.POP.TOTL", "2021") == 51_744_876)
    #expect(value(observations, "BHS", "SP.POP.TOTL", "2021") == 407906)
    #expect(value(observations, "MYS", "SP.POP.TOTL", "1960") != nil)
    #expect(report.unmatched.isEmpty)
    #expect(report.skipped.count == 1 && report.skipped[0].hasPrefix(Self.full ? "line 272" : "line 20"))
    #expect(report.warnings.filter { $0.contains("split by the delimiter") }.count == 13)
    #expect(report.warnings.contains { $0.contains("01/03/2023") })
  }

  @Test(.enabled(if: TestPaths.hasVendored("worldbank_bulk/Metadata_Country_API_14_DS2_en_csv_v2_3054360.csv")))
  func countryMetadataGivesClassifications() throws {
    let (report, observations) = try importAll(
      TestPaths.vendored("worldbank_bulk/Metadata_Country_API_14_DS2_en_csv_v2_3054360.csv"))
    #expect(observations.isEmpty)
    #expect(report.classifications.contains(Classification(country: "AFG", scheme: "wb_income", value: "Low income")))
    #expect(
      report.classifications.contains(
        Classification(country: "ALB", scheme: "wb_region", value: "Europe & Central Asia")))
  }

  /// A World Bank API v2 XML page and what it holds: the recorded answer (jivesearch; its text: ITA
  /// 2017 1934797937411.33 and 2016 1859383610248.72, 2 pages, 58 records), where ../shared/data
  /// exists, and always our own page in its layout with made-up values.
  struct WorldBankXMLPage: Sendable, CustomStringConvertible {
    let path: String
    let value2017: Double
    let value2016: Double
    let vintage: String
    var description: String { (path as NSString).lastPathComponent }

    static let recorded = "worldbank_api/xml/jivesearch_ITA_NY.GDP.MKTP.CD_truncated.xml"
    static let own = WorldBankXMLPage(
      path: TestPaths.root + "/Tests/Fixtures/own/wb-api-v2-page-1-of-2.xml", value2017: 1234567890123.45,
      value2016: 1200000000000.5, vintage: "2024-06-30")
    static let all: [WorldBankXMLPage] =
      [own]
      + (TestPaths.hasSharedData
        ? [
          WorldBankXMLPage(
            path: TestPaths.data(recorded), value2017: 1934797937411.33, value2016: 1859383610248.72,
            vintage: "2018-07-25")
        ] : [])
  }

  @Test(arguments: WorldBankXMLPage.all)
  func worldBankXMLv2(page: WorldBankXMLPage) throws {
    let (report, observations) = try importAll(page.path)
    #expect(report.format == "wb-xml")
    #expect(observations.count == 2)
    #expect(value(observations, "ITA", "NY.GDP.MKTP.CD", "2017") == page.value2017)
    #expect(value(observations, "ITA", "NY.GDP.MKTP.CD", "2016") == page.value2016)
    #expect(report.source.vintage == page.vintage)
    #expect(report.warnings.contains { $0.contains("2 of 58") })
  }

  /// The v1 file has only wb:country id="IN": resolved through ISO alpha-2. Value 1841709755679.17.
  @Test(.enabled(if: TestPaths.hasVendored("worldbank_api/xml/racket_v1_IND_NY.GDP.MKTP.CD_2012.xml")))
  func worldBankXMLv1() throws {
    let (_, observations) = try importAll(
      TestPaths.vendored("worldbank_api/xml/racket_v1_IND_NY.GDP.MKTP.CD_2012.xml"))
    #expect(value(observations, "IND", "NY.GDP.MKTP.CD", "2012") == 1841709755679.17)
  }

  static let jsonAll =
    "worldbank_api/json/TestIndicatorValuesService_List__00__countries_all_indicators_NY_GDP_MKTP_CD_format_json.json"
  static let jsonJapan =
    "worldbank_api/json/TestIndicatorValuesService_ListByCountryIDs__00__countries_JPN_USA_indicators_NY_GDP_MKTP_CD_format_json.json"
  static let htmlError =
    "worldbank_api/json/TestIndicatorValuesService_ListBySourceID__03__countries_all_indicators_INVALID_INDICATOR_ID_SP_POP_TOTL_format_json_source_invalid_source_id.xml"

  /// The JSON page: ARB 2019 2817414584665.11 (aggregate), 2020 null.
  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.jsonAll)))
  func worldBankJSON() throws {
    let (report, observations) = try importAll(TestPaths.vendored(Self.jsonAll))
    #expect(report.format == "wb-json")
    #expect(value(observations, "ARB", "NY.GDP.MKTP.CD", "2019") == 2817414584665.11)
    #expect(observations.first { $0.country == "ARB" }?.areaKind == .aggregate)
    #expect(report.missingValues >= 1)
    #expect(report.source.vintage == "2021-05-25")
    #expect(report.warnings.contains { $0.contains("page 1 of 323") })
  }

  /// grep: page 1 of 3 holds 50 JPN records, one "value":null; JPN 2019 = 5081769542379.77.
  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.jsonJapan)))
  func worldBankJSONFirstPageOfSeveral() throws {
    let (report, observations) = try importAll(TestPaths.vendored(Self.jsonJapan))
    #expect(Set(observations.map(\.country)) == ["JPN"])
    #expect(observations.count == 49)
    #expect(report.missingValues == 1)
    #expect(value(observations, "JPN", "NY.GDP.MKTP.CD", "2019") == 5081769542379.77)
    #expect(report.warnings.contains { $0.contains("page 1 of 3") })
  }

  @Test(arguments: [
    "worldbank_api/json/TestIndicatorValuesService_List__03__countries_all_indicators_INVALID_INDICATOR_ID_format_json.json",
    "worldbank_api/json/TestCountriesService_Get__01__countries_invalid_country_id_format_json.json",
  ])
  func worldBankErrorArraysAreClearErrors(file: String) throws {
    try #require(TestPaths.hasVendored(file), "\(file) is vendored under Tests/Fixtures")
    do {
      _ = try importAll(TestPaths.vendored(file))
      Issue.record("accepted an API error answer")
    } catch let error as ReadinessError {
      #expect(error.code == .publisherError)
      #expect(error.description.contains("Invalid value"))
    }
  }

  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.htmlError)))
  func anHTMLErrorPageIsRefused() throws {
    do {
      _ = try importAll(TestPaths.vendored(Self.htmlError))
      Issue.record("accepted an HTML page")
    } catch let error as ReadinessError {
      #expect(error.code == .unsupportedFormat)
      #expect(error.description.contains("HTML"))
    }
  }

  static let dataBank = "indicators/wgi/WGI_databank_2020__artt_crypto-mobility_governance.csv"

  /// grep: "Afghanistan,AFG,Control of Corruption: Estimate,CC.EST,-1.475405"; footer "Last Updated: 09/27/2021"
  /// (both kept in the trimmed copy, which holds the six estimates of 21 economies).
  @Test(.enabled(if: TestPaths.hasVendored(RealFileImporterTests.dataBank)))
  func dataBankExportWithFooter() throws {
    let (report, observations) = try importAll(TestPaths.vendored(Self.dataBank))
    #expect(report.format == "wb-databank")
    #expect(value(observations, "AFG", "CC.EST", "2020") == -1.475405)
    #expect(report.source.vintage == "2021-09-27")
    #expect(report.source.dataset == "Worldwide Governance Indicators")
    #expect(report.unmatched.isEmpty)
  }

  /// grep: SP.POP.TOTL MYS 2022 = 33938221; `grep -c ',NA,'` = 626 missing values (26 in the
  /// trimmed copy, which holds IRQ, KEN, MYS, VEN and WLD).
  @Test(.enabled(if: TestPaths.hasVendored("indicators/worldbank_api_long/wb_wdi_2024.csv")))
  func worldBankLongPull() throws {
    let (report, observations) = try importAll(TestPaths.vendored("indicators/worldbank_api_long/wb_wdi_2024.csv"))
    #expect(report.format == "wb-long")
    #expect(value(observations, "MYS", "SP.POP.TOTL", "2022") == 33_938_221)
    #expect(report.missingValues == (Self.full ? 626 : 26))
  }

  /// An E-Government Survey CSV (names only, some quoted with a trailing space) and what it holds.
  struct EGovSample: Sendable, CustomTestStringConvertible {
    var path: String
    var malaysiaEGDI: Double
    var malaysiaOSI: Double
    var iraqEGDI: Double
    var countries: Int
    var testDescription: String { URL(fileURLWithPath: path).lastPathComponent + " (\(countries) countries)" }
  }

  /// Our own file (made-up values, CRLF, "Iraq " quoted with its trailing space, Malaysia and
  /// Georgia (Country) unquoted, Côte d'Ivoire and Türkiye): its lines 5 and 2 read
  /// "2022,Malaysia,12,0.78000,0.65000,0.76000,…" and "2022,"Iraq ",21,0.45000,…", 23 rows.
  /// The UN DESA download (UN terms, not copied), grep:
  /// "2022,Malaysia,53,0.77400,0.68180,0.76300,0.76450,0.79450", Iraq 0.43830, 193 rows.
  static let eGovSamples = [
    EGovSample(
      path: fixture("own/un_egov/EGOV_DATA_2022.csv"), malaysiaEGDI: 0.78, malaysiaOSI: 0.76, iraqEGDI: 0.45,
      countries: 23),
    EGovSample(
      path: TestPaths.data("indicators/un_egov/EGOV_DATA_2022.csv"), malaysiaEGDI: 0.774, malaysiaOSI: 0.763,
      iraqEGDI: 0.4383, countries: 193),
  ].filter { FileManager.default.fileExists(atPath: $0.path) }

  @Test(arguments: eGovSamples)
  func unEGovernmentByName(sample: EGovSample) throws {
    let (report, observations) = try importAll(sample.path)
    #expect(report.format == "un-egov-csv")
    #expect(value(observations, "MYS", "EGOV.EGDI", "2022") == sample.malaysiaEGDI)
    #expect(value(observations, "MYS", "EGOV.OSI", "2022") == sample.malaysiaOSI)
    #expect(value(observations, "IRQ", "EGOV.EGDI", "2022") == sample.iraqEGDI)
    #expect(report.unmatched.isEmpty)
    #expect(Set(observations.map(\.country)).count == sample.countries)
  }

  /// The year comes from the file name: our own egdi-2018.csv has "IRL,Ireland,1,0.81,…"; UNU-EGOV's
  /// copy of the UN's (UN terms, not copied) "IRL,Ireland,22,0.8287,…".
  @Test(
    arguments: [
      (fixture("own/un_egov/egdi-2018.csv"), 0.81), (TestPaths.data("indicators/un_egov/egdi-2018.csv"), 0.8287),
    ].filter { FileManager.default.fileExists(atPath: $0.0) })
  func unEGovernmentYearFromFileName(path: String, ireland: Double) throws {
    let (_, observations) = try importAll(path)
    #expect(value(observations, "IRL", "EGOV.EGDI", "2018") == ireland)
  }

  /// OWID: columns mapped to WDI codes; blank codes and OWID_ codes are aggregates. grep:
  /// "Afghanistan,AFG,1960,0.0893016,,0,"; the trimmed copy keeps it, OWID_WRL, "High-income
  /// countries" (no code) and all four columns with values.
  @Test(.enabled(if: TestPaths.hasVendored("indicators/owid/ict-adoption-per-100-people.csv")))
  func ourWorldInDataWithIndicatorMap() throws {
    let map = try ImportContext.loadIndicatorMap(path: TestPaths.indicators + "/maps/owid-wdi.csv")
    let (report, observations) = try importAll(
      TestPaths.vendored("indicators/owid/ict-adoption-per-100-people.csv"), map: map)
    #expect(report.format == "owid-csv")
    #expect(
      Set(observations.map(\.indicator)) == ["IT.MLT.MAIN.P2", "IT.NET.BBND.P2", "IT.CEL.SETS.P2", "IT.NET.USER.ZS"])
    #expect(observations.contains { $0.country == "OWID_WRL" && $0.areaKind == .aggregate })
    #expect(report.unmatched.isEmpty)
    #expect(value(observations, "AFG", "IT.MLT.MAIN.P2", "1960") == 0.0893016)
  }

  /// The GCI long file read by the tidy importer's aliases. Our own file (made-up values, BOM, LF):
  /// 7 data lines, "KOR",2020,"gci_overall",97.5. The Blavatnik transcription (ITU terms, not
  /// copied), grep: "KOR",2020,"gci_overall",98.52 and 1,142 data lines.
  @Test(
    arguments: [
      (fixture("own/itu_gci/gci_2020.csv"), 7, 97.5), (TestPaths.data("indicators/itu_gci/gci_2020.csv"), 1142, 98.52),
    ].filter { FileManager.default.fileExists(atPath: $0.0) })
  func tidyAliasesReadTheGCIFile(path: String, count: Int, korea: Double) throws {
    let (report, observations) = try importAll(path)
    #expect(report.format == "tidy-csv")
    #expect(report.observations == count)
    #expect(value(observations, "KOR", "gci_overall", "2020") == korea)
  }

  /// The vendored files (the real ones, or their trimmed copies) and our own files in the formats
  /// we may not copy, with the real ones where they exist.
  static let sniffed: [(String, ImportFormat)] =
    [
      ("worldbank_bulk/API_IT.NET.USER.ZS_DS2_en_csv_v2_889089.csv", ImportFormat.wbCSV),
      (excelResave, .wbCSV),
      ("worldbank_bulk/Metadata_Indicator_API_9_DS2_en_csv_v2_3056484.csv", .wbCSV),
      ("worldbank_api/xml/racket_v1_IND_NY.GDP.MKTP.CD_2012.xml", .wbXML),
      ("worldbank_api/json/TestCountriesService_Get__00__countries_JPN_format_json.json", .wbJSON),
      (dataBank, .wbDataBank),
      ("indicators/worldbank_api_long/wb_wdi_2024.csv", .wbLong),
      ("indicators/owid/broadband-penetration-by-country.csv", .owidCSV),
    ].map { (TestPaths.vendored($0.0), $0.1) }
    + [
      (fixture("own/un_egov/egdi-2014.csv"), .unEGovCSV),
      (TestPaths.data("indicators/un_egov/egdi-2014.csv"), .unEGovCSV),
      (fixture("own/itu_gci/gci_2020.csv"), .tidyCSV), (TestPaths.data("indicators/itu_gci/gci_2020.csv"), .tidyCSV),
    ].filter { FileManager.default.fileExists(atPath: $0.0) }

  @Test(arguments: sniffed)
  func formatsAreSniffedFromContent(path: String, format: ImportFormat) throws {
    #expect(try FormatSniffer.detect(path: path) == format)
  }
}

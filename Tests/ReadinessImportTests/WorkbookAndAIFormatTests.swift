import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// XLSX workbooks on hand-made fixtures (scripts/fixtures/make-xlsx-fixtures.py types every cell,
/// so the expected values below are the ones written there).
@Suite("XLSX workbooks")
struct XLSXTests {
  func xlsx(_ name: String) -> String { fixture("xlsx/" + name) }

  func importSheet(_ path: String, sheet: String? = nil, headerRow: Int? = nil, period: String? = nil) throws
    -> (ImportReport, [Observation])
  {
    let context = ImportContext(
      reference: try TestPaths.reference(), sdmx: SDMXOptions(period: period),
      sheet: SheetOptions(sheet: sheet, headerRow: headerRow))
    var observations: [Observation] = []
    let report = try Importers.run(file: path, format: nil, context: context) { observations.append($0) }
    return (report, observations)
  }

  /// A title row, a header in two rows, shared strings with rich text, an inline string, a formula's
  /// cached value, an error value, dates and booleans (text columns, not indicators), a footnote.
  @Test func indexLayoutWithTitleAndTwoRowHeader() throws {
    let (report, observations) = try importSheet(xlsx("index-layout.xlsx"))
    #expect(report.format.hasPrefix("xlsx (sheet \"Scores 2023\" as country-table)"))
    #expect(report.file.hasSuffix("index-layout.xlsx"))
    #expect(observations.count == 5)
    #expect(value(observations, "KEN", "Overall", "2023") == 41.25)  // cached value of AVERAGE(D5:E5)
    #expect(value(observations, "KEN", "Talent (0-100)", "2023") == 50.5)  // rich-text header joined
    #expect(value(observations, "KEN", "Compute (0-100)", "2023") == 32)
    #expect(value(observations, "MYS", "Overall", "2023") == 62.5)  // 6.25E1
    #expect(value(observations, "MYS", "Compute (0-100)", "2023") == 15)
    #expect(value(observations, "MYS", "Talent (0-100)", "2023") == nil)  // #N/A is missing
    #expect(!observations.contains { $0.indicator == "Published" || $0.indicator == "Imputed" })
    #expect(observations.first { $0.country == "MYS" }?.location == "sheet \"Scores 2023\" row 6")
    #expect(report.warnings.contains { $0.contains("header found on row 4") })
  }

  @Test func sheetByNameOrNumberAndPeriodOption() throws {
    let (_, byNumber) = try importSheet(xlsx("index-layout.xlsx"), sheet: "2", period: "2021")
    #expect(value(byNumber, "KEN", "Overall", "2021") == 41.25)
    #expect(throws: ReadinessError.self) { try importSheet(xlsx("index-layout.xlsx"), sheet: "Notes") }
    do {
      _ = try importSheet(xlsx("index-layout.xlsx"), sheet: "Missing")
      Issue.record("a missing sheet must be an error")
    } catch let error as ReadinessError {
      #expect(error.code == .notFound)
      #expect(error.message.contains("\"Notes\", \"Scores 2023\""))
    }
  }

  /// `--header-row` overrides detection: with row 3 as the header, row 4 (the pillar names) is read
  /// as a row of the table, so the pillar columns hold text and are not indicators.
  @Test func headerRowOption() throws {
    let (report, observations) = try importSheet(xlsx("index-layout.xlsx"), sheet: "Scores 2023", headerRow: 3)
    #expect(report.format.contains("country-table"))
    #expect(value(observations, "KEN", "Overall", "2023") == 41.25)
    #expect(Set(observations.map(\.indicator)) == ["Overall"])
    #expect(throws: ReadinessError.self) {
      try importSheet(xlsx("index-layout.xlsx"), sheet: "Scores 2023", headerRow: 2)
    }
  }

  /// World Bank wide years in a sheet (numeric year headers after a preamble) go to the wb-csv reader.
  @Test func worldBankWideSheet() throws {
    let (report, observations) = try importSheet(xlsx("wb-wide.xlsx"))
    #expect(report.format.contains("as wb-csv"))
    #expect(value(observations, "KEN", "IT.NET.USER.ZS", "2022") == 29.5)
    #expect(value(observations, "KEN", "IT.NET.USER.ZS", "2023") == 35.25)
    #expect(observations.allSatisfy { $0.location == "sheet \"Data\" row 6" })
  }

  @Test(arguments: [
    ("bomb.xlsx", ReadinessError.Code.limitExceeded, "ZIP bomb"),
    ("traversal.xlsx", .refusedInput, "leaves the archive"),
    ("encrypted.xlsx", .unsupportedFormat, "encrypted"),
    ("not-a-workbook.xlsx", .unsupportedFormat, "not an .xlsx workbook"),
  ])
  func refusals(name: String, code: ReadinessError.Code, words: String) throws {
    do {
      _ = try importSheet(xlsx(name))
      Issue.record("\(name) must be refused")
    } catch let error as ReadinessError {
      #expect(error.code == code, "\(error)")
      #expect(error.message.contains(words), "\(error)")
      #expect(error.location?.file.hasSuffix(name) == true)
      #expect(!error.description.contains("\n"))
    }
  }

  /// Excel's serial dates: 45292 is 2024-01-01; the 1900 system counts a 29 February 1900.
  @Test func serialDates() {
    var context = XLSXCellContext()
    #expect(context.isoDate(serial: 45292) == "2024-01-01")
    #expect(context.isoDate(serial: 1) == "1900-01-01")
    #expect(context.isoDate(serial: 61) == "1900-03-01")
    #expect(context.isoDate(serial: 45292.5) == "2024-01-01T12:00:00")
    context.date1904 = true
    #expect(context.isoDate(serial: 0) == "1904-01-01")
    #expect(XLSXCellContext.isDateFormat("yyyy\\-mm\\-dd"))
    #expect(XLSXCellContext.isDateFormat("[$-409]d-mmm-yy;@"))
    #expect(!XLSXCellContext.isDateFormat("0.00\" days\""))
    #expect(!XLSXCellContext.isDateFormat("General"))
  }

  @Test func columnLetters() {
    for (letters, index) in [("A", 0), ("Z", 25), ("AA", 26), ("AZ", 51), ("XFD", 16_383)] {
      #expect(XLSXSheetReader.column(of: letters + "12") == index)
      #expect(XLSXSheetReader.letters(of: index) == letters)
    }
  }

  /// Everything one importer run gives, as text: each observation (values, locations, notes,
  /// in order) and the report, or the error.
  func outcome(_ path: String, sheet: String?, period: String? = nil, headerRow: Int? = nil, direct: Bool) throws
    -> [String]
  {
    let context = ImportContext(reference: try TestPaths.reference())
    var lines: [String] = []
    do {
      let importer = XLSXImporter(sheet: sheet, headerRow: headerRow, period: period, directOff: !direct)
      let sink = ObservationSink { (o: consuming Observation) in
        let fields: [String] = [
          o.country, "\(o.areaKind)", o.indicator, o.period, "\(o.value)", "\(o.position)", o.note ?? "-",
          o.unit ?? "-", o.status ?? "-",
        ]
        lines.append(fields.joined(separator: "|"))
      }
      let report = try importer.run(file: path, context: context, emit: sink)
      let names = report.indicatorNames.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      let unmatched = report.unmatched.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      lines.append(
        [
          "report", report.file, report.format, "\(report.source)", "\(report.observations)",
          "\(report.aggregateObservations)", "\(unmatched)", "\(report.missingValues)", "\(report.skipped)",
          "\(report.warnings)", "\(names)",
        ].joined(separator: " "))
    } catch let error as ReadinessError {
      lines.append("error \(error.code) \(error.description)")
    }
    return lines
  }

  /// A sheet of the country-table layout is read straight from its rows, without the CSV the
  /// other layouts are written to: both ways give the same observations (values, locations,
  /// notes, order), the same report and the same errors.
  @Test(
    arguments: [
      ("long-table.xlsx", "Panel", nil), ("long-table.xlsx", "Bad", nil), ("long-table.xlsx", "Scores 2021", nil),
      ("long-table.xlsx", "Scores 2021", "2019"), ("index-layout.xlsx", "Scores 2023", nil),
      ("index-layout.xlsx", "2", "2021"), ("index-layout.xlsx", "Notes", nil), ("wb-wide.xlsx", nil, nil),
    ] as [(String, String?, String?)])
  func directRowsReadAsTheCSV(name: String, sheet: String?, period: String?) throws {
    let direct = try outcome(xlsx(name), sheet: sheet, period: period, direct: true)
    let csv = try outcome(xlsx(name), sheet: sheet, period: period, direct: false)
    #expect(direct == csv)
    #expect(direct.count > 1 || direct.first?.hasPrefix("error") == true)
  }

  /// The long fixture, checked by hand: rows after the ones read ahead, a gap, a repeat.
  @Test func longTableStreamed() throws {
    let (report, observations) = try importSheet(xlsx("long-table.xlsx"), sheet: "Panel")
    #expect(report.format == "xlsx (sheet \"Panel\" as country-table)")
    #expect(value(observations, "KEN", "Score A [Public]", "2000") == 15)
    // Row 3 + 650 + 7 (a gap of five rows, an empty row and a row of an error value after 300).
    #expect(
      observations.contains { $0.country == "KEN" && $0.period == "2013" && $0.location == "sheet \"Panel\" row 660" })
    #expect(value(observations, "KEN", "Score B [Public]", "2000") == nil)  // ".."
    #expect(report.unmatched["ZZZ"] != nil)
    #expect(report.warnings.contains { $0.contains("1 values repeat") })
    do {
      _ = try importSheet(xlsx("long-table.xlsx"), sheet: "Bad")
      Issue.record("a bad number must be an error")
    } catch let error as ReadinessError {
      #expect(error.description.contains("sheet \"Bad\", row 293, column E"), "\(error)")
    }
  }

  static let girai = "governance/girai/GIRAI_2024_dataset.xlsx"
  static let linkedIn = "talent/wb-linkedin/public_use-talent-migration.xlsx"

  /// The same on the real workbooks, every sheet; without `../shared/data`, on their trimmed copies
  /// under Tests/Fixtures (GIRAI's "Rankings and Scores" whole, 1,518 numbers from row 3 on by
  /// openpyxl, so more than 1,000 lines compared there).
  @Test(.enabled(if: TestPaths.hasVendored(XLSXTests.girai, XLSXTests.linkedIn)))
  func directRowsReadAsTheCSVOnRealWorkbooks() throws {
    var compared = 0
    for relative in [Self.girai, Self.linkedIn] {
      let path = TestPaths.vendored(relative)
      let sheets = try XLSXArchive(file: path).sheets.count
      let selectors: [String?] = [nil] + (1...sheets).map { String($0) }
      for sheet in selectors {
        let direct = try outcome(path, sheet: sheet, direct: true)
        let csv = try outcome(path, sheet: sheet, direct: false)
        #expect(direct == csv, "\(relative) sheet \(sheet ?? "-")")
        if direct.count > 1 { compared += direct.count }
      }
    }
    #expect(compared > (TestPaths.hasSharedData ? 10_000 : 1_000))
  }

  /// The GIRAI 2024 workbook: the first sheet is a dictionary, the scores are on the second, under
  /// a header in two rows. Values as openpyxl reads them (Netherlands, row 3). The trimmed copy keeps
  /// that sheet whole.
  @Test(.enabled(if: TestPaths.hasVendored(XLSXTests.girai)))
  func giraiWorkbook() throws {
    let (report, observations) = try importSheet(TestPaths.vendored(Self.girai))
    #expect(report.format.contains("Rankings and Scores"))
    #expect(value(observations, "NLD", "Index score", "2024") == 86.16041855)
    #expect(value(observations, "NLD", "Government frameworks (0-100)", "2024") == 74.32555383)
    #expect(value(observations, "DEU", "Index score", "2024") == 82.77012979)
    #expect(Set(observations.filter { $0.indicator == "Index score" }.map(\.country)).count == 138)
  }

  /// The World Bank–LinkedIn talent workbook: a country on one row per skill group, years in the
  /// headers (net_per_10K_2015 … 2019). The trimmed copy keeps Afghanistan's rows and every row of
  /// the AI skill group.
  @Test(.enabled(if: TestPaths.hasVendored(XLSXTests.linkedIn)))
  func linkedInSkillMigration() throws {
    let (_, observations) = try importSheet(TestPaths.vendored(Self.linkedIn), sheet: "Skill Migration")
    // Afghanistan's first row: Information Management, -791.59 in 2015 and -1208.79 in 2019 (openpyxl).
    #expect(value(observations, "AFG", "net_per_10K [Information Management]", "2015") == -791.59)
    #expect(value(observations, "AFG", "net_per_10K [Information Management]", "2019") == -1208.79)
    let ai = Set(observations.filter { $0.indicator == "net_per_10K [Artificial Intelligence (AI)]" }.map(\.country))
    #expect(ai.count == 61)  // PROVENANCE.md: 61 countries
  }
}

/// The AI-capacity files added in December 2026, checked against the files read naively here.
/// Without ../shared/data the tests read trimmed copies under Tests/Fixtures (TestPaths.vendored;
/// Tests/NOTICE), and our own files in the formats whose terms allow no copy (Fixtures/own).
@Suite("AI, compute and governance files")
struct AIFormatTests {
  func rows(_ relative: String) throws -> [[String]] { try Self.rows(path: TestPaths.vendored(relative)) }

  static func rows(path: String) throws -> [[String]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  /// Levels: the mean of the quarters present; flows: the sum over whole years only (the trimmed
  /// copies keep every line of EU, KE and MY).
  @Test(
    .enabled(
      if: TestPaths.hasVendored("ai/github-innovationgraph/developers.csv", "ai/github-innovationgraph/git_pushes.csv"))
  )
  func githubInnovationGraphAnnualRule() throws {
    let (report, developers) = try importAll(TestPaths.vendored("ai/github-innovationgraph/developers.csv"))
    #expect(report.format == "github-ig")
    let mys = try rows("ai/github-innovationgraph/developers.csv").filter { $0[1] == "MY" && $0[2] == "2023" }
    #expect(mys.count == 4)
    let mean = mys.map { Double($0[0])! }.reduce(0, +) / 4
    #expect(value(developers, "MYS", "GH.DEVELOPERS", "2023") == mean)
    let partial = try rows("ai/github-innovationgraph/developers.csv").filter { $0[1] == "MY" && $0[2] == "2025" }
    let partialMean = partial.map { Double($0[0])! }.reduce(0, +) / Double(partial.count)
    let latest = developers.first { $0.country == "MYS" && $0.indicator == "GH.DEVELOPERS" && $0.period == "2025" }
    #expect(partial.count < 4 && latest?.value == partialMean && latest?.status == "P")

    let (pushReport, pushes) = try importAll(TestPaths.vendored("ai/github-innovationgraph/git_pushes.csv"))
    let pushRows = try rows("ai/github-innovationgraph/git_pushes.csv").filter { $0[1] == "KE" && $0[2] == "2024" }
    #expect(value(pushes, "KEN", "GH.GIT_PUSHES", "2024") == pushRows.map { Double($0[0])! }.reduce(0, +))
    #expect(value(pushes, "KEN", "GH.GIT_PUSHES", "2025") == nil)
    #expect(pushReport.skipped.contains { $0.contains("fewer than four quarters") })
    #expect(developers.contains { $0.country == "EU" && $0.areaKind == .aggregate })
  }

  /// The group_by answer's counts; indicator and year from the query saved in the .meta.json (both
  /// vendored in full).
  @Test(
    .enabled(
      if: TestPaths.hasVendored(
        "ai/openalex/openalex_ai_pubs_2024.json", "ai/openalex/openalex_ai_pubs_2024.json.meta.json")
    ))
  func openAlexGroupBy() throws {
    let (report, observations) = try importAll(TestPaths.vendored("ai/openalex/openalex_ai_pubs_2024.json"))
    #expect(report.format == "openalex-json")
    #expect(value(observations, "CHN", "OA.WORKS.C154945302", "2024") == 235_755)
    #expect(value(observations, "USA", "OA.WORKS.C154945302", "2024") == 106_414)
    #expect(observations.count == 200)
    #expect(report.warnings.contains { $0.contains("page cap") })
    #expect(report.source.licence == "CC0 1.0" && report.source.retrieved == "2026-05-06")
  }

  /// A Data360 GCI answer and a DataHub export, and what they hold.
  struct Data360Sample: Sendable, CustomTestStringConvertible {
    var gci: String
    var hub: String
    var hubMalaysia2014: Double
    var testDescription: String { URL(fileURLWithPath: gci).deletingLastPathComponent().lastPathComponent }
  }

  /// Ours (made-up values in both layouts; MYS 2014 "…,2014,40.0,…" in the export) and the real
  /// files (ITU's terms, not copied; MYS 2014 "…,2014,33.0,…"). The GCI value is read from the file
  /// naively (columns 13 and 20 of a comma split) in both.
  static let data360Samples = [
    Data360Sample(
      gci: fixture("own/data360/itu_gci_overall_data360.csv"), hub: fixture("own/data360/ITU_DH_POP_COV_4G.csv"),
      hubMalaysia2014: 40),
    Data360Sample(
      gci: TestPaths.data("governance/itu-gci-2024/itu_gci_overall_data360.csv"),
      hub: TestPaths.data("itu_datahub/ITU_DH_POP_COV_4G.csv"), hubMalaysia2014: 33),
  ].filter { FileManager.default.fileExists(atPath: $0.gci) && FileManager.default.fileExists(atPath: $0.hub) }

  /// Data360: the GCI answer (no labels) and the DataHub export (labels, STRUCTURE and ACTION columns).
  @Test(arguments: data360Samples)
  func data360(sample: Data360Sample) throws {
    let (gci, observations) = try importAll(sample.gci)
    #expect(gci.format == "data360-csv")
    let mys = try Self.rows(path: sample.gci).filter { $0[13] == "MYS" && $0[20] == "2024" }
    #expect(mys.count == 1)
    #expect(value(observations, "MYS", "ITU_GCI_GCI_OVRL_SCRE", "2024") == Double(mys[0][0]))
    #expect(gci.source.licence?.contains("ITU") == true)
    let (hub, coverage) = try importAll(sample.hub)
    #expect(hub.format == "data360-csv")
    #expect(Set(coverage.map(\.indicator)) == ["ITU_DH_POP_COV_4G"])
    #expect(value(coverage, "MYS", "ITU_DH_POP_COV_4G", "2014") == sample.hubMalaysia2014)
  }

  /// The trimmed copies keep abw's line "abw,1999,26.06814002990723" and the ger_5t8 concepts.
  @Test(
    .enabled(
      if: TestPaths.hasVendored(
        "unesco_uis/sdg_2024-09/ddf--datapoints--ger_5t8--by--country--year.csv",
        "unesco_uis/sdg_2024-09/ddf--concepts--continuous.csv")))
  func ddfDatapointsAndMetadata() throws {
    let (report, observations) = try importAll(
      TestPaths.vendored("unesco_uis/sdg_2024-09/ddf--datapoints--ger_5t8--by--country--year.csv"))
    #expect(report.format == "ddf-csv")
    #expect(value(observations, "ABW", "GER.5T8", "1999") == 26.06814002990723)
    #expect(report.unmatched.isEmpty)
    #expect(report.indicatorNames["GER.5T8"]?.lowercased().contains("tertiary") == true)
    #expect(throws: ReadinessError.self) {
      try importAll(TestPaths.vendored("unesco_uis/sdg_2024-09/ddf--concepts--continuous.csv"))
    }
  }

  /// The 2024 E-Government file renames its columns (E_Index …) and pads country names. Ours
  /// (made-up values): "2024,Ireland ,1,0.91000,…", "2024,Iraq ,3,0.45000,0.10000,0.20000,…",
  /// "2024,Israel ,2,…,0.98000,Asia". The UN's (UN terms, not copied), grep: Ireland E_Index 0.91377,
  /// Iraq Online_Service 0.18755, Israel Tele_Infra 0.97633.
  @Test(
    arguments: [
      (fixture("own/un_egov_2024/EGOV_DATA_2024.csv"), 0.91, 0.2, 0.98),
      (TestPaths.data("indicators/un_egov_2024/EGOV_DATA_2024.csv"), 0.91377, 0.18755, 0.97633),
    ].filter { FileManager.default.fileExists(atPath: $0.0) })
  func eGovernment2024(path: String, irelandEGDI: Double, iraqOSI: Double, israelTII: Double) throws {
    let (report, observations) = try importAll(path)
    #expect(report.format == "un-egov-csv")
    #expect(value(observations, "IRL", "EGOV.EGDI", "2024") == irelandEGDI)
    #expect(value(observations, "IRQ", "EGOV.OSI", "2024") == iraqOSI)
    #expect(value(observations, "ISR", "EGOV.TII", "2024") == israelTII)
  }
}

/// Record-level lists aggregated by a recipe, on a list small enough to work out by hand.
@Suite("Record lists and recipes")
struct RecordListTests {
  func run(_ recipe: String) throws -> (ImportReport, [Observation]) {
    var context = ImportContext(reference: try TestPaths.reference())
    context.recipe = fixture("records/" + recipe)
    var observations: [Observation] = []
    let report = try Importers.run(file: fixture("records/clusters.csv"), format: nil, context: context) {
      observations.append($0)
    }
    return (report, observations)
  }

  /// Existing clusters only (Gamma is planned), Beta once (duplicate), Beta counts for Kenya and
  /// Malaysia (full counting), Multinational and Atlantis are no country, Epsilon has no year.
  /// Kenya: Alpha from 2021 (100 chips), Beta from 2022 (50) → 2021: 1 / 100, 2022–2023: 2 / 150.
  /// Malaysia: Beta from 2022 → 2022–2023: 1 / 50.
  @Test func handWorkedCumulativeCounts() throws {
    let (report, observations) = try run("clusters.yaml")
    #expect(report.format == "records")
    #expect(value(observations, "KEN", "T.CLUSTERS", "2021") == 1)
    #expect(value(observations, "KEN", "T.CHIPS", "2021") == 100)
    #expect(value(observations, "KEN", "T.CLUSTERS", "2023") == 2)
    #expect(value(observations, "KEN", "T.CHIPS", "2022") == 150)
    #expect(value(observations, "MYS", "T.CLUSTERS", "2021") == nil)
    #expect(value(observations, "MYS", "T.CHIPS", "2023") == 50)
    #expect(observations.count == 10)  // KEN 3 years + MYS 2 years, two indicators each
    #expect(report.skipped.contains { $0.contains("1 records left out") })
    #expect(report.skipped.contains { $0.contains("1 duplicate") })
    #expect(report.skipped.contains { $0.contains("\"Atlantis\" (1)") && $0.contains("\"Multinational\" (1)") })
    #expect(report.skipped.contains { $0.contains("1 records without a year") })
    #expect(report.source.dataset?.contains("recipe test-clusters") == true)
    #expect(observations.allSatisfy { $0.note?.contains("recipe clusters.yaml") == true })
  }

  @Test func misspeltRecipeKeyIsAnErrorWithItsLine() throws {
    do {
      _ = try run("misspelt.yaml")
      Issue.record("an unknown key must be refused")
    } catch let error as ReadinessError {
      #expect(error.code == .invalidConfiguration)
      #expect(error.message.contains("dedupe_by"))
      #expect(error.location?.line == 20)  // the line of dedupe_by in misspelt.yaml
    }
  }

  /// The bundled recipes read the real lists; the UK's notable models up to 2023 (the recipe's
  /// stock) counted here independently (a model counts once for the UK however often its field
  /// names it). The trimmed copy keeps the recipe's columns and the UK's, Kenya's, Malaysia's and
  /// the multinational models.
  @Test(.enabled(if: TestPaths.hasVendored("ai/epoch/notable_ai_models_24_02_2025.csv")))
  func epochNotableModels() throws {
    let path = TestPaths.vendored("ai/epoch/notable_ai_models_24_02_2025.csv")
    let (report, observations) = try importAll(path)
    #expect(report.format == "records")
    var reader = try CSVReader(path: path)
    let header = try #require(try reader.next())
    let countryColumn = try #require(header.fields.firstIndex(of: "Country (from Organization)"))
    let dateColumn = try #require(header.fields.firstIndex(of: "Publication date"))
    var expected = 0
    while let record = try reader.next() {
      let countries = record.fields[countryColumn].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      if let year = Int(record.fields[dateColumn].prefix(4)), year <= 2023,
        countries.contains("United Kingdom of Great Britain and Northern Ireland")
      {
        expected += 1
      }
    }
    #expect(expected > 5)
    #expect(value(observations, "GBR", "EPOCH.NOTABLE_MODELS", "2023") == Double(expected))
  }

  /// Cloud regions through the region → country table; staging and logical regions left out (the
  /// lists are vendored in full).
  @Test(
    .enabled(
      if: TestPaths.hasVendored("compute/cloud-regions/result_azure.txt", "compute/cloud-regions/result_aws.txt")))
  func cloudRegions() throws {
    let (azure, regions) = try importAll(TestPaths.vendored("compute/cloud-regions/result_azure.txt"))
    #expect(azure.source.dataset?.contains("cloud-regions-azure") == true)
    #expect(value(regions, "USA", "CLOUD.REGIONS.AZURE", "2024") == 9)  // 14 US rows less 5 EUAP/STG
    #expect(value(regions, "IND", "CLOUD.REGIONS.AZURE", "2024") == 5)
    let (_, aws) = try importAll(TestPaths.vendored("compute/cloud-regions/result_aws.txt"))
    #expect(value(aws, "MYS", "CLOUD.REGIONS.AWS", "2024") == 1)
  }
}

import Foundation
import ReadinessCore
import ReadinessStore
import Testing
import _ReadinessTestSupport

/// The `readiness` binary, run as a user would.
@Suite("Command line", .serialized)
struct EndToEndTests {
  @Test func helpListsTheCommands() throws {
    let result = try runReadiness(["--help"])
    #expect(result.status == 0)
    let section = try #require(result.stdout.components(separatedBy: "SUBCOMMANDS:").last)
    let listed = section.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    for command in ["import", "fetch", "observations", "score", "profile", "demo"] {
      #expect(listed.contains(command), "\(command) missing from \(listed)")
    }
  }

  static let electricity = "indicators/worldbank_bulk/API_EG.ELC.ACCS.ZS_DS2_en_csv_v2_4695288.csv"

  /// The files of `importScoreProfileOnRealFiles`, all but the UN's vendored (trimmed copies under
  /// Tests/Fixtures where ../shared/data is absent; Tests/NOTICE).
  static let vendoredFiles = [
    "indicators/wgi/WGI_databank_2020__artt_crypto-mobility_governance.csv",
    "indicators/worldbank_bulk/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv",
    "indicators/worldbank_bulk/API_NY.GDP.PCAP.PP.KD_2022-09-16__artt_crypto-mobility_gdp_per_cap.csv",
    "indicators/worldbank_bulk/API_SE.TER.ENRR_DS2_en_csv_v2_3403591.csv",
    electricity,
    "indicators/worldbank_bulk/API_IT.NET.SECR.P6_2022-09-16__artt_crypto-mobility_servers.csv",
    "worldbank_bulk/API_IT.NET.USER.ZS_DS2_en_csv_v2_889089.csv",
  ]

  /// The economies the trimmed copies keep (ECONOMIES in scripts/vendor-test-fixtures); our own
  /// E-Government file (Tests/ReadinessImportTests/Fixtures/own) names the same 21 and two more.
  static let vendoredEconomies: Set<String> = [
    "AFG", "ALB", "BHS", "BRA", "CHN", "CIV", "DEU", "GBR", "IND", "IRL", "IRQ", "ISR", "ITA", "JPN", "KEN", "KOR",
    "MYS", "NGA", "ROU", "USA", "ZAF",
  ]

  /// import → score → profile on real files: the files in ../shared/data, or in a plain clone their
  /// trimmed copies with our own E-Government file in place of the UN's (whose terms allow no copy).
  @Test(.enabled(if: EndToEndTests.vendoredFiles.allSatisfy { TestPaths.hasVendored($0) }))
  func importScoreProfileOnRealFiles() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let eGovernment =
      TestPaths.hasSharedData
      ? TestPaths.data("indicators/un_egov/EGOV_DATA_2022.csv")
      : TestPaths.root + "/Tests/ReadinessImportTests/Fixtures/own/un_egov/EGOV_DATA_2022.csv"
    let files =
      [TestPaths.vendored(Self.vendoredFiles[0]), eGovernment] + Self.vendoredFiles.dropFirst().map(TestPaths.vendored)
    let imported = try runReadiness(["import", "--workspace", workspace] + files)
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stderr.contains("wb-databank"))

    let csv = try runReadiness(["score", "--workspace", workspace, "--format", "csv", "--year", "2020"])
    #expect(csv.status == 0, "\(csv.stderr)")
    let lines = csv.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("rank,iso3,name,index,band,LEG,LEG.rank,SOC") == true)
    if TestPaths.hasSharedData {
      #expect(lines.count > 150)
    } else {
      // One line for each economy of the trimmed copies, no aggregate (ARB, WLD, …) among them.
      let listed = Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] })
      #expect(listed == Set(Self.vendoredEconomies.map { Substring($0) }))
    }

    let profile = try runReadiness(["profile", "MYS", "--workspace", workspace, "--format", "md", "--year", "2020"])
    #expect(profile.status == 0, "\(profile.stderr)")
    for dimension in [
      "Legal and regulatory", "Social and cultural", "Economic", "Scientific and educational",
      "Technological and infrastructural",
    ] {
      #expect(profile.stdout.contains(dimension))
    }
    #expect(profile.stdout.contains("RAM-aligned, unofficial"))
    // Government effectiveness for Malaysia, 2020, read from the WGI file: 1.039...
    let wgi = try String(contentsOfFile: files[0], encoding: .utf8)
    let line = try #require(
      wgi.split(whereSeparator: \.isNewline).first { $0.hasPrefix("Malaysia,MYS,Government Effectiveness: Estimate,") })
    let raw = try #require(
      Double(line.split(separator: ",").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""))
    let expectedScore = (raw + 2.5) / 5 * 100
    #expect(profile.stdout.contains(String(format: "| %.1f |", expectedScore)), "GE.EST score \(expectedScore)")
    #expect(profile.stdout.contains("Worldwide Governance Indicators, updated 2021-09-27"))
    #expect(profile.stdout.contains("CC BY 4.0"))

    let json = try runReadiness(["profile", "MYS", "--workspace", workspace, "--format", "json", "--year", "2020"])
    let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect((decoded?["header"] as? [String: Any])?["iso3"] as? String == "MYS")
  }

  /// A malformed file: one-line error with file:line:column, non-zero exit, workspace unchanged;
  /// an identical file imported again adds nothing.
  @Test(.enabled(if: TestPaths.hasVendored(EndToEndTests.electricity)))
  func badInputLeavesTheWorkspaceUnchanged() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let good = TestPaths.vendored(Self.electricity)
    #expect(try runReadiness(["import", "--workspace", workspace, good]).status == 0)
    let before = try runReadiness(["observations", "--workspace", workspace]).stdout
    let countsBefore = try Workspace(path: workspace).tableCounts()

    // The real file (or its trimmed copy), truncated inside a quoted field halfway through a data row:
    // one character after the opening quote of the last field that opens before the half.
    var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: good)))
    bytes = Array(bytes.prefix(bytes.count / 2))
    let comma = UInt8(ascii: ",")
    let quote = UInt8(ascii: "\"")
    if let opening = bytes.indices.dropLast().last(where: { bytes[$0] == comma && bytes[$0 + 1] == quote }) {
      bytes = Array(bytes.prefix(opening + 3))
    }
    let bad = folder + "/truncated.csv"
    try Data(bytes).write(to: URL(fileURLWithPath: bad))
    let failed = try runReadiness(["import", "--workspace", workspace, bad])
    #expect(failed.status != 0)
    let errorLines = failed.stderr.split(separator: "\n").filter { $0.hasPrefix("readiness: error:") }
    #expect(errorLines.count == 1)
    let pattern = "readiness: error: \(bad):"
    #expect(errorLines.first?.hasPrefix(pattern) == true, "\(failed.stderr)")
    #expect(errorLines.first?.contains("unterminated quoted field") == true)
    #expect(try runReadiness(["observations", "--workspace", workspace]).stdout == before)
    #expect(try Workspace(path: workspace).tableCounts() == countsBefore, "every table is as it was")

    let again = try runReadiness(["import", "--workspace", workspace, good])
    #expect(again.status == 0)
    #expect(again.stderr.contains("already imported"))
    #expect(try runReadiness(["observations", "--workspace", workspace]).stdout == before)

    // A failed import into a new workspace leaves no database behind.
    let fresh = folder + "/fresh.sqlite"
    #expect(try runReadiness(["import", "--workspace", fresh, bad]).status != 0)
    #expect(!FileManager.default.fileExists(atPath: fresh))
  }

  /// Fields with CRLF inside (notes, provenance) are quoted, so the CSV reads back intact.
  @Test func observationsCSVQuotesLineBreaks() throws {
    let folder = TestPaths.temporaryDirectory()
    let tidy = folder + "/t.csv"
    try "country,indicator,period,value,note\r\nMYS,X,2020,1,\"first line\r\nsecond, line\"\r\n".write(
      toFile: tidy, atomically: true, encoding: .utf8)
    #expect(try runReadiness(["import", "--workspace", folder + "/ws.sqlite", tidy]).status == 0)
    let csv = try runReadiness(["observations", "--workspace", folder + "/ws.sqlite"]).stdout
    var reader = try CSVReader(string: csv)
    let header = try #require(try reader.next())
    let row = try #require(try reader.next())
    let note = try #require(header.fields.firstIndex(of: "note"))
    #expect(row.fields[note] == "first line\r\nsecond, line")
    #expect(try reader.next() == nil)
  }

  /// `--dry-run` reads and checks like an import (same counts, same errors) and stores nothing.
  @Test func dryRunChecksWithoutStoring() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let good = folder + "/t.csv"
    try "country,indicator,period,value\nMYS,X,2020,1\nKEN,X,2020,..\nNowhere,X,2021,3\n".write(
      toFile: good, atomically: true, encoding: .utf8)
    let checked = try runReadiness(["import", "--dry-run", "--workspace", workspace, good])
    #expect(checked.status == 0)
    #expect(checked.stderr.contains("2 observations") && checked.stderr.contains("1 empty cells"))
    #expect(checked.stderr.contains("dry run: nothing stored"))
    #expect(!FileManager.default.fileExists(atPath: workspace))
    let bad = folder + "/bad.csv"
    try "country,indicator,period,value\nMYS,X,2020,abc\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let refused = try runReadiness(["import", "--dry-run", "--workspace", workspace, bad])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("bad.csv:2:12") && refused.stderr.contains("\"abc\" is not a number"))
    #expect(!FileManager.default.fileExists(atPath: workspace))
  }

  @Test func unknownCountryIsAClearError() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let tidy = folder + "/t.csv"
    try "country,indicator,period,value\nMYS,GE.EST,2020,1\n".write(toFile: tidy, atomically: true, encoding: .utf8)
    #expect(try runReadiness(["import", "--workspace", workspace, tidy]).status == 0)
    let result = try runReadiness(["profile", "XYZ", "--workspace", workspace])
    #expect(result.status != 0)
    #expect(result.stderr.contains("XYZ"))
  }

  @Test func noWorkspaceYetIsAClearError() throws {
    let folder = TestPaths.temporaryDirectory()
    let result = try runReadiness(["score", "--workspace", folder + "/none.sqlite"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("import data first"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/none.sqlite"))
  }

  /// The demo on the bundled snapshot ranks at least 150 countries and writes their profiles.
  @Test func demoRanksAndWritesProfiles() throws {
    let folder = TestPaths.temporaryDirectory() + "/demo"
    let result = try runReadiness(["demo", "--output", folder])
    #expect(result.status == 0, "\(result.stderr)")
    let ranked = result.stdout.split(separator: "\n").filter { line in
      line.trimmingCharacters(in: .whitespaces).first?.isNumber == true
    }
    #expect(ranked.count >= 150)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(files.filter { $0.hasSuffix(".md") }.count >= 150)
    #expect(files.filter { $0.hasSuffix(".json") }.count >= 150)
    #expect(files.contains("ranking.csv"))
    let malaysia = try String(contentsOfFile: folder + "/MYS.md", encoding: .utf8)
    #expect(malaysia.contains("RAM-aligned, unofficial"))
    #expect(malaysia.contains("## Sources"))

    // Every JSON profile follows the published schema.
    let validator = try SchemaValidator(schemaPath: TestPaths.root + "/Reports/schema/profile.schema.json")
    for file in files where file.hasSuffix(".json") {
      let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
      let problems = validator.validate(json)
      #expect(problems.isEmpty, "\(file): \(problems.prefix(3))")
    }
    // The validator itself rejects a broken profile.
    #expect(!validator.validate(["header": ["iso3": "mys"]]).isEmpty)
  }
}

/// The progress line appears on a terminal and never in piped output.
@Suite("Progress display", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
struct ProgressTests {
  @Test func progressOnlyOnATerminal() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/big.csv"
    // 50,000 rows, above a lowered threshold (the default is 10 MB).
    var text = "country,indicator,period,value\n"
    for index in 0..<50_000 { text += "MYS,X.\(index % 50),\(1990 + index % 30),\(index)\n" }
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let piped = try runReadiness(
      ["import", "--workspace", folder + "/a.sqlite", file], environment: ["READINESS_PROGRESS_MIN_BYTES": "1000"])
    #expect(piped.status == 0)
    #expect(!piped.stderr.contains("importing big.csv"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = [
      "-qc", "\(TestPaths.binary) import --workspace \(folder)/b.sqlite \(file)", folder + "/typescript",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["READINESS_PROGRESS_MIN_BYTES"] = "1000"
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let screen = try String(contentsOfFile: folder + "/typescript", encoding: .utf8)
    #expect(screen.contains("importing big.csv"))
    #expect(screen.contains("observations"))
  }
}

/// `score` and `uncertainty` on COINr's ASEM example through the command line.
@Suite(
  "COINr-format commands",
  .enabled(if: TestPaths.hasVendored("coinr-asem/ASEM_iData.csv", "coinr-asem/ASEM_iMeta.csv")))
struct CoinCommandTests {
  let arguments = [
    "--coin-data", TestPaths.vendored("coinr-asem/ASEM_iData.csv"),
    "--coin-meta", TestPaths.vendored("coinr-asem/ASEM_iMeta.csv"),
    "--pipeline", TestPaths.indicators + "/pipelines/coinr-asem-example.yaml",
  ]

  @Test func scoreCSVHasUnitAggregatesThenRanks() throws {
    let result = try runReadiness(["score"] + arguments + ["--format", "csv"])
    #expect(result.status == 0, "\(result.stderr)")
    var reader = try CSVReader(string: result.stdout)
    let header = try #require(try reader.next()).fields
    #expect(header.prefix(4) == ["unit", "Index", "Conn", "Sust"])
    #expect(header.contains("Index.rank") && header.firstIndex(of: "Index.rank")! > header.firstIndex(of: "SusEcFin")!)
    var rows = 0
    while let record = try reader.next() {
      rows += 1
      if record.fields[0] == "CHE" {
        #expect(record.fields[1].hasPrefix("68.38"))
        #expect(record.fields[header.firstIndex(of: "Index.rank")!] == "1")
      }
    }
    #expect(rows == 51)
  }

  @Test func uncertaintyIsReproducibleForASeed() throws {
    let spec = [
      "--spec", TestPaths.indicators + "/pipelines/coinr-asem-uncertainty.yaml", "--runs", "200", "--format", "csv",
    ]
    let first = try runReadiness(["uncertainty"] + arguments + spec + ["--seed", "9"])
    let second = try runReadiness(["uncertainty"] + arguments + spec + ["--seed", "9"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == second.stdout)
    #expect(first.stdout.hasPrefix("unit,nominal_score,nominal_rank,mean_score"))
    let che = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("CHE,") })
    #expect(che.hasPrefix("CHE,68.38"))
  }
}

/// Golden files: the committed example profiles are exactly what the code produces from the
/// bundled snapshot. After a deliberate change, re-record with RECORD_SNAPSHOTS=1 (or
/// scripts/build-examples) and review the diff.
@Suite("Example profiles (golden files)")
struct GoldenProfileTests {
  @Test func examplesMatchTheCode() throws {
    let folder = TestPaths.temporaryDirectory() + "/demo"
    let result = try runReadiness(["demo", "--output", folder, "--top", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    for file in ["MYS", "GBR", "KEN"].flatMap({ iso3 in ["md", "json", "html"].map { iso3 + "." + $0 } }) {
      let produced = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      let golden = TestPaths.root + "/Reports/examples/" + file
      if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
        try produced.write(toFile: golden, atomically: true, encoding: .utf8)
        Issue.record("Recorded new baseline for \(file)")
        continue
      }
      let expected = try String(contentsOfFile: golden, encoding: .utf8)
      #expect(
        produced == expected, "\(file) differs from Reports/examples; re-record with RECORD_SNAPSHOTS=1 if intended")
    }
  }
}

/// The self-assessment dossier end to end: template, import, report, and the golden example report.
@Suite("Dossier and report (end to end)")
struct DossierEndToEndTests {
  static let example = TestPaths.indicators + "/self-assessment/example-dossier.yaml"

  /// The committed example report is exactly what the code produces (re-record with RECORD_SNAPSHOTS=1
  /// or scripts/build-examples after a deliberate change).
  @Test func exampleReportMatchesTheCode() throws {
    let folder = TestPaths.temporaryDirectory()
    for format in ["md", "json", "html"] {
      let result = try runReadiness([
        "report", "KEN", "--dossier", Self.example, "--snapshot", "--as-of", "2026-11-30", "--format", format,
        "--output", folder,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let produced = try String(contentsOfFile: folder + "/KEN-report." + format, encoding: .utf8)
      let golden = TestPaths.root + "/Reports/examples/KEN-report." + format
      if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
        try produced.write(toFile: golden, atomically: true, encoding: .utf8)
        Issue.record("Recorded new baseline for KEN-report.\(format)")
        continue
      }
      let expected = try String(contentsOfFile: golden, encoding: .utf8)
      #expect(produced == expected, "KEN-report.\(format) differs from Reports/examples")
    }
  }

  @Test func importThenReportFromTheWorkspace() throws {
    let folder = TestPaths.temporaryDirectory()
    let workspace = folder + "/ws.sqlite"
    let imported = try runReadiness(["import", Self.example, "--workspace", workspace])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stderr.contains("dossier, 27 observations"))
    // A dossier with an error: one line naming file and line, and the workspace unchanged.
    let bad = folder + "/bad.yaml"
    try String(contentsOfFile: Self.example, encoding: .utf8).replacingOccurrences(
      of: "question: L2.law_works", with: "question: L2.law"
    )
    .write(toFile: bad, atomically: true, encoding: .utf8)
    let failed = try runReadiness(["import", bad, "--workspace", workspace])
    #expect(failed.status == 65)
    let errorLines = failed.stderr.split(separator: "\n").filter { $0.contains("answered twice") }
    #expect(errorLines.count == 1 && errorLines[0].contains("bad.yaml:76"), "\(failed.stderr)")
    let listed = try runReadiness(["observations", "--indicator", "SA.FIG.AI_RESEARCHERS", "--workspace", workspace])
    #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)")
    // The report reads the stored dossier.
    let report = try runReadiness([
      "report", "KEN", "--workspace", workspace, "--as-of", "2026-11-30", "--format", "md",
    ])
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdout.contains("DRAFT — not validated") && report.stdout.contains("68.8"))
    let missing = try runReadiness(["report", "MYS", "--workspace", workspace])
    #expect(missing.status == 66)
    // With open data in the workspace too, the profile shows the policy score beside the open-data score.
    let snapshot = try runReadiness([
      "import", TestPaths.indicators + "/snapshot/observations.csv", "--sources",
      TestPaths.indicators + "/snapshot/sources.csv",
      "--workspace", workspace,
    ])
    #expect(snapshot.status == 0, "\(snapshot.stderr)")
    let profile = try runReadiness([
      "profile", "KEN", "--workspace", workspace, "--uncertainty-runs", "0", "--format", "md",
    ])
    #expect(profile.status == 0, "\(profile.stderr)")
    #expect(profile.stdout.contains("## Policy and institutional readiness (national self-assessment)"))
    // Hand-worked in DossierTests: L 481.25 / 6 = 80.2 with 10 of 37 answered; the open-data L score as in the report.
    #expect(profile.stdout.contains("| Legal and regulatory | 80.2 | 10 of 37 | 46.2 |"), "\(profile.stdout)")
    // The checklist reads the dossier's answers too: data protection in force (2023).
    #expect(profile.stdout.contains("| Is there a data-protection and privacy law? | in force | 2023 |"))
    let json = try runReadiness([
      "profile", "KEN", "--workspace", workspace, "--uncertainty-runs", "0", "--format", "json",
    ])
    let validator = try SchemaValidator(schemaPath: TestPaths.root + "/Reports/schema/profile.schema.json")
    let problems = validator.validate(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)))
    #expect(problems.isEmpty, "\(problems.prefix(3))")
    #expect(json.stdout.contains("\"policyScore\""))
  }

  @Test func templateIsBlankButForSuggestionsAndImports() throws {
    let result = try runReadiness(["assess", "template", "--country", "KEN", "--snapshot", "--as-of", "2026-11-30"])
    #expect(result.status == 0, "\(result.stderr)")
    // KEN's GCI 2024 overall score (98.5918, from the snapshot) reaches the threshold of 75.
    #expect(
      result.stdout.contains(
        "answer: in_force\n    status: suggested   # open data: ITU_GCI_GCI_OVRL_SCRE = 98.5918 (2024)"))
    let path = TestPaths.temporaryDirectory() + "/template.yaml"
    try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
    let dry = try runReadiness(["import", "--dry-run", path])
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.stderr.contains("dossier, 0 observations"))
  }
}

import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

@Suite("UIS, ITU, OECD and WGI panel importers")
struct MoreFormatTests {
  /// MAGNITUDE: NIL is a true zero, NA and SUPP are missing; the qualifier is the status.
  @Test func uisMagnitudeAndQualifier() throws {
    let (report, observations) = try importAll(fixture("uis-data-national.csv"))
    #expect(report.format == "uis-csv")
    #expect(value(observations, "MYS", "CR.1", "2019") == 98.2)
    #expect(value(observations, "KEN", "CR.1", "2018") == 0)
    #expect(value(observations, "KEN", "CR.1", "2019") == nil)
    #expect(report.missingValues == 2)
    let low = observations.first { $0.indicator == "ROFST.1" }
    #expect(low?.status == "UIS_EST" && low?.note == "magnitude LOWREL")
  }

  /// The UIS labels (1,609 in the real file; the trimmed copy under Tests/Fixtures keeps the first
  /// 100, `grep -c` less the header) and regions (AFG, KEN and MYS kept in the copy).
  @Test(.enabled(if: TestPaths.hasVendored("unesco_uis/SDG_LABEL.csv", "unesco_uis/SDG_REGION.csv")))
  func uisLabelsAndRegions() throws {
    let (labels, none) = try importAll(TestPaths.vendored("unesco_uis/SDG_LABEL.csv"))
    #expect(none.isEmpty)
    if TestPaths.hasSharedData {
      #expect(labels.indicatorNames.count > 1500)
    } else {
      #expect(labels.indicatorNames.count == 100)
    }
    #expect(
      labels.indicatorNames["ADMI.ENDOFLOWERSEC.MAT"]?.hasPrefix("Administration") == true, "leading space trimmed")
    let (regions, _) = try importAll(TestPaths.vendored("unesco_uis/SDG_REGION.csv"))
    #expect(
      regions.classifications.contains(
        Classification(country: "AFG", scheme: "uis_region", value: "AIMS: Asia and the Pacific")))
  }

  /// An ITU DataHub export and what it holds.
  struct ITUSample: Sendable, CustomTestStringConvertible {
    var path: String
    var records: Int
    var afghanistan2005: Double
    var afghanistan2006: Double
    var aruba2000: Double
    var testDescription: String { URL(fileURLWithPath: path).lastPathComponent }
  }

  /// Our own file (made-up values in the DataHub layout: BOM, values as C `%g` strings, two series
  /// named alike, a line break inside one dataSource, TWN and PSE) holds 8 records: AFG i271 2005
  /// "1.5e+006", 2006 "2.25e+006", ABW 2000 "12500". The real excerpt (ITU's terms, not copied)
  /// holds 712 records (PROVENANCE.md), two of them with a line break inside dataSource; grep: AFG
  /// i271 2005 "1.2e+006", 2006 "2.52037e+006"; ABW 2000 "15000".
  static let ituSamples = [
    ITUSample(
      path: fixture("own/itu/ITU_DataHub_mobile-cellular-subscriptions_EXCERPT.csv"), records: 8,
      afghanistan2005: 1_500_000, afghanistan2006: 2_250_000, aruba2000: 12500),
    ITUSample(
      path: TestPaths.data("itu/ITU_DataHub_mobile-cellular-subscriptions_1758627613877_EXCERPT.csv"), records: 712,
      afghanistan2005: 1_200_000, afghanistan2006: 2_520_370, aruba2000: 15000),
  ].filter { FileManager.default.fileExists(atPath: $0.path) }

  @Test(arguments: ituSamples)
  func ituDataHubExport(sample: ITUSample) throws {
    let (report, observations) = try importAll(sample.path)
    #expect(report.format == "itu-csv")
    #expect(report.observations == sample.records)
    #expect(value(observations, "AFG", "i271", "2005") == sample.afghanistan2005)
    #expect(value(observations, "AFG", "i271", "2006") == sample.afghanistan2006)
    #expect(value(observations, "ABW", "i271", "2000") == sample.aruba2000)
    #expect(Set(observations.map(\.indicator)) == ["i271", "i911"], "two series with one name stay apart")
    #expect(observations.contains { $0.country == "TWN" } && observations.contains { $0.country == "PSE" })
    #expect(report.unmatched.isEmpty)
  }

  /// An OECD.Stat export: our own (made-up values in its layout, 7 data lines, first
  /// "AUS",…,"PWM_EX",…,"1990",…,"MICRO_M3",…,9.5,,) and the real excerpt (OECD's terms, not
  /// copied; 730 data lines, first "AUS",…,"PWM_EX",…,"1990",…,"MICRO_M3",…,"0","Units",,,10.36402,,).
  /// Both hold the aggregates EU28, OECD and WLD.
  @Test(
    arguments: [
      (fixture("own/oecd/OECDStat_EXP_PM2_5_EXCERPT.csv"), 7, 9.5),
      (TestPaths.data("oecd/OECDStat_EXP_PM2_5_11062020205613690_EXCERPT.csv"), 730, 10.36402),
    ].filter { FileManager.default.fileExists(atPath: $0.0) })
  func oecdStatExport(path: String, records: Int, australia1990: Double) throws {
    let (report, observations) = try importAll(path)
    #expect(report.format == "oecd-csv")
    #expect(report.observations == records)
    let first = observations.first {
      $0.country == "AUS" && $0.period == "1990" && $0.indicator == "TOTAL.TOTAL.PWM_EX"
    }
    #expect(first?.value == australia1990 && first?.unit == "MICRO_M3")
    #expect(Set(observations.filter { $0.areaKind == .aggregate }.map(\.country)) == ["EU28", "OECD", "WLD"])
  }

  /// Python (latin-1): CIV 2019 GovernmentEffectiveness estimate −0.482587963342667, rank 35.0961532592773;
  /// ROM (old code for Romania) 2000 RuleofLaw estimate −0.204920619726181. The trimmed copy keeps
  /// the CIV and ROM lines as bytes (Latin-1 "C\xf4te d'Ivoire").
  @Test(.enabled(if: TestPaths.hasVendored(MoreFormatTests.wgiPanel)))
  func wgiPanelInLatin1() throws {
    let (report, observations) = try importAll(TestPaths.vendored(Self.wgiPanel))
    #expect(report.format == "wgi-csv")
    #expect(report.warnings.contains { $0.contains("Latin-1") })
    #expect(value(observations, "CIV", "GE.EST", "2019") == -0.482587963342667)
    #expect(value(observations, "CIV", "GE.PER.RNK", "2019") == 35.0961532592773)
    #expect(value(observations, "ROU", "RL.EST", "2000") == -0.204920619726181)
    #expect(report.unmatched.isEmpty)
  }

  static let wgiPanel = "indicators/wgi/WGI_2020update_1996-2019_long__Chapter12_Governance.csv"

  @Test func utf8CheckCarriesSequencesAcrossChunks() throws {
    let path = TestPaths.temporaryDirectory() + "/utf8.csv"
    // 300 kB of "é" (two bytes each) crosses the 256 KiB chunk boundary mid-character somewhere.
    try String(repeating: "é", count: 150_000).write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try TextEncoding.isValidUTF8(path: path))
    let latin = TestPaths.temporaryDirectory() + "/latin.csv"
    try Data([0x43, 0xF4, 0x74, 0x65]).write(to: URL(fileURLWithPath: latin))
    #expect(try !TextEncoding.isValidUTF8(path: latin))
  }
}

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

  @Test(.enabled(if: TestPaths.hasSharedData))
  func uisLabelsAndRegions() throws {
    let (labels, none) = try importAll(TestPaths.data("unesco_uis/SDG_LABEL.csv"))
    #expect(none.isEmpty)
    #expect(labels.indicatorNames.count > 1500)
    #expect(
      labels.indicatorNames["ADMI.ENDOFLOWERSEC.MAT"]?.hasPrefix("Administration") == true, "leading space trimmed")
    let (regions, _) = try importAll(TestPaths.data("unesco_uis/SDG_REGION.csv"))
    #expect(
      regions.classifications.contains(
        Classification(country: "AFG", scheme: "uis_region", value: "AIMS: Asia and the Pacific")))
  }

  /// The excerpt holds 712 records (PROVENANCE.md), two of them with a line break inside dataSource.
  /// grep: AFG i271 2005 "1.2e+006", 2006 "2.52037e+006"; ABW 2000 "15000".
  @Test(.enabled(if: TestPaths.hasSharedData))
  func ituDataHubExport() throws {
    let (report, observations) = try importAll(
      TestPaths.data("itu/ITU_DataHub_mobile-cellular-subscriptions_1758627613877_EXCERPT.csv"))
    #expect(report.format == "itu-csv")
    #expect(report.observations == 712)
    #expect(value(observations, "AFG", "i271", "2005") == 1_200_000)
    #expect(value(observations, "AFG", "i271", "2006") == 2_520_370)
    #expect(value(observations, "ABW", "i271", "2000") == 15000)
    #expect(Set(observations.map(\.indicator)) == ["i271", "i911"], "two series with one name stay apart")
    #expect(observations.contains { $0.country == "TWN" } && observations.contains { $0.country == "PSE" })
    #expect(report.unmatched.isEmpty)
  }

  /// First data line: "AUS",…,"PWM_EX",…,"1990",…,"MICRO_M3",…,"0","Units",,,10.36402,,
  @Test(.enabled(if: TestPaths.hasSharedData))
  func oecdStatExport() throws {
    let (report, observations) = try importAll(TestPaths.data("oecd/OECDStat_EXP_PM2_5_11062020205613690_EXCERPT.csv"))
    #expect(report.format == "oecd-csv")
    #expect(report.observations == 730)
    let first = observations.first {
      $0.country == "AUS" && $0.period == "1990" && $0.indicator == "TOTAL.TOTAL.PWM_EX"
    }
    #expect(first?.value == 10.36402 && first?.unit == "MICRO_M3")
    #expect(Set(observations.filter { $0.areaKind == .aggregate }.map(\.country)) == ["EU28", "OECD", "WLD"])
  }

  /// Python (latin-1): CIV 2019 GovernmentEffectiveness estimate −0.482587963342667, rank 35.0961532592773;
  /// ROM (old code for Romania) 2000 RuleofLaw estimate −0.204920619726181.
  @Test(.enabled(if: TestPaths.hasSharedData))
  func wgiPanelInLatin1() throws {
    let (report, observations) = try importAll(
      TestPaths.data("indicators/wgi/WGI_2020update_1996-2019_long__Chapter12_Governance.csv"))
    #expect(report.format == "wgi-csv")
    #expect(report.warnings.contains { $0.contains("Latin-1") })
    #expect(value(observations, "CIV", "GE.EST", "2019") == -0.482587963342667)
    #expect(value(observations, "CIV", "GE.PER.RNK", "2019") == 35.0961532592773)
    #expect(value(observations, "ROU", "RL.EST", "2000") == -0.204920619726181)
    #expect(report.unmatched.isEmpty)
  }

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

import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

/// Runs an importer and collects what it emits.
func importAll(_ path: String, format: ImportFormat? = nil, map: [String: String] = [:]) throws
  -> (ImportReport, [Observation])
{
  let context = ImportContext(reference: try TestPaths.reference(), indicatorMap: map)
  var observations: [Observation] = []
  let report = try Importers.run(file: path, format: format, context: context) { observations.append($0) }
  return (report, observations)
}

func value(_ observations: [Observation], _ country: String, _ indicator: String, _ period: String) -> Double? {
  observations.first { $0.country == country && $0.indicator == indicator && $0.period == period }?.value
}

func fixture(_ name: String) -> String {
  Bundle.module.path(forResource: "Fixtures/" + name, ofType: nil) ?? ""
}

@Suite("Importers on small fixtures")
struct FixtureImporterTests {
  @Test func tidyCSVResolvesCodesAndNamesAndKeepsTheUnknown() throws {
    let (report, observations) = try importAll(fixture("tidy.csv"))
    #expect(report.format == "tidy-csv")
    #expect(value(observations, "MYS", "X.TEST", "2020") == 1.5)
    #expect(value(observations, "MYS", "X.TEST", "2021") == 2.5)
    #expect(observations.first { $0.country == "WLD" }?.areaKind == .aggregate)
    #expect(report.unmatched == ["Atlantis": 1])
    #expect(report.missingValues == 1)
    #expect(observations.first?.unit == "%")
  }

  @Test func billionLaughsIsRefusedQuickly() throws {
    let start = Date()
    do {
      _ = try importAll(fixture("billion-laughs.xml"), format: .wbXML)
      Issue.record("accepted a billion-laughs document")
    } catch let error as ReadinessError {
      #expect(error.code == .refusedInput, "\(error)")
    }
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test func externalEntitiesAreNeverRead() throws {
    let folder = TestPaths.temporaryDirectory()
    let secret = folder + "/secret.txt"
    try "TOP-SECRET-\(UUID().uuidString)".write(toFile: secret, atomically: true, encoding: .utf8)
    let document = """
      <?xml version="1.0"?>
      <!DOCTYPE data [<!ENTITY xxe SYSTEM "file://\(secret)">]>
      <wb:data xmlns:wb="http://www.worldbank.org"><wb:data><wb:indicator id="X">&xxe;</wb:indicator>
      <wb:country id="IN">India</wb:country><wb:date>2012</wb:date><wb:value>1</wb:value></wb:data></wb:data>
      """
    let path = folder + "/xxe.xml"
    try document.write(toFile: path, atomically: true, encoding: .utf8)
    let secretText = try String(contentsOfFile: secret, encoding: .utf8)
    do {
      let (report, observations) = try importAll(path, format: .wbXML)
      Issue.record("accepted an XXE document: \(report.indicatorNames) \(observations)")
    } catch let error as ReadinessError {
      #expect(error.code == .refusedInput)
      #expect(!error.description.contains(secretText))
    }
  }

  @Test func malformedXMLNamesTheLine() throws {
    do {
      _ = try importAll(fixture("malformed.xml"))
      Issue.record("accepted malformed XML")
    } catch let error as ReadinessError {
      #expect(error.code == .malformedInput)
      #expect(error.location?.line == 7)
      #expect(error.description.contains("malformed.xml:7"))
    }
  }

  @Test func unknownFormatsListWhatIsSupported() throws {
    let path = TestPaths.temporaryDirectory() + "/other.csv"
    try "alpha,beta\n1,2\n".write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try importAll(path)
      Issue.record("accepted an unknown CSV")
    } catch let error as ReadinessError {
      #expect(error.code == .unsupportedFormat)
      #expect(error.description.contains("wb-csv") && error.description.contains("tidy-csv"))
    }
  }

  @Test func aNonNumericCellIsAnErrorAtItsColumn() throws {
    let path = TestPaths.temporaryDirectory() + "/bad-value.csv"
    try "country,indicator,period,value\nMYS,X,2020,12\nMYS,X,2021,twelve\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try importAll(path)
      Issue.record("accepted a non-numeric value")
    } catch let error as ReadinessError {
      #expect(error.location?.line == 3)
      #expect(error.location?.column == 12)
    }
  }

  @Test func tidyHeaderThatStartsLikeCountryYearIsTidy() throws {
    let path = TestPaths.temporaryDirectory() + "/tidy-year.csv"
    try "country,year,indicator,value\nMYS,2020,X,1.5\n".write(toFile: path, atomically: true, encoding: .utf8)
    let (report, observations) = try importAll(path)
    #expect(report.format == "tidy-csv")
    #expect(value(observations, "MYS", "X", "2020") == 1.5)
  }

  @Test func excelResaveRepairJoinsSplitNames() {
    let record = CSVRecord(fields: ["Korea", " Rep.", "KOR", "Population, total", "SP.POP.TOTL", "1"], line: 9)
    let repaired = WorldBankCSVImporter.rejoinSplitName(record, nameColumn: 0, codeColumn: 1)
    #expect(repaired?.fields == ["Korea, Rep.", "KOR", "Population, total", "SP.POP.TOTL", "1"])
    let normal = CSVRecord(fields: ["Malaysia", "MYS", "Population, total", "SP.POP.TOTL", "1"], line: 9)
    #expect(WorldBankCSVImporter.rejoinSplitName(normal, nameColumn: 0, codeColumn: 1) == nil)
  }
}

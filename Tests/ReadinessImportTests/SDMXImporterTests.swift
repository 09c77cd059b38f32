import Foundation
@_spi(RowStorage) import ReadinessCore
import Testing
import _ReadinessTestSupport

@_spi(RowStorage) @testable import ReadinessImport

/// A comparable form of an observation: everything but its position in the file.
struct Fact: Hashable, CustomStringConvertible {
  var country: String, indicator: String, period: String, value: Double, unit: String?, status: String?
  init(_ o: Observation) {
    (country, indicator, period, value, unit, status) = (o.country, o.indicator, o.period, o.value, o.unit, o.status)
  }
  var description: String { "\(country)|\(indicator)|\(period)|\(value)|\(unit ?? "")|\(status ?? "")" }
}

func importSDMX(_ path: String, order: [String] = []) throws -> (ImportReport, [Observation]) {
  let context = ImportContext(reference: try TestPaths.reference(), sdmx: SDMXOptions(dimensionOrder: order))
  var observations: [Observation] = []
  let report = try Importers.run(file: path, format: nil, context: context) { observations.append($0) }
  return (report, observations)
}

@Suite("SDMX importers")
struct SDMXImporterTests {
  static let ecbLayouts = [
    "ECB_EXR_ng-ts.xml", "ECB_EXR_ng-ts-ss.xml", "ECB_EXR_ng-xs.xml", "ECB_EXR_ng-xs-ss.xml", "ECB_EXR_ng-flat.xml",
    "ECB_EXR_ng-flat-ss.xml",
  ]
  static let ecbOrder = ["FREQ", "CURRENCY", "CURRENCY_DENOM", "EXR_TYPE", "EXR_VAR"]

  /// The observations of a time series come as one row per series element (grep counts 4
  /// `Series` and 12 `Obs` elements in each time-series file); the flat layouts, whose
  /// observations carry their own key, come one by one. Either way, what a sink without rows
  /// receives is the same.
  @Test(
    .enabled(if: TestPaths.hasSharedData),
    arguments: [("ECB_EXR_ng-ts.xml", 4, 0), ("ECB_EXR_ng-ts-ss.xml", 4, 0), ("ECB_EXR_ng-flat-ss.xml", 0, 12)])
  func timeSeriesComeAsOneRowPerSeries(file: String, rows expectedRows: Int, singles expectedSingles: Int) throws {
    let path = TestPaths.data("sdmx/khaeru-sdmx-test-data/" + file)
    let context = ImportContext(reference: try TestPaths.reference())
    var rows: [ObservationRow] = []
    var singles: [Observation] = []
    let sink = ObservationSink(observation: { singles.append($0) }, row: { rows.append($0) })
    _ = try Importers.run(file: path, format: nil, context: context, sink: sink)
    #expect(rows.count == expectedRows)
    #expect(singles.count == expectedSingles)
    #expect(rows.reduce(0) { $0 + $1.cells.count } + singles.count == 12)
    #expect(rows.map(\.path) == (0..<expectedRows).map { "/DataSet/Series[\($0 + 1)]" })
    let (_, observations) = try importSDMX(path)
    #expect(rows.flatMap(\.observations) + singles == observations)
  }

  /// Attribute precedence, worked by hand: an observation's own attribute, then its series', then
  /// the data set's; `OBS_STATUS` before `STATUS`; a unit multiplier anywhere is kept in the unit.
  /// The importer caches the series' unit, status and note, so each case changes one level.
  /// (`STATUS` is not an SDMX cross-domain attribute: as an XML attribute it is a dimension, so
  /// the Generic layout, which lists attributes explicitly, carries it here.)
  @Test func attributesFollowObservationThenSeriesThenDataSet() throws {
    let folder = TestPaths.temporaryDirectory()
    let specific = folder + "/attributes.xml"
    try """
    <?xml version="1.0" encoding="UTF-8"?>
    <message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
    <message:Header><message:ID>T</message:ID></message:Header>
    <message:DataSet DECIMALS="2" OBS_STATUS="D">
    <Series REF_AREA="MY" IND="A" UNIT_MEASURE="USD" OBS_STATUS="S">
    <Obs TIME_PERIOD="2001" OBS_VALUE="1"/>
    <Obs TIME_PERIOD="2002" OBS_VALUE="2" OBS_STATUS="E"/>
    <Obs TIME_PERIOD="2003" OBS_VALUE="3"/>
    <Obs TIME_PERIOD="2004" OBS_VALUE="4" UNIT_MULT="6"/>
    <Obs TIME_PERIOD="2005" OBS_VALUE="5"/>
    </Series>
    <Series REF_AREA="MY" IND="B">
    <Obs TIME_PERIOD="2001" OBS_VALUE="6"/>
    <Obs TIME_PERIOD="2002" OBS_VALUE="7" DECIMALS="4" OBS_STATUS="P"/>
    <Obs TIME_PERIOD="2003" OBS_VALUE="8"/>
    </Series>
    </message:DataSet>
    </message:StructureSpecificData>
    """.write(toFile: specific, atomically: true, encoding: .utf8)
    func describe(_ observations: [Observation]) -> [String] {
      observations.map { "\($0.indicator) \($0.period) \($0.unit ?? "-") \($0.status ?? "-") \($0.note ?? "-")" }
    }
    #expect(
      describe(try importSDMX(specific).1) == [
        "A 2001 USD S DECIMALS=2",  // the series' status over the data set's
        "A 2002 USD E DECIMALS=2",  // the observation's own
        "A 2003 USD S DECIMALS=2",  // back to the series'
        "A 2004 USD ×10^6 S DECIMALS=2",  // a multiplier at observation level…
        "A 2005 USD S DECIMALS=2",  // … and only there
        "B 2001 - D DECIMALS=2",  // the data set's
        "B 2002 - P DECIMALS=4",
        "B 2003 - D DECIMALS=2",
      ])
    let generic = folder + "/generic.xml"
    func value(_ id: String, _ text: String) -> String { "<g:Value id=\"\(id)\" value=\"\(text)\"/>" }
    func obs(_ period: String, _ attributes: String) -> String {
      "<g:Obs><g:ObsDimension value=\"\(period)\"/><g:ObsValue value=\"1\"/><g:Attributes>\(attributes)</g:Attributes></g:Obs>"
    }
    try """
    <?xml version="1.0" encoding="UTF-8"?>
    <message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
      xmlns:g="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic">
    <message:Header><message:ID>T</message:ID></message:Header>
    <message:DataSet>
    <g:Series><g:SeriesKey>\(value("REF_AREA", "MY"))\(value("IND", "C"))</g:SeriesKey>
    <g:Attributes>\(value("STATUS", "Q"))</g:Attributes>
    \(obs("2001", ""))\(obs("2002", value("STATUS", "R")))\(obs("2003", value("OBS_STATUS", "P") + value("STATUS", "R")))
    </g:Series>
    <g:Series><g:SeriesKey>\(value("REF_AREA", "MY"))\(value("IND", "D"))</g:SeriesKey>
    <g:Attributes>\(value("OBS_STATUS", "S"))</g:Attributes>
    \(obs("2001", value("STATUS", "R")))
    </g:Series>
    </message:DataSet>
    </message:GenericData>
    """.write(toFile: generic, atomically: true, encoding: .utf8)
    #expect(
      describe(try importSDMX(generic).1) == [
        "C 2001 - Q -",  // the series' STATUS
        "C 2002 - R -",  // the observation's STATUS over the series'
        "C 2003 - P -",  // OBS_STATUS before STATUS
        "D 2001 - S -",  // the series' OBS_STATUS before the observation's STATUS
      ])
  }

  /// Attribute values with character and predefined entity references (which libxml2 may keep as
  /// several nodes) read as their text; namespaced attributes are not components.
  @Test func attributeValuesWithReferencesAndNamespacedAttributes() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/refs.xml"
    try """
    <?xml version="1.0" encoding="UTF-8"?>
    <message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <message:Header><message:ID>T</message:ID></message:Header>
    <message:DataSet xsi:type="ns1:DataSetType">
    <Series xsi:type="ns1:SeriesType" REF_AREA="MY" IND="A&amp;B" UNIT_MEASURE="US&#36;&lt;1&gt;">
    <Obs TIME_PERIOD="2001" OBS_VALUE="&#49;.5" OBS_STATUS="&#69;"/>
    <Obs TIME_PERIOD="2002" OBS_VALUE="2" OBS_STATUS=""/>
    </Series>
    </message:DataSet>
    </message:StructureSpecificData>
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let (_, observations) = try importSDMX(file)
    #expect(observations.map(\.indicator) == ["A&B", "A&B"])
    #expect(observations.map(\.unit) == ["US$<1>", "US$<1>"])
    #expect(observations.map(\.value) == [1.5, 2])
    #expect(observations.map(\.status) == ["E", ""])
  }

  /// The report's counts (observations, aggregates, unmatched areas) are those of the observations
  /// emitted, counted here one by one, for series whose areas alternate between a country, an
  /// aggregate and unknown codes (the importer adds up a run of one area at once).
  @Test func reportCountsMatchTheObservationsEmitted() throws {
    let folder = TestPaths.temporaryDirectory()
    let file = folder + "/areas.xml"
    let areas = ["MY", "XQ1", "WLD", "XQ1", "XQ2", "MY", "MY", "WLD", "XQ2"]
    var body = ""
    for (index, area) in areas.enumerated() {
      body += "<Series REF_AREA=\"\(area)\" IND=\"I\(index % 2)\">"
      for year in 0..<(index + 1) { body += "<Obs TIME_PERIOD=\"\(2000 + year)\" OBS_VALUE=\"\(year).5\"/>" }
      body += "<Obs TIME_PERIOD=\"1999\" OBS_VALUE=\"NaN\"/></Series>\n"
    }
    try """
    <?xml version="1.0" encoding="UTF-8"?>
    <message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
    <message:Header><message:ID>T</message:ID></message:Header>
    <message:DataSet>
    \(body)</message:DataSet>
    </message:StructureSpecificData>
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let (report, observations) = try importSDMX(file)
    #expect(observations.count == 45)
    #expect(report.observations == observations.count)
    #expect(report.aggregateObservations == observations.filter { $0.areaKind == .aggregate }.count)
    #expect(report.aggregateObservations == 3 + 8)
    var unmatched: [String: Int] = [:]
    for observation in observations where observation.areaKind == .unmatched {
      unmatched[observation.country, default: 0] += 1
    }
    #expect(report.unmatched == unmatched)
    #expect(unmatched == ["XQ1": 2 + 4, "XQ2": 5 + 9])
    #expect(report.missingValues == areas.count)
  }

  /// The six layouts of one ECB data set give the same 12 observations. Values read from the
  /// files' text: CHF 2010-08 = 1.3413, GBP 2010-08 = 0.82363 (both with OBS_STATUS A).
  @Test(.enabled(if: TestPaths.hasSharedData))
  func sixECBLayoutsYieldIdenticalObservations() throws {
    var sets: [String: Set<Fact>] = [:]
    for file in SDMXImporterTests.ecbLayouts {
      let (report, observations) = try importSDMX(
        TestPaths.data("sdmx/khaeru-sdmx-test-data/" + file), order: SDMXImporterTests.ecbOrder)
      #expect(report.format == "sdmx-ml")
      #expect(observations.count == 12, "\(file)")
      sets[file] = Set(observations.map(Fact.init))
    }
    let reference = try #require(sets["ECB_EXR_ng-ts.xml"])
    for (file, facts) in sets {
      #expect(
        facts == reference,
        "\(file) differs: \(facts.symmetricDifference(reference).sorted { $0.description < $1.description })")
    }
    #expect(
      reference.contains {
        $0.indicator == "M.CHF.EUR.SP00.E" && $0.period == "2010-08" && $0.value == 1.3413 && $0.status == "A"
          && $0.unit == "CHF"
      })
    #expect(reference.contains { $0.indicator == "M.GBP.EUR.SP00.E" && $0.period == "2010-08" && $0.value == 0.82363 })
  }

  @Test(.enabled(if: TestPaths.hasSharedData))
  func timeSeriesLayoutNeedsNoDimensionOrder() throws {
    let (report, observations) = try importSDMX(TestPaths.data("sdmx/khaeru-sdmx-test-data/ECB_EXR_ng-ts.xml"))
    #expect(observations.first?.indicator == "M.CHF.EUR.SP00.E")
    // The first series' attributes in the file: DECIMALS 4, UNIT_MEASURE CHF (UNIT_MULT 0), OBS_STATUS A.
    #expect(
      observations.first?.note == "DECIMALS=4" && observations.first?.unit == "CHF" && observations.first?.status == "A"
    )
    #expect(report.source.publisher == "ECB")
    #expect(report.source.dataset == "ECB:ECB_EXR_NG(1.0)")
    #expect(report.warnings.isEmpty)
    let (xsReport, _) = try importSDMX(TestPaths.data("sdmx/khaeru-sdmx-test-data/ECB_EXR_ng-xs.xml"))
    #expect(xsReport.warnings.contains { $0.contains("--dimension-order") })
  }

  /// WITS: REPORTER="840" (M49 numeric) is the United States; 1989 value 0 (file text).
  @Test(.enabled(if: TestPaths.hasSharedData))
  func worldBankWITSGenericWithNumericArea() throws {
    let (report, observations) = try importSDMX(TestPaths.data("sdmx/khaeru-sdmx-test-data/WB_gh-78.xml"))
    #expect(report.format == "sdmx-ml")
    #expect(observations.map(\.country) == ["USA"])
    #expect(observations.first?.period == "1989" && observations.first?.value == 0)
  }

  /// Eurostat writes lower-case concepts (`geo="LU"`): the area is still found.
  @Test(.enabled(if: TestPaths.hasSharedData))
  func lowerCaseConceptsAndSDMX30() throws {
    let (_, estat) = try importSDMX(TestPaths.data("sdmx/khaeru-sdmx-test-data/ESTAT_NAMA_10_GDP-ss.xml"))
    #expect(Set(estat.map(\.country)) == ["LUX"])
    #expect(estat.first { $0.period == "2012" }?.value == 46526.2)
    let (_, v3) = try importSDMX(TestPaths.data("sdmx/khaeru-sdmx-test-data/v3_xml_ECB_EXR0.xml"))
    #expect(v3.count == 116)
    #expect(v3.first { $0.period == "1999" && $0.indicator.hasPrefix("A.CAD.EUR.SP00.A") }?.value == 1.583993822393823)
  }

  @Test(.enabled(if: TestPaths.hasSharedData), arguments: ["ESTAT_footer.xml", "ESTAT_footer2.xml"])
  func footerOnlyMessagesAreClearErrors(file: String) throws {
    do {
      _ = try importSDMX(TestPaths.data("sdmx/khaeru-sdmx-test-data/" + file))
      Issue.record("accepted a footer-only message")
    } catch let error as ReadinessError {
      #expect(error.code == .publisherError)
      #expect(error.description.contains("413"))
    }
  }

  @Test func headerOnlyMessageIsAClearError() throws {
    do {
      _ = try importSDMX(fixture("sdmx-header-only.xml"))
      Issue.record("accepted a message without data")
    } catch let error as ReadinessError {
      #expect(error.code == .unexpectedContent)
      #expect(error.description.contains("no data set"))
    }
  }

  /// The SOAP-wrapped CompactData and the plain one hold the same 66 observations; `YEA` is the time.
  @Test(.enabled(if: TestPaths.hasSharedData))
  func soapWrappedCompactData() throws {
    let (_, soap) = try importSDMX(TestPaths.data("sdmx/rsdmx/SDMX_SOAP_Example.xml"))
    let (_, plain) = try importSDMX(TestPaths.data("sdmx/rsdmx/SDMXCompactDataExample_2.0.xml"))
    #expect(soap.count == 66)
    #expect(Set(soap.map(Fact.init)) == Set(plain.map(Fact.init)))
    #expect(soap.contains { $0.period == "1990" && $0.value == 145.2 })
  }

  @Test(.enabled(if: TestPaths.hasSharedData))
  func generic20WithTimeElements() throws {
    let (_, observations) = try importSDMX(TestPaths.data("sdmx/rsdmx/SDMXGenericDataExample_2.0.xml"))
    #expect(observations.count == 18)
    #expect(observations.allSatisfy { Observation.year(of: $0.period) != nil })
  }

  /// An empty Section adds nothing to the observations after it; the DataSet's own attributes
  /// (datasetID, keyFamilyURI) are not part of the key; a unit multiplier is kept and reported.
  @Test func crossSectionalNesting() throws {
    let xml = """
      <?xml version="1.0"?>
      <CrossSectionalData xmlns="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message">
      <DataSet xmlns="urn:x" datasetID="DS1" keyFamilyURI="urn:kf" TIME_PERIOD="2020">
        <Group FREQ="A">
          <Section REF_AREA="FR" UNIT_MULT="6"/>
          <Section REF_AREA="DE"><OBS_VALUE value="1.5"/></Section>
          <Section REF_AREA="MY" UNIT_MULT="3"><GDP value="2"/></Section>
        </Group>
      </DataSet>
      </CrossSectionalData>
      """
    let path = TestPaths.temporaryDirectory() + "/xs.xml"
    try xml.write(toFile: path, atomically: true, encoding: .utf8)
    let (report, observations) = try importSDMX(path, order: ["FREQ", "REF_AREA"])
    #expect(observations.map(\.country) == ["DEU", "MYS"])
    #expect(observations.map(\.indicator) == ["A", "A.GDP"])
    #expect(observations[0].unit == nil && observations[1].unit == "×10^3")
    #expect(report.warnings.contains { $0.contains("UNIT_MULT 3") })
  }

  /// SDMX-ML 1.0 CrossSectionalData (rsdmx's example): Group groupVar1..3 = A, B, C, Section
  /// sectionVar = sec1/sec2, three measures obs1..obs3 with value="1.1" … "2.3", status="OK",
  /// decimals="1" (read from the file's 6 observation elements). It has no time dimension, so the
  /// period comes from --period; with the key family's dimensions given, the rest are attributes.
  @Test(.enabled(if: TestPaths.hasSharedData))
  func crossSectional10() throws {
    let path = TestPaths.data("sdmx/rsdmx/SDMXCrossSectionalDataExample_1.0.xml")
    let missing = #expect(throws: ReadinessError.self) { _ = try importSDMX(path) }
    #expect(missing?.message.contains("--period") == true && missing?.location?.line == 24)
    let context = ImportContext(
      reference: try TestPaths.reference(),
      sdmx: SDMXOptions(dimensionOrder: ["groupVar1", "groupVar2", "groupVar3", "sectionVar"], period: "2015"))
    var observations: [Observation] = []
    let report = try Importers.run(file: path, format: nil, context: context) { observations.append($0) }
    #expect(report.format == "sdmx-ml" && report.warnings.isEmpty)
    #expect(
      observations.map(\.indicator)
        == ["sec1", "sec2"].flatMap { s in ["obs1", "obs2", "obs3"].map { "A.B.C.\(s).\($0)" } })
    #expect(observations.map(\.value) == [1.1, 1.2, 1.3, 2.1, 2.2, 2.3])
    #expect(
      observations.allSatisfy {
        $0.period == "2015" && $0.status == "OK" && $0.note == "DECIMALS=1" && $0.areaKind == .unmatched
      })
    #expect(report.source.publisher == "MYORG" && report.source.vintage == "2016-01-19")
  }

  @Test func sdmxDocumentsWithADTDAreRefused() throws {
    let path = TestPaths.temporaryDirectory() + "/laughs.xml"
    let text = try String(contentsOfFile: fixture("billion-laughs.xml"), encoding: .utf8)
      .replacingOccurrences(
        of: "http://www.worldbank.org", with: "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try importSDMX(path)
      Issue.record("accepted a DTD")
    } catch let error as ReadinessError {
      #expect(error.code == .refusedInput, "\(error)")
    }
  }

  // MARK: SDMX-CSV

  /// example-01: `A,B,2014-01,12.4` — DIM_3 holds the period; example-04 is `;` with a decimal comma
  /// and `CODE: Label` cells; both give A.B 2014-01 = 12.4 and 2014-02 = 10.8.
  @Test(
    .enabled(if: TestPaths.hasSharedData),
    arguments: [
      "example-01.csv", "example-04.csv", "example-05.csv", "example-06.csv", "example-07.csv", "example-08.csv",
      "example-10.csv",
    ])
  func sdmxCSV20Examples(file: String) throws {
    let (report, observations) = try importSDMX(TestPaths.data("sdmx/sdmx-csv-2.0/" + file))
    #expect(report.format == "sdmx-csv")
    #expect(observations.count == 2)
    #expect(observations.allSatisfy { $0.indicator == "A.B" })
    #expect(observations.map(\.value).sorted() == [10.8, 12.4])
    #expect(report.source.publisher == "ESTAT")
  }

  @Test(.enabled(if: TestPaths.hasSharedData))
  func sdmxCSVWithTwoMeasures() throws {
    let (_, observations) = try importSDMX(TestPaths.data("sdmx/sdmx-csv-2.0/example-02.csv"))
    #expect(Set(observations.map(\.indicator)) == ["B.A.OBS_VALUE1", "B.A.OBS_VALUE2"])
    #expect(observations.first { $0.indicator == "B.A.OBS_VALUE2" && $0.period == "2014-01" }?.value == 12.5)
  }

  @Test func sdmxCSVAreasDecimalCommaAndDeletions() throws {
    let (report, observations) = try importSDMX(fixture("sdmx-csv-actions.csv"))
    #expect(value(observations, "MYS", "A.GER", "2019") == 43.1)
    #expect(observations.first { $0.country == "KEN" }?.status == "E")
    #expect(observations.first { $0.country == "WLD" }?.areaKind == .aggregate)
    // The ACTION=D row is a recorded deletion of KEN A.GER 2018 with its line, not a value.
    #expect(observations.count == 4)
    let deletions = observations.filter(\.isDeletion)
    #expect(deletions.count == 1)
    #expect(
      deletions.first?.country == "KEN" && deletions.first?.indicator == "A.GER" && deletions.first?.period == "2018")
    #expect(deletions.first?.note == "deleted by ACTION=D" && deletions.first?.location == "line 4")
    #expect(report.warnings.contains { $0.hasPrefix("1 deletion (ACTION=D) recorded") }, "\(report.warnings)")
    #expect(!report.skipped.contains { $0.contains("ACTION=D") })
  }

  @Test(.enabled(if: TestPaths.hasSharedData))
  func sdmxCSVWithoutAnyTimeIsRefused() throws {
    #expect(throws: ReadinessError.self) { _ = try importSDMX(TestPaths.data("sdmx/sdmx-csv-2.0/example-09B.csv")) }
  }
}

@Suite("SDMX-JSON importer", .enabled(if: TestPaths.hasSharedData))
struct SDMXJSONImporterTests {
  func run(_ relative: String, period: String? = nil) throws -> (ImportReport, [Observation]) {
    let context = ImportContext(reference: try TestPaths.reference(), sdmx: SDMXOptions(period: period))
    var observations: [Observation] = []
    let report = try Importers.run(file: TestPaths.data(relative), format: nil, context: context) {
      observations.append($0)
    }
    return (report, observations)
  }

  /// The 1.0 and 2.0 ECB samples carry the same four NZD observations; the first is
  /// `"0": [1.5931, 0]` with OBS_STATUS index 0 = "A" (file text).
  @Test func ecbOneAndTwoAgree() throws {
    let (report, v1) = try run("sdmx/khaeru-sdmx-test-data/ECB_EXR_ts.json")
    let (_, v2) = try run("sdmx/khaeru-sdmx-test-data/v3_json_data_exr-time-series.json")
    #expect(report.format == "sdmx-json")
    #expect(v1.count == 4)
    #expect(Set(v1.map(Fact.init)) == Set(v2.map(Fact.init)))
    let first = v1.first { $0.period == "2013-01-18" }
    #expect(first?.indicator == "D.NZD.EUR.SP00.A" && first?.value == 1.5931 && first?.status == "A")
  }

  /// OECD PART2 has no time dimension: refused without --period; with it, LOCATION (role REF_AREA)
  /// is the country and key "0:0:0:0:0:0" = AUS 5CLAT.INI.FOG.MAT.MN 11.963615756565.
  @Test func oecdWithoutTimeNeedsAPeriod() throws {
    do {
      _ = try run("oecd/OECD_PART2_sdmx-json.json")
      Issue.record("accepted data without a period")
    } catch let error as ReadinessError {
      #expect(error.description.contains("--period"))
    }
    let (_, observations) = try run("oecd/OECD_PART2_sdmx-json.json", period: "2015")
    #expect(observations.count == 7)
    #expect(value(observations, "AUS", "5CLAT.INI.FOG.MAT.MN", "2015") == 11.963615756565)
  }
}

@Suite("SDMX-JSON areas")
struct SDMXJSONAreaTests {
  /// Without `role` annotations the area is still found by its conventional id (REF_AREA).
  @Test func areaByConventionalName() throws {
    let json = """
      {"header": {"sender": {"id": "TEST"}, "prepared": "2024-01-01"},
       "structure": {"dimensions": {"series": [
          {"id": "FREQ", "values": [{"id": "A"}]},
          {"id": "REF_AREA", "values": [{"id": "MYS"}, {"id": "KEN"}]},
          {"id": "INDICATOR", "values": [{"id": "GER"}]}],
        "observation": [{"id": "TIME_PERIOD", "values": [{"id": "2019"}, {"id": "2020"}]}]},
        "attributes": {"observation": []}},
       "dataSets": [{"series": {"0:1:0": {"observations": {"0": [11.5], "1": [null]}}}}]}
      """
    let path = TestPaths.temporaryDirectory() + "/areas.json"
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    let (report, observations) = try importSDMX(path)
    #expect(report.format == "sdmx-json")
    #expect(observations.count == 1)
    #expect(observations.first?.country == "KEN" && observations.first?.indicator == "A.GER")
    #expect(observations.first?.period == "2019" && observations.first?.value == 11.5)
    #expect(report.missingValues == 1)
  }
}

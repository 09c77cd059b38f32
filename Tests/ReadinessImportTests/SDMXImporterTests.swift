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
  init(
    country: String = "", indicator: String, period: String, value: Double, unit: String? = nil, status: String? = nil
  ) {
    (self.country, self.indicator, self.period, self.value, self.unit, self.status) =
      (country, indicator, period, value, unit, status)
  }
  var description: String { "\(country)|\(indicator)|\(period)|\(value)|\(unit ?? "")|\(status ?? "")" }
}

/// One case a test runs over: files and what the test expects of them. Our own fixture (written by
/// hand under `Fixtures/sdmx-own/`, see its README) always runs; the real file under
/// `../shared/data` runs wherever the shared data is there (CI always), and a real file missing
/// there fails as before rather than being left out.
struct SDMXSample<Expected: Sendable>: Sendable, CustomTestStringConvertible {
  var name: String
  var paths: [String]
  var isOwn: Bool
  var expected: Expected
  var path: String { paths[0] }
  var testDescription: String { name }

  /// Files under `Fixtures/sdmx-own/`.
  static func own(_ files: String..., expect expected: Expected) -> Self {
    SDMXSample(
      name: "own " + files.joined(separator: ", "), paths: files.map { fixture("sdmx-own/" + $0) }, isOwn: true,
      expected: expected)
  }

  /// Files under `../shared/data`.
  static func real(_ files: String..., expect expected: Expected) -> Self {
    SDMXSample(
      name: "real " + files.joined(separator: ", "), paths: files.map(TestPaths.data), isOwn: false,
      expected: expected)
  }

  /// The own samples, and the real ones where the shared data is there.
  static func available(_ samples: [Self]) -> [Self] {
    samples.filter { $0.isOwn || TestPaths.hasSharedData }
  }
}

func importSDMX(_ path: String, order: [String] = []) throws -> (ImportReport, [Observation]) {
  let context = ImportContext(reference: try TestPaths.reference(), sdmx: SDMXOptions(dimensionOrder: order))
  var observations: [Observation] = []
  let report = try Importers.run(file: path, format: nil, context: context) { observations.append($0) }
  return (report, observations)
}

@Suite("SDMX importers")
struct SDMXImporterTests {
  static let khaeru = "sdmx/khaeru-sdmx-test-data/"
  static let ecbLayouts = [
    "ECB_EXR_ng-ts.xml", "ECB_EXR_ng-ts-ss.xml", "ECB_EXR_ng-xs.xml", "ECB_EXR_ng-xs-ss.xml", "ECB_EXR_ng-flat.xml",
    "ECB_EXR_ng-flat-ss.xml",
  ]
  static let ecbOrder = ["FREQ", "CURRENCY", "CURRENCY_DENOM", "EXR_TYPE", "EXR_VAR"]
  /// Our own six layouts (`Fixtures/sdmx-own/layouts-*.xml`), in the order of `ecbLayouts`.
  static let ownLayouts = [
    "layouts-ts.xml", "layouts-ts-ss.xml", "layouts-xs.xml", "layouts-xs-ss.xml", "layouts-flat.xml",
    "layouts-flat-ss.xml",
  ]
  static let ownOrder = ["FREQ", "CURRENCY", "CURRENCY_DENOM", "EXR_TYPE"]

  static let rowSamples = SDMXSample.available([
    .own("layouts-ts.xml", expect: (rows: 3, singles: 0, total: 6)),
    .own("layouts-ts-ss.xml", expect: (rows: 3, singles: 0, total: 6)),
    .own("layouts-flat-ss.xml", expect: (rows: 0, singles: 6, total: 6)),
    .real(khaeru + "ECB_EXR_ng-ts.xml", expect: (rows: 4, singles: 0, total: 12)),
    .real(khaeru + "ECB_EXR_ng-ts-ss.xml", expect: (rows: 4, singles: 0, total: 12)),
    .real(khaeru + "ECB_EXR_ng-flat-ss.xml", expect: (rows: 0, singles: 12, total: 12)),
  ])

  /// The observations of a time series come as one row per series element; the flat layouts,
  /// whose observations carry their own key, come one by one. Either way, what a sink without rows
  /// receives is the same. Own fixtures (written by hand): 3 `Series` of 2 `Obs` each, and the
  /// flat one 6 `Obs`; the ECB files: grep counts 4 `Series` and 12 `Obs` elements in each
  /// time-series file.
  @Test(arguments: rowSamples)
  func timeSeriesComeAsOneRowPerSeries(sample: SDMXSample<(rows: Int, singles: Int, total: Int)>) throws {
    let expected = sample.expected
    let context = ImportContext(reference: try TestPaths.reference())
    var rows: [ObservationRow] = []
    var singles: [Observation] = []
    let sink = ObservationSink(observation: { singles.append($0) }, row: { rows.append($0) })
    _ = try Importers.run(file: sample.path, format: nil, context: context, sink: sink)
    #expect(rows.count == expected.rows)
    #expect(singles.count == expected.singles)
    #expect(rows.reduce(0) { $0 + $1.cells.count } + singles.count == expected.total)
    #expect(rows.map(\.path) == (0..<expected.rows).map { "/DataSet/Series[\($0 + 1)]" })
    let (_, observations) = try importSDMX(sample.path)
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

  static let layoutSamples = SDMXSample.available([
    // Own fixture, written by hand: the 6 observations of layouts-ts.xml; the 6 distinct facts
    // and a count of 6 make the set exactly these.
    .own(
      ownLayouts[0], ownLayouts[1], ownLayouts[2], ownLayouts[3], ownLayouts[4], ownLayouts[5],
      expect: (
        order: ownOrder, count: 6,
        facts: [
          Fact(indicator: "M.NOK.EUR.SP00", period: "2021-01", value: 10.5, unit: "NOK", status: "A"),
          Fact(indicator: "M.NOK.EUR.SP00", period: "2021-02", value: 10.25, unit: "NOK", status: "A"),
          Fact(indicator: "M.SEK.EUR.SP00", period: "2021-01", value: 10.125, unit: "SEK", status: "A"),
          Fact(indicator: "M.SEK.EUR.SP00", period: "2021-02", value: 10.375, unit: "SEK", status: "P"),
          Fact(indicator: "M.DKK.EUR.SP00", period: "2021-01", value: 7.5, unit: "DKK", status: "A"),
          Fact(indicator: "M.DKK.EUR.SP00", period: "2021-02", value: 7.25, unit: "DKK", status: "A"),
        ]
      )),
    // ECB: values read from the files' text: CHF 2010-08 = 1.3413, GBP 2010-08 = 0.82363 (both
    // with OBS_STATUS A and their currency as UNIT_MEASURE).
    .real(
      khaeru + ecbLayouts[0], khaeru + ecbLayouts[1], khaeru + ecbLayouts[2], khaeru + ecbLayouts[3],
      khaeru + ecbLayouts[4], khaeru + ecbLayouts[5],
      expect: (
        order: ecbOrder, count: 12,
        facts: [
          Fact(indicator: "M.CHF.EUR.SP00.E", period: "2010-08", value: 1.3413, unit: "CHF", status: "A"),
          Fact(indicator: "M.GBP.EUR.SP00.E", period: "2010-08", value: 0.82363, unit: "GBP", status: "A"),
        ]
      )),
  ])

  /// The six layouts of one data set (Generic and StructureSpecific, each time-series,
  /// cross-sectional and flat) give the same observations, with the data structure's order.
  @Test(arguments: layoutSamples)
  func sixECBLayoutsYieldIdenticalObservations(
    sample: SDMXSample<(order: [String], count: Int, facts: [Fact])>
  ) throws {
    var sets: [String: Set<Fact>] = [:]
    for path in sample.paths {
      let (report, observations) = try importSDMX(path, order: sample.expected.order)
      #expect(report.format == "sdmx-ml")
      #expect(observations.count == sample.expected.count, "\(path)")
      sets[path] = Set(observations.map(Fact.init))
    }
    let reference = try #require(sets[sample.path])
    for (path, facts) in sets {
      #expect(
        facts == reference,
        "\(path) differs: \(facts.symmetricDifference(reference).sorted { $0.description < $1.description })")
    }
    for fact in sample.expected.facts {
      #expect(reference.contains(fact), "\(fact) missing from \(reference.sorted { $0.description < $1.description })")
    }
  }

  static let orderSamples = SDMXSample.available([
    // Own fixture, written by hand: the first series M.NOK.EUR.SP00 has DECIMALS 2,
    // UNIT_MEASURE NOK (UNIT_MULT 0) and its first Obs OBS_STATUS A; Sender OWNCB, Ref OWN:TOY_EXR 1.0.
    .own(
      "layouts-ts.xml", "layouts-xs.xml",
      expect: (
        indicator: "M.NOK.EUR.SP00", note: "DECIMALS=2", unit: "NOK", status: "A", publisher: "OWNCB",
        dataset: "OWN:TOY_EXR(1.0)"
      )),
    // ECB: the first series' attributes in the file: DECIMALS 4, UNIT_MEASURE CHF (UNIT_MULT 0), OBS_STATUS A.
    .real(
      khaeru + "ECB_EXR_ng-ts.xml", khaeru + "ECB_EXR_ng-xs.xml",
      expect: (
        indicator: "M.CHF.EUR.SP00.E", note: "DECIMALS=4", unit: "CHF", status: "A", publisher: "ECB",
        dataset: "ECB:ECB_EXR_NG(1.0)"
      )),
  ])

  /// A time-series layout carries the key in the data structure's order, so it needs no
  /// `--dimension-order`; the cross-sectional layout of the same data warns without it.
  @Test(arguments: orderSamples)
  func timeSeriesLayoutNeedsNoDimensionOrder(
    sample: SDMXSample<
      (indicator: String, note: String, unit: String, status: String, publisher: String, dataset: String)
    >
  ) throws {
    let expected = sample.expected
    let (report, observations) = try importSDMX(sample.paths[0])
    #expect(observations.first?.indicator == expected.indicator)
    #expect(
      observations.first?.note == expected.note && observations.first?.unit == expected.unit
        && observations.first?.status == expected.status)
    #expect(report.source.publisher == expected.publisher)
    #expect(report.source.dataset == expected.dataset)
    #expect(report.warnings.isEmpty)
    let (xsReport, _) = try importSDMX(sample.paths[1])
    #expect(xsReport.warnings.contains { $0.contains("--dimension-order") })
  }

  static let numericAreaSamples = SDMXSample.available([
    // Own fixture, written by hand: REPORTER 458 (Malaysia) with 2019 = 4.5 and 2020 = 0, then
    // 404 (Kenya) with 2020 = 12.75; PARTNER 000 stays in the key.
    .own(
      "wits-numeric-area.xml",
      expect: (countries: ["MYS", "MYS", "KEN"], indicator: "A.Reported.TOY01.000", period: "2019", value: 4.5)),
    // WITS: REPORTER="840" (M49 numeric) is the United States; 1989 value 0 (file text).
    .real(
      khaeru + "WB_gh-78.xml",
      expect: (countries: ["USA"], indicator: "A.Reported.020110.000", period: "1989", value: 0)),
  ])

  /// A World Bank WITS-style GenericData message: the area is an M49 number in REPORTER.
  @Test(arguments: numericAreaSamples)
  func worldBankWITSGenericWithNumericArea(
    sample: SDMXSample<(countries: [String], indicator: String, period: String, value: Double)>
  ) throws {
    let (report, observations) = try importSDMX(sample.path)
    #expect(report.format == "sdmx-ml")
    #expect(observations.map(\.country) == sample.expected.countries)
    #expect(observations.first?.indicator == sample.expected.indicator)
    #expect(observations.first?.period == sample.expected.period && observations.first?.value == sample.expected.value)
  }

  static let lowerCaseSamples = SDMXSample.available([
    // Own fixtures, written by hand: geo="MT" with 2020 = 1100.25; the 3.0 message has 2 series
    // of 3 years, A.SEK.EUR.SP00.A 2020 = 10.5625, and names its dataflow by URN.
    .own(
      "estat-lowercase.xml", "sdmx30.xml",
      expect: (
        countries: ["MLT"] as Set, period: "2020", value: 1100.25, v3Count: 6, v3Period: "2020",
        v3Indicator: "A.SEK.EUR.SP00.A", v3Value: 10.5625,
        v3Dataset: "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=OWN:TOY_EXR(1.0)"
      )),
    // Eurostat geo="LU", 2012 = 46526.2; ECB's 3.0 sample: 116 observations, CAD 1999 (file text).
    .real(
      khaeru + "ESTAT_NAMA_10_GDP-ss.xml", khaeru + "v3_xml_ECB_EXR0.xml",
      expect: (
        countries: ["LUX"] as Set, period: "2012", value: 46526.2, v3Count: 116, v3Period: "1999",
        v3Indicator: "A.CAD.EUR.SP00.A", v3Value: 1.583993822393823,
        v3Dataset: "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=ECB:EXR(1.0)"
      )),
  ])

  /// Eurostat writes lower-case concepts (`geo="LU"`): the area is still found. An SDMX-ML 3.0
  /// StructureSpecificData message reads like a 2.1 one.
  @Test(arguments: lowerCaseSamples)
  func lowerCaseConceptsAndSDMX30(
    sample: SDMXSample<
      (
        countries: Set<String>, period: String, value: Double, v3Count: Int, v3Period: String, v3Indicator: String,
        v3Value: Double, v3Dataset: String
      )
    >
  ) throws {
    let expected = sample.expected
    let (_, estat) = try importSDMX(sample.paths[0])
    #expect(Set(estat.map(\.country)) == expected.countries)
    #expect(estat.first { $0.period == expected.period }?.value == expected.value)
    let (v3Report, v3) = try importSDMX(sample.paths[1])
    #expect(v3.count == expected.v3Count)
    #expect(
      v3.first { $0.period == expected.v3Period && $0.indicator.hasPrefix(expected.v3Indicator) }?.value
        == expected.v3Value)
    #expect(v3Report.source.dataset == expected.v3Dataset)
  }

  static let footerSamples = SDMXSample.available([
    // Own fixture, written by hand: footer Message code 413 and a made-up URL.
    .own("footer-only.xml", expect: ["413", "https://example.org/sdmx/file/toy123"]),
    .real(khaeru + "ESTAT_footer.xml", expect: ["413"]),
    .real(khaeru + "ESTAT_footer2.xml", expect: ["413"]),
  ])

  /// A message with a footer and no data set (the server's "your file will be ready later") is a
  /// publisher error quoting the footer.
  @Test(arguments: footerSamples)
  func footerOnlyMessagesAreClearErrors(sample: SDMXSample<[String]>) throws {
    do {
      _ = try importSDMX(sample.path)
      Issue.record("accepted a footer-only message")
    } catch let error as ReadinessError {
      #expect(error.code == .publisherError)
      for text in sample.expected { #expect(error.description.contains(text), "\(error.description)") }
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

  static let soapSamples = SDMXSample.available([
    // Own fixture, written by hand: 2 series × 3 years (YR), AWAY 2002 = 14.25.
    .own("soap-compact.xml", "compact20.xml", expect: (count: 6, period: "2002", value: 14.25)),
    // rsdmx: 66 observations, `YEA` is the time; 1990 = 145.2 (file text).
    .real(
      "sdmx/rsdmx/SDMX_SOAP_Example.xml", "sdmx/rsdmx/SDMXCompactDataExample_2.0.xml",
      expect: (count: 66, period: "1990", value: 145.2)),
  ])

  /// The SOAP-wrapped CompactData and the plain one hold the same observations; the one
  /// observation attribute that looks like a period (`YEA`, `YR`) is the time.
  @Test(arguments: soapSamples)
  func soapWrappedCompactData(sample: SDMXSample<(count: Int, period: String, value: Double)>) throws {
    let (_, soap) = try importSDMX(sample.paths[0])
    let (_, plain) = try importSDMX(sample.paths[1])
    #expect(soap.count == sample.expected.count)
    #expect(Set(soap.map(Fact.init)) == Set(plain.map(Fact.init)))
    #expect(soap.contains { $0.period == sample.expected.period && $0.value == sample.expected.value })
  }

  static let generic20Samples = SDMXSample.available([
    // Own fixture, written by hand: 2 series × 3 Time elements; C1.C2.C3 = YEAR.TOY.B2, 2011 = 8.
    .own("generic20.xml", expect: (count: 6, indicator: "YEAR.TOY.B2", period: "2011", value: 8.0)),
    // rsdmx: 18 observations; the first series C1..C5 = YEAR.156.5312.515.Q, 2000 = 14114.0 (file text).
    .real(
      "sdmx/rsdmx/SDMXGenericDataExample_2.0.xml",
      expect: (count: 18, indicator: "YEAR.156.5312.515.Q", period: "2000", value: 14114.0)),
  ])

  /// SDMX-ML 2.0 GenericData: components named by `concept=`, the period in `Time` elements.
  @Test(arguments: generic20Samples)
  func generic20WithTimeElements(
    sample: SDMXSample<(count: Int, indicator: String, period: String, value: Double)>
  ) throws {
    let (_, observations) = try importSDMX(sample.path)
    #expect(observations.count == sample.expected.count)
    #expect(observations.allSatisfy { Observation.year(of: $0.period) != nil })
    #expect(
      observations.first { $0.indicator == sample.expected.indicator && $0.period == sample.expected.period }?.value
        == sample.expected.value)
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

  static let crossSectional10Samples = SDMXSample.available([
    // Own fixture, written by hand: Group dimA/dimB = X, Y, Section part = p1/p2, measures m1, m2
    // with value 0.25, 0.5, 1.25, 1.5, status="OK", decimals="2"; the first observation is on line 16.
    .own(
      "crosssectional10.xml",
      expect: (
        order: ["dimA", "dimB", "part"], line: 16,
        indicators: ["p1", "p2"].flatMap { s in ["m1", "m2"].map { "X.Y.\(s).\($0)" } },
        values: [0.25, 0.5, 1.25, 1.5],
        note: "DECIMALS=2", publisher: "OWNORG", vintage: "2024-03-15"
      )),
    // rsdmx's example: Group groupVar1..3 = A, B, C, Section sectionVar = sec1/sec2, three
    // measures obs1..obs3 with value="1.1" … "2.3", status="OK", decimals="1" (read from the
    // file's 6 observation elements, the first on line 24).
    .real(
      "sdmx/rsdmx/SDMXCrossSectionalDataExample_1.0.xml",
      expect: (
        order: ["groupVar1", "groupVar2", "groupVar3", "sectionVar"], line: 24,
        indicators: ["sec1", "sec2"].flatMap { s in ["obs1", "obs2", "obs3"].map { "A.B.C.\(s).\($0)" } },
        values: [1.1, 1.2, 1.3, 2.1, 2.2, 2.3], note: "DECIMALS=1", publisher: "MYORG", vintage: "2016-01-19"
      )),
  ])

  /// SDMX-ML 1.0 CrossSectionalData without a time dimension: the period comes from --period;
  /// with the key family's dimensions given, the rest are attributes.
  @Test(arguments: crossSectional10Samples)
  func crossSectional10(
    sample: SDMXSample<
      (
        order: [String], line: Int, indicators: [String], values: [Double], note: String, publisher: String,
        vintage: String
      )
    >
  ) throws {
    let expected = sample.expected
    let missing = #expect(throws: ReadinessError.self) { _ = try importSDMX(sample.path) }
    #expect(missing?.message.contains("--period") == true && missing?.location?.line == expected.line)
    let context = ImportContext(
      reference: try TestPaths.reference(), sdmx: SDMXOptions(dimensionOrder: expected.order, period: "2015"))
    var observations: [Observation] = []
    let report = try Importers.run(file: sample.path, format: nil, context: context) { observations.append($0) }
    #expect(report.format == "sdmx-ml" && report.warnings.isEmpty)
    #expect(observations.map(\.indicator) == expected.indicators)
    #expect(observations.map(\.value) == expected.values)
    #expect(
      observations.allSatisfy {
        $0.period == "2015" && $0.status == "OK" && $0.note == expected.note && $0.areaKind == .unmatched
      })
    #expect(report.source.publisher == expected.publisher && report.source.vintage == expected.vintage)
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

  static let csvSamples = SDMXSample.available(
    [
      "csv20-plain.csv", "csv20-semicolon-decimal-comma.csv", "csv20-code-labels.csv", "csv20-label-columns.csv",
      "csv20-multi-valued.csv", "csv20-localised.csv", "csv20-actions.csv",
    ].map { SDMXSample.own($0, expect: (indicator: "Q.EXP", values: [3.5, 4.25], publisher: "OWN")) }
      + [
        "example-01.csv", "example-04.csv", "example-05.csv", "example-06.csv", "example-07.csv", "example-08.csv",
        "example-10.csv",
      ].map {
        SDMXSample.real(
          "sdmx/sdmx-csv-2.0/" + $0, expect: (indicator: "A.B", values: [10.8, 12.4], publisher: "ESTAT"))
      })

  /// SDMX-CSV 2.0 variants, each with 2 observations of one series. Own fixtures (written by
  /// hand, one per variant of the specification's examples): FREQ, ITEM = Q, EXP and a PERIOD
  /// dimension holding the period, 2020-Q1 = 3.5 and 2020-Q2 = 4.25, structure OWN:TOY_FLOW.
  /// The specification's examples: example-01 is `A,B,2014-01,12.4` — DIM_3 holds the period;
  /// example-04 is `;` with a decimal comma and `CODE: Label` cells; all give A.B 2014-01 = 12.4 and
  /// 2014-02 = 10.8.
  @Test(arguments: csvSamples)
  func sdmxCSV20Examples(sample: SDMXSample<(indicator: String, values: [Double], publisher: String)>) throws {
    let (report, observations) = try importSDMX(sample.path)
    #expect(report.format == "sdmx-csv")
    #expect(observations.count == 2)
    #expect(observations.allSatisfy { $0.indicator == sample.expected.indicator })
    #expect(observations.map(\.value).sorted() == sample.expected.values)
    #expect(report.source.publisher == sample.expected.publisher)
  }

  static let twoMeasureSamples = SDMXSample.available([
    // Own fixture, written by hand: ITEM before FREQ (EXP.Q), OBS_VALUE2 at 2020-Q1 = 3.75.
    .own(
      "csv20-two-measures.csv",
      expect: (
        indicators: ["EXP.Q.OBS_VALUE1", "EXP.Q.OBS_VALUE2"] as Set, indicator: "EXP.Q.OBS_VALUE2", period: "2020-Q1",
        value: 3.75
      )),
    // example-02: DIM_2 before DIM_1 (B.A), OBS_VALUE2 at 2014-01 = 12.5.
    .real(
      "sdmx/sdmx-csv-2.0/example-02.csv",
      expect: (
        indicators: ["B.A.OBS_VALUE1", "B.A.OBS_VALUE2"] as Set, indicator: "B.A.OBS_VALUE2", period: "2014-01",
        value: 12.5
      )),
  ])

  /// Two measures (OBS_VALUE1, OBS_VALUE2) give one indicator each, the key in column order.
  @Test(arguments: twoMeasureSamples)
  func sdmxCSVWithTwoMeasures(
    sample: SDMXSample<(indicators: Set<String>, indicator: String, period: String, value: Double)>
  ) throws {
    let (_, observations) = try importSDMX(sample.path)
    #expect(Set(observations.map(\.indicator)) == sample.expected.indicators)
    #expect(
      observations.first { $0.indicator == sample.expected.indicator && $0.period == sample.expected.period }?.value
        == sample.expected.value)
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

  /// Several structures in one file and no column holding a period: refused, not guessed. Own
  /// fixture (written by hand): two structures, dimension values VAL_AB, VAL_A2, VAL_B2, numeric
  /// measures; example-09B: three structures, no period anywhere.
  @Test(
    arguments: SDMXSample.available([
      .own("csv20-no-time.csv", expect: ()), .real("sdmx/sdmx-csv-2.0/example-09B.csv", expect: ()),
    ]))
  func sdmxCSVWithoutAnyTimeIsRefused(sample: SDMXSample<Void>) throws {
    let error = #expect(throws: ReadinessError.self) { _ = try importSDMX(sample.path) }
    #expect(error?.message.contains("no time period") == true, "\(String(describing: error))")
  }
}

@Suite("SDMX-JSON importer")
struct SDMXJSONImporterTests {
  func run(_ path: String, period: String? = nil) throws -> (ImportReport, [Observation]) {
    let context = ImportContext(reference: try TestPaths.reference(), sdmx: SDMXOptions(period: period))
    var observations: [Observation] = []
    let report = try Importers.run(file: path, format: nil, context: context) {
      observations.append($0)
    }
    return (report, observations)
  }

  static let versionSamples = SDMXSample.available([
    // Own fixtures, written by hand: the same 4 observations (2 currencies × 2 days) in 1.0 and
    // 2.0; the first is `"0": [10.5, 0]` of series NOK with OBS_STATUS index 0 = "A".
    .own(
      "json10-ts.json", "json20-ts.json",
      expect: (count: 4, period: "2021-01-04", indicator: "D.NOK.EUR.SP00", value: 10.5, status: "A")),
    // ECB: four NZD/RUB observations; the first is `"0": [1.5931, 0]` with OBS_STATUS index
    // 0 = "A" (file text).
    .real(
      "sdmx/khaeru-sdmx-test-data/ECB_EXR_ts.json", "sdmx/khaeru-sdmx-test-data/v3_json_data_exr-time-series.json",
      expect: (count: 4, period: "2013-01-18", indicator: "D.NZD.EUR.SP00.A", value: 1.5931, status: "A")),
  ])

  /// The 1.0 and 2.0 samples of one data set carry the same observations.
  @Test(arguments: versionSamples)
  func ecbOneAndTwoAgree(
    sample: SDMXSample<(count: Int, period: String, indicator: String, value: Double, status: String)>
  ) throws {
    let expected = sample.expected
    let (report, v1) = try run(sample.paths[0])
    let (_, v2) = try run(sample.paths[1])
    #expect(report.format == "sdmx-json")
    #expect(v1.count == expected.count)
    #expect(Set(v1.map(Fact.init)) == Set(v2.map(Fact.init)))
    let first = v1.first { $0.period == expected.period }
    #expect(
      first?.indicator == expected.indicator && first?.value == expected.value && first?.status == expected.status)
  }

  static let noTimeSamples = SDMXSample.available([
    // Own fixture, written by hand: COU (role REF_AREA, an id the importer does not know) ×
    // IND × MSR, 3 values and one null; "0:0:0" = MYS ACCESS.MEAN 11.5.
    .own(
      "json-no-time.json", expect: (count: 3, missing: 1, country: "MYS", indicator: "ACCESS.MEAN", value: 11.5)),
    // OECD PART2: LOCATION (role REF_AREA) is the country and key "0:0:0:0:0:0" = AUS
    // 5CLAT.INI.FOG.MAT.MN 11.963615756565; all 7 values are numbers.
    .real(
      "oecd/OECD_PART2_sdmx-json.json",
      expect: (count: 7, missing: 0, country: "AUS", indicator: "5CLAT.INI.FOG.MAT.MN", value: 11.963615756565)),
  ])

  /// A message without a time dimension is refused without --period; with it, the dimension
  /// whose role is REF_AREA is the country.
  @Test(arguments: noTimeSamples)
  func oecdWithoutTimeNeedsAPeriod(
    sample: SDMXSample<(count: Int, missing: Int, country: String, indicator: String, value: Double)>
  ) throws {
    let expected = sample.expected
    do {
      _ = try run(sample.path)
      Issue.record("accepted data without a period")
    } catch let error as ReadinessError {
      #expect(error.description.contains("--period"))
    }
    let (report, observations) = try run(sample.path, period: "2015")
    #expect(observations.count == expected.count)
    #expect(report.missingValues == expected.missing)
    #expect(value(observations, expected.country, expected.indicator, "2015") == expected.value)
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

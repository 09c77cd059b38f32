import ReadinessCore
import Testing

@testable import ReadinessImport

/// Format detection asks each importer in the registry's order: every format has one importer,
/// and a typical head of each format is recognised as that format (heads written by hand from
/// the publishers' files), with the refusals that belong to no format.
@Suite struct FormatDetectionTests {
  @Test func everyFormatHasExactlyOneImporter() {
    let registered = Importers.registry.map { $0.format }
    #expect(registered.count == Set(registered).count)
    #expect(Set(registered) == Set(ImportFormat.allCases))
  }

  static let heads: [(String, String, ImportFormat)] = [
    ("d.yaml", "schema: readiness-dossier/1\ncountry: KEN\n", .dossier),
    ("f.yaml", "# form\nschema: readiness-self-assessment/1\n", .selfAssessment),
    (
      "s.xml",
      "<?xml version=\"1.0\"?><message:GenericData xmlns:message=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message\">",
      .sdmxML
    ),
    ("w.xml", "<?xml version=\"1.0\"?><wb:data xmlns:wb=\"http://www.worldbank.org\" page=\"1\">", .wbXML),
    ("o.json", "{\"meta\": {\"count\": 3}, \"results\": [], \"group_by\": []}", .openalexJSON),
    ("j.json", "{\"header\": {}, \"dataSets\": [], \"structure\": {}}", .sdmxJSON),
    ("b.json", "[{\"page\": 1, \"pages\": 1}, [{\"countryiso3code\": \"MYS\"}]]", .wbJSON),
    ("x.csv", "OBS_VALUE,DATABASE_ID,INDICATOR,REF_AREA,TIME_PERIOD\n1,WB_WDI,X,MYS,2020\n", .data360CSV),
    ("c.csv", "DATAFLOW,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE\nESTAT:X(1.0),A,MY,2020,1\n", .sdmxCSV),
    ("g.csv", "developers,iso2_code,year,quarter\n10,MY,2024,1\n", .githubInnovationGraph),
    ("ddf--datapoints--x--by--country--year.csv", "country,year,x\nmys,2020,1\n", .ddfCSV),
    ("API_X.csv", "\"Data Source\",\"World Development Indicators\",\n", .wbCSV),
    (
      "m.csv", "Country Code,Region,IncomeGroup,SpecialNotes,TableName\nMYS,East Asia,Upper middle income,,Malaysia\n",
      .wbCSV
    ),
    ("db.csv", "Country Name,Country Code,Series Name,Series Code,2020 [YR2020]\nMalaysia,MYS,X,X.Y,1\n", .wbDataBank),
    ("l.csv", "ind_id,ind_nm,cty_id,cty_nm,cty_iso,date,value\nX,X,1,Malaysia,MYS,2020,1\n", .wbLong),
    ("owid.csv", "Entity,Code,Year,Share\nMalaysia,MYS,2020,1\n", .owidCSV),
    ("e.csv", "Country Name,E-Government Index\nMalaysia,0.7\n", .unEGovCSV),
    ("i.csv", "seriesCode,entityIso,dataValue,dataYear\ni99H,MYS,97,2023\n", .ituCSV),
    ("u.csv", "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE\nX,MYS,2020,1\n", .uisCSV),
    ("oe.csv", "LOCATION,Country,Value,Unit Code,PowerCode Code\nMYS,Malaysia,1,PC,0\n", .oecdCSV),
    ("wgi.csv", "code,countryname,year,indicator,estimate\nMYS,Malaysia,2020,va,0.1\n", .wgiCSV),
    ("t.csv", "country,indicator,period,value\nMYS,X,2020,1\n", .tidyCSV),
  ]

  @Test func aTypicalHeadOfEachFormatIsRecognised() throws {
    for (name, text, format) in FormatDetectionTests.heads {
      #expect(try FormatSniffer.detect(bytes: Array(text.utf8), name: name) == format, "\(name)")
    }
    #expect(try FormatSniffer.detect(bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0], name: "w.xlsx") == .xlsx)
  }

  @Test(arguments: [
    ("p.html", "<!DOCTYPE html><html><body>502</body></html>", "an HTML page"),
    ("q.meta.json", "{\"query\": \"x\"}", "a metadata file"),
    ("ddf--concepts.csv", "concept,concept_type\nx,measure\n", "concepts or entities table"),
    ("e.csv", "", "an empty file"),
    ("u.xml", "<root/>", "an XML document of an unknown kind"),
    ("u.json", "{\"a\": 1}", "a JSON document of an unknown kind"),
    ("u.csv", "a,b,c\n1,2,3\n", "whose header matches no known format"),
  ])
  func filesOfNoFormatAreRefused(name: String, text: String, message: String) {
    #expect {
      _ = try FormatSniffer.detect(bytes: Array(text.utf8), name: name)
    } throws: { error in
      (error as? ReadinessError)?.message.contains(message) == true
    }
  }
}

import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

/// Reads a CSV from ../shared/data (or, without it, its copy under Tests/Fixtures) as header-keyed rows.
func sharedRows(_ relative: String) throws -> [[String: String]] {
  var reader = try CSVReader(path: TestPaths.vendored(relative))
  guard let header = try reader.next() else { return [] }
  var rows: [[String: String]] = []
  while let record = try reader.next() {
    if record.isBlank { continue }
    var row: [String: String] = [:]
    for (index, key) in header.fields.enumerated() { row[key] = record[safe: index] ?? "" }
    rows.append(row)
  }
  return rows
}

@Suite("Reference tables")
struct ReferenceDataTests {
  let reference: ReferenceData

  init() throws { reference = try TestPaths.reference() }

  @Test func everyISOCountryIsThereWithItsCodes() throws {
    let iso = reference.countries.values.filter(\.isISO)
    #expect(iso.count == 249)
    #expect(reference.country("MYS")?.iso2 == "MY")
    #expect(reference.country("MYS")?.numeric == "458")
    #expect(reference.country("XKX")?.isISO == false)
    #expect(reference.country("CHI")?.isISO == false)
  }

  @Test(arguments: [
    ("Korea, Rep.", "KOR"), ("Republic of Korea", "KOR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Turkey", "TUR"),
    ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("Iraq ", "IRQ"),
    ("  Viet   Nam ", "VNM"), ("Vietnam", "VNM"), ("Lao PDR", "LAO"), ("Congo, Dem. Rep.", "COD"),
    ("Congo, Rep.", "COG"), ("Gambia, The", "GMB"), ("Hong Kong SAR, China", "HKG"), ("Kosovo", "XKX"),
    ("Channel Islands", "CHI"), ("Iran (Islamic Republic of)", "IRN"), ("Niger", "NER"), ("Nigeria", "NGA"),
  ])
  func nameVariantsResolve(name: String, iso3: String) {
    #expect(reference.resolve(name: name) == .country(iso3))
  }

  @Test func codesAndAggregatesResolve() {
    #expect(reference.resolve(code: "mys") == .country("MYS"))
    #expect(reference.resolve(code: "MY") == .country("MYS"))
    #expect(reference.resolve(code: "458") == .country("MYS"))
    #expect(reference.resolve(code: "XKX") == .country("XKX"))
    #expect(reference.resolve(code: "WLD") == .aggregate("WLD"))
    #expect(reference.resolve(code: "EAS") == .aggregate("EAS"))
    #expect(reference.resolve(code: "OWID_WRL") == .aggregate("OWID_WRL"))
    #expect(reference.resolve(code: "ZZZ") == .unmatched("ZZZ"))
  }

  @Test func blocs() {
    #expect(reference.blocs["EU"]?.count == 27)
    #expect(reference.blocs["OECD"]?.count == 38)
    #expect(reference.blocs["G20"]?.count == 19)
    #expect(reference.blocs["AU"]?.count == 55)
    #expect(reference.blocs["COMMONWEALTH"]?.count == 56)
    #expect(Set(reference.blocs["ASEAN"] ?? []).isSuperset(of: ["MYS", "IDN", "SGP", "THA", "VNM", "PHL"]))
    #expect(reference.blocs(of: "MYS") == ["ASEAN", "COMMONWEALTH"])
  }

  @Test func bordersAreSymmetric() {
    for (country, neighbours) in reference.borders {
      for neighbour in neighbours {
        #expect(reference.borders[neighbour]?.contains(country) == true, "\(country)–\(neighbour)")
      }
    }
    #expect(reference.borders["MYS"] == ["BRN", "IDN", "THA"])
  }

  // MARK: cross-checks against the independent tables in ../shared/data
  // (copied to Tests/Fixtures for a clone without it, Tests/NOTICE: the copies are of the same
  // independent sources, never of our tables, so the checks stay independent)

  @Test(.enabled(if: TestPaths.hasVendored("reference/iso3166-m49-regions.csv")))
  func codesAndRegionsMatchTheISOM49Table() throws {
    let rows = try sharedRows("reference/iso3166-m49-regions.csv")
    #expect(rows.count == 249)
    for row in rows {
      let iso3 = row["alpha-3"] ?? ""
      let country = try #require(reference.country(iso3), "missing \(iso3)")
      #expect(country.iso2 == row["alpha-2"], "\(iso3) alpha-2")
      #expect(country.numeric == row["country-code"], "\(iso3) numeric")
      #expect(country.region == (row["region"].flatMap { $0.isEmpty ? nil : $0 }), "\(iso3) region")
      #expect(country.subregion == (row["sub-region"].flatMap { $0.isEmpty ? nil : $0 }), "\(iso3) sub-region")
    }
  }

  @Test(.enabled(if: TestPaths.hasVendored("reference/GEODATASOURCE-COUNTRY-BORDERS.CSV")))
  func bordersMatchGeoDataSource() throws {
    let rows = try sharedRows("reference/GEODATASOURCE-COUNTRY-BORDERS.CSV")
    var expected = Set<String>()
    for row in rows {
      guard let a = row["country_code"], let b = row["country_border_code"], !a.isEmpty, !b.isEmpty else { continue }
      guard case .country(let iso3a) = reference.resolve(code: a), case .country(let iso3b) = reference.resolve(code: b)
      else {
        Issue.record("unresolved border codes \(a) \(b)")
        continue
      }
      expected.insert(iso3a + "-" + iso3b)
    }
    var ours = Set<String>()
    for (country, neighbours) in reference.borders { for n in neighbours { ours.insert(country + "-" + n) } }
    // Our only additions are Kosovo's borders, which the source lacks (documented in the README).
    #expect(ours.subtracting(expected).allSatisfy { $0.contains("XKX") })
    #expect(expected.subtracting(ours).isEmpty, "missing: \(expected.subtracting(ours).sorted().prefix(10))")
  }

  @Test(
    .enabled(
      if: TestPaths.hasVendored(
        "indicators/worldbank_bulk/Metadata_Country_API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv")))
  func incomeGroupsAndRegionsMatchTheWorldBank2025Metadata() throws {
    let rows = try sharedRows(
      "indicators/worldbank_bulk/Metadata_Country_API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv")
    var checked = 0
    for row in rows where !(row["Region"] ?? "").isEmpty {
      let code = row["Country Code"] ?? ""
      guard case .country(let iso3) = reference.resolve(code: code) else {
        Issue.record("WB economy \(code) is not a country in the reference table")
        continue
      }
      let country = try #require(reference.country(iso3))
      #expect(country.incomeGroup == (row["IncomeGroup"].flatMap { $0.isEmpty ? nil : $0 }), "\(code) income")
      #expect(country.wbRegion == row["Region"], "\(code) region")
      checked += 1
    }
    #expect(checked >= 215)
  }

  @Test(
    arguments: [
      "worldbank_bulk/Metadata_Country_API_14_DS2_en_csv_v2_3054360.csv",
      "worldbank_bulk/Metadata_Country_API_9_DS2_en_csv_v2_10135164.csv",
      "indicators/worldbank_bulk/Metadata_Country_API_SE.TER.ENRR_DS2_en_csv_v2_3403591.csv",
    ])
  func everyWorldBankCodeIsACountryOrAnAggregate(file: String) throws {
    try #require(TestPaths.hasVendored(file), "\(file) is vendored under Tests/Fixtures")
    for row in try sharedRows(file) {
      let code = row["Country Code"] ?? ""
      let isAggregate = (row["Region"] ?? "").isEmpty
      switch reference.resolve(code: code) {
      case .country: #expect(!isAggregate, "\(code) has no region but is a country here")
      case .aggregate: #expect(isAggregate, "\(code) has a region but is an aggregate here")
      case .unmatched: Issue.record("\(code) unknown")
      }
    }
  }
}

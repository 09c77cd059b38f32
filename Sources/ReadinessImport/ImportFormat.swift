/// The file formats `readiness import` reads.
public enum ImportFormat: String, CaseIterable, Sendable, Codable {
  /// World Bank bulk CSV: the wide `API_*.csv` (preamble, year columns, trailing comma)
  /// and its `Metadata_Country_*` / `Metadata_Indicator_*` companions.
  case wbCSV = "wb-csv"
  /// World Bank API v2 (and v1) XML: `wb:data` records inside a paged `wb:data` root.
  case wbXML = "wb-xml"
  /// World Bank API v2 JSON: a two-element array `[paging, records]` or an error array.
  case wbJSON = "wb-json"
  /// World Bank DataBank export: `Country Name,Country Code,Series Name,Series Code,2020 [YR2020]`,
  /// `..` for missing, footer lines with the database and its last update.
  case wbDataBank = "wb-databank"
  /// A long World Bank API pull: `ind_id,ind_nm,cty_id,cty_nm,cty_iso,date,value,…` with `NA`.
  case wbLong = "wb-long"
  /// Our World in Data: `Entity,Code,Year,<value columns>`; `OWID_*` and blank codes are aggregates.
  case owidCSV = "owid-csv"
  /// UN E-Government Survey data: EGDI and its components, by country name or ISO3.
  case unEGovCSV = "un-egov-csv"
  /// SDMX-ML data messages: 2.1 Generic and StructureSpecific (time-series, cross-sectional,
  /// flat), 3.0 StructureSpecific, 2.0 Generic and Compact, SOAP-wrapped.
  case sdmxML = "sdmx-ml"
  /// SDMX-JSON 1.0 and 2.0 data messages.
  case sdmxJSON = "sdmx-json"
  /// SDMX-CSV 1.0 and 2.0.
  case sdmxCSV = "sdmx-csv"
  /// UNESCO UIS bulk download (`*_DATA_NATIONAL.csv` with MAGNITUDE/QUALIFIER, labels, regions).
  case uisCSV = "uis-csv"
  /// ITU DataHub CSV download (`seriesCode,…,entityIso,…,dataValue,dataYear,dataNote,…`).
  case ituCSV = "itu-csv"
  /// OECD.Stat CSV export (code/label column pairs, PowerCode, flags).
  case oecdCSV = "oecd-csv"
  /// The Worldwide Governance Indicators long panel (Latin-1, `NA`).
  case wgiCSV = "wgi-csv"
  /// World Bank Data360 CSV (`OBS_VALUE,…,DATABASE_ID,INDICATOR,REF_AREA,SEX,AGE,URBANISATION,…,
  /// TIME_PERIOD`), the API's answer or the portal's export with labels.
  case data360CSV = "data360-csv"
  /// GitHub Innovation Graph (`<metric>,iso2_code,year,quarter`), made annual.
  case githubInnovationGraph = "github-ig"
  /// An OpenAlex API `group_by=authorships.countries` answer (JSON).
  case openalexJSON = "openalex-json"
  /// A DDF data package's datapoints file (`ddf--datapoints--<concept>--by--country--year.csv`).
  case ddfCSV = "ddf-csv"
  /// An Excel workbook (`.xlsx`): one sheet read like a CSV (`--sheet`, `--header-row`, `--period`).
  case xlsx = "xlsx"
  /// One row per country, one numeric column per indicator (index publications); `--period` for
  /// a table without a year.
  case countryTable = "country-table"
  /// A record-level list (models, clusters, regions) aggregated by a recipe (`--recipe`, or the
  /// bundled recipe in `Indicators/recipes/` whose columns the header holds).
  case records = "records"
  /// A national self-assessment form (YAML, `schema: readiness-self-assessment/1`).
  case selfAssessment = "self-assessment"
  /// A national self-assessment dossier (YAML, `schema: readiness-dossier/1`).
  case dossier = "dossier"
  /// The universal fallback: `country,indicator,period,value[,unit,status,…]`.
  case tidyCSV = "tidy-csv"

  /// Formats named in the command-line contract whose importers are not built yet.
  public static let planned: [String] = []

  /// The list printed when a file is not recognised.
  public static var supportedList: String {
    allCases.map(\.rawValue).joined(separator: ", ")
  }
}

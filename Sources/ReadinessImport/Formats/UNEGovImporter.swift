import ReadinessCore

/// UN E-Government Survey data: the E-Government Development Index (EGDI) and its parts.
///
/// Two layouts: `Survey Year,Country Name,E-Government Rank,E-Government Index,…` (names
/// only, often with trailing spaces) and `country-code,country-name,e-gov-rank,e-gov-index,
/// e-pat-index,osi,hci,tii` (no year column: the survey year is taken from a four-digit year
/// in the file name). The 2024 download renames the columns (`Survey Year,Country,Rank,E_Index,
/// E_Participation,Online_Service,Human_Capital,Tele_Infra,Region`). Stored as EGOV.EGDI, EGOV.EGDI_RANK, EGOV.EPI, EGOV.OSI, EGOV.HCI, EGOV.TII.
struct UNEGovImporter: Importer {
  static let columns: [(aliases: [String], code: String)] = [
    (["E-Government Index", "e-gov-index", "EGDI", "E_Index"], "EGOV.EGDI"),
    (["E-Government Rank", "e-gov-rank", "Rank"], "EGOV.EGDI_RANK"),
    (["E-Participation Index", "e-pat-index", "EPART", "E_Participation"], "EGOV.EPI"),
    (["Online Service Index", "osi", "Online_Service"], "EGOV.OSI"),
    (["Human Capital Index", "hci", "Human_Capital"], "EGOV.HCI"),
    (["Telecommunication Infrastructure Index", "tii", "Tele_Infra"], "EGOV.TII"),
  ]

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .unEGovCSV,
      source: SourceInfo(
        publisher: "UN DESA", dataset: "UN E-Government Survey",
        licence: "UN DESA terms of use", file: file,
        url: "https://publicadministration.un.org/egovkb"))
    var reader = start.reader
    var report = start.report
    let header = start.header
    let index = HeaderIndex(header)
    let yearColumn = index.find("Survey Year", "year")
    let codeColumn = index.find("country-code", "Country Code", "ISO3")
    let nameColumn = index.find("Country Name", "country-name", "Country")
    guard codeColumn != nil || nameColumn != nil else {
      throw ReadinessError(
        .unexpectedContent, "expected a Country Name or country-code column",
        at: SourceLocation(file: file, line: header.line))
    }
    let fileYear = UNEGovImporter.yearInFileName(file)
    if yearColumn == nil && fileYear == nil {
      throw ReadinessError(
        .unexpectedContent,
        "no Survey Year column and no year in the file name (expected e.g. egdi-2018.csv)",
        at: SourceLocation(file: file, line: header.line))
    }
    let mapped = UNEGovImporter.columns.compactMap { entry in index.find(entry.aliases).map { ($0, entry.code) } }
    for (_, code) in mapped { report.indicatorNames[context.indicatorCode(code)] = code }
    while let record = try reader.next() {
      if record.isBlank { continue }
      let period = yearColumn.flatMap { record[safe: $0]?.trimmingSpaces() } ?? fileYear ?? ""
      let area = context.reference.resolve(
        code: codeColumn.flatMap { record[safe: $0] }, name: nameColumn.flatMap { record[safe: $0] })
      let (country, kind) = area.stored
      for (column, code) in mapped {
        guard let value = try numericCell(record, column, file: file, what: code) else {
          report.missingValues += 1
          continue
        }
        let observation = Observation(
          country: country, areaKind: kind, indicator: context.indicatorCode(code), period: period, value: value,
          position: .line(record.line))
        report.count(observation)
        try emit(observation)
      }
    }
    return report
  }

  static func yearInFileName(_ path: String) -> String? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let characters = Array(name)
    var index = 0
    while index + 4 <= characters.count {
      let candidate = String(characters[index..<index + 4])
      let before = index > 0 ? characters[index - 1] : " "
      let after = index + 4 < characters.count ? characters[index + 4] : " "
      if candidate.allSatisfy(\.isNumber), !before.isNumber, !after.isNumber,
        let year = Int(candidate), (1990...2100).contains(year)
      {
        return candidate
      }
      index += 1
    }
    return nil
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension UNEGovImporter {
  static let format = ImportFormat.unEGovCSV
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    UNEGovImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.keys.contains("e-government index") || head.keys.contains("e-gov-index") || head.keys.contains("e_index")
  }
}

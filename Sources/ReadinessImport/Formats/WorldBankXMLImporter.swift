import ReadinessCore

/// World Bank API XML (v2, and the older v1 without `wb:countryiso3code`):
///
///     <wb:data page="1" pages="2" per_page="50" total="58" lastupdated="2018-07-25">
///       <wb:data>
///         <wb:indicator id="NY.GDP.MKTP.CD">GDP (current US$)</wb:indicator>
///         <wb:country id="IT">Italy</wb:country>
///         <wb:countryiso3code>ITA</wb:countryiso3code>
///         <wb:date>2017</wb:date><wb:value>1934797937411.33</wb:value>
///         <wb:unit/><wb:obs_status/><wb:decimal>0</wb:decimal>
///       </wb:data> …
///
/// An empty `wb:value` is a missing value. A `wb:error` document (the API's way of saying a
/// parameter was invalid) is an error naming the API's message. When the paging attributes
/// say the file holds only one page of several, the report says how many records are absent.
struct WorldBankXMLImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let reader = try XMLStreamReader(path: file)
    return try run(reader: reader, file: file, context: context, emit: emit)
  }

  func run(reader: XMLStreamReader, file: String, context: ImportContext, emit: ObservationSink) throws
    -> ImportReport
  {
    var report = ImportReport(
      file: file, format: ImportFormat.wbXML.rawValue,
      source: SourceInfo(
        publisher: "World Bank", dataset: "World Bank API", licence: "CC BY 4.0", file: file,
        url: "https://api.worldbank.org/v2"))
    var rootSeen = false
    var recordIndex = 0
    var pageInfo: (page: Int, pages: Int, total: Int)?
    var seenRecords = 0
    while try reader.read() {
      guard reader.nodeType == .element else { continue }
      if !rootSeen {
        rootSeen = true
        if reader.localName == "error" {
          let message = try readErrorMessage(reader)
          throw ReadinessError(
            .publisherError, "the World Bank API returned an error instead of data: \(message)",
            at: SourceLocation(file: file, line: reader.line))
        }
        guard reader.localName == "data" else {
          throw ReadinessError(
            .unexpectedContent, "root element <\(reader.name)> (expected <wb:data>)",
            at: SourceLocation(file: file, line: reader.line))
        }
        if let updated = reader.attribute("lastupdated"), !updated.isEmpty { report.source.vintage = updated }
        if let page = reader.attribute("page").flatMap(Int.init),
          let pages = reader.attribute("pages").flatMap(Int.init),
          let total = reader.attribute("total").flatMap(Int.init)
        {
          pageInfo = (page, pages, total)
        }
        if reader.isEmptyElement { break }
        continue
      }
      if reader.depth == 1 && reader.localName == "data" {
        recordIndex += 1
        seenRecords += 1
        try readRecord(reader, index: recordIndex, file: file, context: context, report: &report, emit: emit)
      }
    }
    guard rootSeen else {
      throw ReadinessError(.unexpectedContent, "no root element (expected <wb:data>)", at: SourceLocation(file: file))
    }
    if let pageInfo, pageInfo.pages > 1 || seenRecords < pageInfo.total {
      report.warnings.append(
        "this file is page \(pageInfo.page) of \(pageInfo.pages) and holds \(seenRecords) of \(pageInfo.total) records; import the other pages (or use readiness fetch) for the rest"
      )
    }
    return report
  }

  private func readErrorMessage(_ reader: XMLStreamReader) throws -> String {
    var messages: [String] = []
    let depth = reader.depth
    while try reader.read() {
      if reader.nodeType == .endElement && reader.depth == depth { break }
      if reader.nodeType == .element && reader.localName == "message" {
        let key = reader.attribute("key") ?? ""
        let id = reader.attribute("id") ?? ""
        let text = try reader.readElementText().trimmingSpaces()
        messages.append([id, key, text].filter { !$0.isEmpty }.joined(separator: " "))
      }
    }
    return messages.isEmpty ? "no message" : messages.joined(separator: "; ")
  }

  private func readRecord(
    _ reader: XMLStreamReader, index: Int, file: String, context: ImportContext, report: inout ImportReport,
    emit: ObservationSink
  ) throws {
    let line = reader.line
    var indicator = ""
    var indicatorName = ""
    var countryID = ""
    var countryName = ""
    var iso3 = ""
    var date = ""
    var valueText = ""
    var unit = ""
    var status = ""
    if reader.isEmptyElement { return }
    while try reader.read() {
      if reader.nodeType == .endElement && reader.depth == 1 { break }
      guard reader.nodeType == .element, reader.depth == 2 else { continue }
      switch reader.localName {
      case "indicator":
        indicator = reader.attribute("id") ?? ""
        indicatorName = try reader.readElementText()
      case "country":
        countryID = reader.attribute("id") ?? ""
        countryName = try reader.readElementText()
      case "countryiso3code": iso3 = try reader.readElementText()
      case "date": date = try reader.readElementText()
      case "value": valueText = try reader.readElementText()
      case "unit": unit = try reader.readElementText()
      case "obs_status": status = try reader.readElementText()
      default: _ = try reader.readElementText()
      }
    }
    let location = "/wb:data/wb:data[\(index)] (line \(line))"
    guard !indicator.isEmpty, !date.isEmpty else {
      throw ReadinessError(
        .unexpectedContent, "record \(index) lacks wb:indicator or wb:date", at: SourceLocation(file: file, line: line))
    }
    let code = context.indicatorCode(indicator)
    if !indicatorName.isEmpty { report.indicatorNames[code] = indicatorName }
    if isMissingMarker(valueText) {
      report.missingValues += 1
      return
    }
    guard let value = parseStatisticalNumber(valueText) else {
      throw ReadinessError(
        .unexpectedContent, "wb:value \"\(valueText)\" is not a number", at: SourceLocation(file: file, line: line))
    }
    let area: AreaResolution =
      iso3.trimmingSpaces().isEmpty
      ? context.reference.resolve(code: countryID, name: countryName)
      : context.reference.resolve(code: iso3, name: countryName)
    let (country, kind) = area.stored
    let observation = Observation(
      country: country, areaKind: kind, indicator: code, period: date.trimmingSpaces(), value: value,
      unit: unit.isEmpty ? nil : unit, status: status.isEmpty ? nil : status, location: location)
    report.count(observation)
    try emit(observation)
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension WorldBankXMLImporter {
  static let format = ImportFormat.wbXML

  static func make(_ context: ImportContext) -> Self {
    WorldBankXMLImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .xml && (head.lower.contains("worldbank.org") || head.lower.contains("<wb:"))
  }
}

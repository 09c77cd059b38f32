import ReadinessCore

/// Recognises a file's format from its content (the first bytes and the CSV header), not
/// from its name.
public enum FormatSniffer {
  /// The format of the file at `path`.
  ///
  /// - Throws: ``ReadinessError`` `unsupportedFormat` listing the supported formats.
  public static func detect(path: String) throws(ReadinessError) -> ImportFormat {
    let head = try readHead(path: path, count: 8192)
    return try detect(
      head: head,
      csvHeader: { () throws(ReadinessError) in
        // A legacy single-byte export (Latin-1) must be recognised as the importers will read it.
        do throws(ReadinessError) {
          var reader = try CSVReader(path: path)
          return try firstMeaningfulRecord(&reader)
        } catch {
          guard error.code == .malformedInput && error.message.contains("UTF-8") else { throw error }
          var reader = try CSVReader(path: path, options: CSVOptions(encoding: .latin1))
          return try firstMeaningfulRecord(&reader)
        }
      }, file: path)
  }

  /// The format of bytes held in memory.
  public static func detect(bytes: [UInt8], name: String) throws(ReadinessError) -> ImportFormat {
    try detect(
      head: Array(bytes.prefix(8192)),
      csvHeader: { () throws(ReadinessError) in
        var reader = try CSVReader(bytes: bytes, name: name)
        return try firstMeaningfulRecord(&reader)
      }, file: name)
  }

  private static func firstMeaningfulRecord(_ reader: inout CSVReader) throws(ReadinessError) -> CSVRecord? {
    while let record = try reader.next() {
      if !record.isBlank { return record }
    }
    return nil
  }

  private static func detect(
    head: [UInt8], csvHeader: () throws(ReadinessError) -> CSVRecord?, file: String
  ) throws(ReadinessError) -> ImportFormat {
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .xlsx }  // refused there: encrypted or .xls
    if let problem = TextEncoding.unicodeEncodingProblem(head: head) {
      throw ReadinessError(.unsupportedFormat, problem, at: SourceLocation(file: file))
    }
    var start = 0
    if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { start = 3 }
    while start < head.count, [9, 10, 13, 32].contains(head[start]) { start += 1 }
    let text = String(decoding: head[start...], as: UTF8.self)
    let lower = text.lowercased()
    if lower.contains("schema: readiness-dossier") && !"<[{".contains(text.first ?? "<") { return .dossier }
    if text.hasPrefix("<") {
      if lower.contains("<html") {
        throw unsupported(file, "an HTML page (a web server's error page saved as data?)")
      }
      if lower.contains("sdmx.org/resources/sdmxml") || lower.contains("sdmx") && !lower.contains("<wb:") {
        return .sdmxML
      }
      if lower.contains("worldbank.org") || lower.contains("<wb:") { return .wbXML }
      throw unsupported(file, "an XML document of an unknown kind")
    }
    if text.hasPrefix("[") || text.hasPrefix("{") {
      if lower.contains("\"group_by\"") && lower.contains("\"meta\"") { return .openalexJSON }
      if file.lowercased().hasSuffix(".meta.json") || file.lowercased().hasSuffix("datapackage.json")
        || lower.contains("\"retrieved_date\"") && lower.contains("\"url\"") && !lower.contains("\"data")
      {
        throw unsupported(file, "a metadata file that describes a data file (its query, schema or licence), not data")
      }
      if lower.contains("\"datasets\"") || lower.contains("sdmx") && lower.contains("\"structure") { return .sdmxJSON }
      if lower.contains("\"page\"") || lower.contains("\"message\"") || lower.contains("countryiso3code") {
        return .wbJSON
      }
      throw unsupported(file, "a JSON document of an unknown kind")
    }
    if lower.contains("schema: readiness-self-assessment") { return .selfAssessment }
    if DDFDatapointsImporter.isMetadata(file: file) {
      throw ReadinessError(
        .unexpectedContent,
        "a DDF data package's concepts or entities table, not data: import its ddf--datapoints--… files",
        at: SourceLocation(file: file))
    }
    guard let header = try csvHeader() else { throw unsupported(file, "an empty file") }
    let fields = header.fields.map { HeaderIndex.key($0) }
    let set = Set(fields)
    if Data360CSVImporter.isHeader(set) { return .data360CSV }
    if SDMXCSVImporter.isCSVHeader(header.fields) { return .sdmxCSV }
    if GitHubInnovationGraphImporter.isHeader(header.fields) { return .githubInnovationGraph }
    if DDFDatapointsImporter.isDatapoints(file: file, fields: header.fields) { return .ddfCSV }
    if fields.first == "data source" || (fields.first == "country name" && set.contains("indicator code")) {
      return .wbCSV
    }
    if fields.starts(with: ["country code", "region", "incomegroup"]) || fields.first == "indicator_code" {
      return .wbCSV
    }
    if set.isSuperset(of: ["country name", "country code", "series name", "series code"]) {
      return .wbDataBank
    }
    if set.isSuperset(of: ["ind_id", "cty_iso", "date", "value"]) { return .wbLong }
    if fields.starts(with: ["entity", "code", "year"]) { return .owidCSV }
    if (fields.starts(with: ["country", "year"]) || fields.starts(with: ["entity", "year"]))
      && TidyCSVImporter.columns(in: HeaderIndex(header)) == nil
    {
      return .owidCSV
    }
    if set.contains("e-government index") || set.contains("e-gov-index") || set.contains("e_index") {
      return .unEGovCSV
    }
    if set.isSuperset(of: ["seriescode", "entityiso", "datavalue", "datayear"]) { return .ituCSV }
    if set.contains("country_id")
      && (set.contains("indicator_id") || set.contains("region_id") || set.contains("country_name_en"))
    {
      return .uisCSV
    }
    if set.contains("indicator_id") && set.contains("indicator_label_en") { return .uisCSV }
    if set.isSuperset(of: ["value", "unit code", "powercode code"]) { return .oecdCSV }
    if set.isSuperset(of: ["code", "year", "estimate", "indicator"]) { return .wgiCSV }
    if TidyCSVImporter.columns(in: HeaderIndex(header)) != nil { return .tidyCSV }
    if RecordRecipe.matching(header: header.fields) != nil { return .records }
    throw unsupported(file, "a CSV file whose header matches no known format")
  }

  private static func unsupported(_ file: String, _ what: String) -> ReadinessError {
    ReadinessError(
      .unsupportedFormat,
      "unrecognised format: \(what); supported formats: \(ImportFormat.supportedList) (use --format to force one)",
      at: SourceLocation(file: file))
  }

  static func readHead(path: String, count: Int) throws(ReadinessError) -> [UInt8] {
    let source = try ByteSourceHead(path: path)
    return source.read(count: count)
  }
}

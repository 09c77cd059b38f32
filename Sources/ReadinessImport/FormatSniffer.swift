import ReadinessCore

/// Recognises a file's format from its content (the first bytes and the CSV header), not
/// from its name. Each importer says whether a file is its own (``Importer/detect(_:)``); the
/// sniffer asks them in the order of ``Importers/registry`` and adds the refusals that belong to
/// no format (an HTML page, a metadata file, an empty file).
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
    head bytes: [UInt8], csvHeader: () throws(ReadinessError) -> CSVRecord?, file: String
  ) throws(ReadinessError) -> ImportFormat {
    var head = FileHead(file: file, bytes: bytes)
    for importer in Importers.registry where importer.reads == .binary && importer.detect(head) {
      return importer.format
    }
    if let problem = TextEncoding.unicodeEncodingProblem(head: bytes) {
      throw ReadinessError(.unsupportedFormat, problem, at: SourceLocation(file: file))
    }
    head.readText()
    if let refusal = refusal(of: head) { throw refusal }
    var headerRead = false
    for importer in Importers.registry where importer.reads != .binary {
      if importer.reads == .csvHeader {
        guard head.kind == .text else { continue }
        if !headerRead {
          headerRead = true
          guard let header = try csvHeader() else { throw unsupported(file, "an empty file") }
          head.setHeader(header)
        }
      }
      if importer.detect(head) { return importer.format }
    }
    switch head.kind {
    case .xml: throw unsupported(file, "an XML document of an unknown kind")
    case .json: throw unsupported(file, "a JSON document of an unknown kind")
    case .text: throw unsupported(file, "a CSV file whose header matches no known format")
    }
  }

  /// Files that are no format's: refused before any importer is asked.
  private static func refusal(of head: FileHead) -> ReadinessError? {
    let file = head.file
    switch head.kind {
    case .xml where head.lower.contains("<html"):
      return unsupported(file, "an HTML page (a web server's error page saved as data?)")
    case .json
    where file.lowercased().hasSuffix(".meta.json") || file.lowercased().hasSuffix("datapackage.json")
      || head.lower.contains("\"retrieved_date\"") && head.lower.contains("\"url\"")
        && !head.lower.contains("\"data") && !OpenAlexGroupByImporter.detect(head):
      return unsupported(file, "a metadata file that describes a data file (its query, schema or licence), not data")
    case .text where DDFDatapointsImporter.isMetadata(file: file) && !head.isYAMLForm:
      return ReadinessError(
        .unexpectedContent,
        "a DDF data package's concepts or entities table, not data: import its ddf--datapoints--… files",
        at: SourceLocation(file: file))
    default:
      return nil
    }
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

/// What format detection sees of a file: its name, its first 8 KiB, those bytes as text (after a
/// byte-order mark and leading white space) and, for the CSV formats, the first meaningful record.
struct FileHead {
  /// What the text looks like.
  enum Kind { case xml, json, text }

  let file: String
  let bytes: [UInt8]
  private(set) var text = ""
  /// `text` lowercased, for case-blind checks.
  private(set) var lower = ""
  private(set) var kind = Kind.text
  /// The first meaningful CSV record (set for detectors that read ``Importer/reads`` `.csvHeader`).
  private(set) var header: CSVRecord?
  /// The header's fields as ``HeaderIndex/key(_:)`` makes them (trimmed, lowercased), in order and as a set.
  private(set) var fields: [String] = []
  private(set) var keys: Set<String> = []

  init(file: String, bytes: [UInt8]) {
    self.file = file
    self.bytes = bytes
  }

  /// Whether the text is one of readiness's own YAML forms (a dossier or a self-assessment form).
  var isYAMLForm: Bool {
    lower.contains("schema: readiness-dossier") || lower.contains("schema: readiness-self-assessment")
  }

  mutating func readText() {
    var start = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
    while start < bytes.count, [9, 10, 13, 32].contains(bytes[start]) { start += 1 }
    text = String(decoding: bytes[start...], as: UTF8.self)
    lower = text.lowercased()
    kind = text.hasPrefix("<") ? .xml : text.hasPrefix("[") || text.hasPrefix("{") ? .json : .text
  }

  mutating func setHeader(_ record: CSVRecord) {
    header = record
    fields = record.fields.map { HeaderIndex.key($0) }
    keys = Set(fields)
  }
}

import ReadinessCore

/// Opens a CSV for an importer: UTF-8 when the file is valid UTF-8, else Latin-1 with a
/// warning for the report (a legacy export such as the WGI panel).
func openCSV(_ file: String) throws -> (CSVReader, String?) {
  // Binary or UTF-16 input is refused from its first bytes, before the whole file is validated
  // (which never ends on /dev/zero: NUL bytes are valid UTF-8).
  if let problem = TextEncoding.notTextProblem(head: try FormatSniffer.readHead(path: file, count: 65_536)) {
    throw ReadinessError(.unsupportedFormat, problem, at: SourceLocation(file: file))
  }
  if try TextEncoding.isValidUTF8(path: file) { return (try CSVReader(path: file), nil) }
  return (
    try CSVReader(path: file, options: CSVOptions(encoding: .latin1)),
    "the file is not UTF-8; read as Latin-1 (ISO-8859-1)"
  )
}

/// Opens a CSV importer's file (UTF-8, or Latin-1 with a warning), creates its report and reads
/// the header row; an empty file is an error.
func startCSV(_ file: String, format: ImportFormat, source: SourceInfo) throws -> (
  reader: CSVReader, report: ImportReport, header: CSVRecord
) {
  var (reader, warning) = try openCSV(file)
  var report = ImportReport(file: file, format: format.rawValue, source: source)
  if let warning { report.warnings.append(warning) }
  guard let header = try reader.next() else {
    throw ReadinessError(.unexpectedContent, "empty file", at: SourceLocation(file: file))
  }
  return (reader, report, header)
}

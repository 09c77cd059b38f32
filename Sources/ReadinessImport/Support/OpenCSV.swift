import ReadinessCore

/// Opens a CSV for an importer: UTF-8 when the file is valid UTF-8, else Latin-1 with a
/// warning for the report (a legacy export such as the WGI panel).
func openCSV(_ file: String) throws -> (CSVReader, String?) {
  if try TextEncoding.isValidUTF8(path: file) { return (try CSVReader(path: file), nil) }
  return (
    try CSVReader(path: file, options: CSVOptions(encoding: .latin1)),
    "the file is not UTF-8; read as Latin-1 (ISO-8859-1)"
  )
}

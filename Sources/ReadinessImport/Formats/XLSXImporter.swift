import Foundation
import ReadinessCore

/// An Excel workbook (`.xlsx`): one sheet (`--sheet NAME|N`, else the first) read like a CSV.
///
/// The sheet's part is inflated (with ZIP-bomb limits, see ``XLSXArchive``) on a thread of its own
/// and streamed with libxml2's reader as it comes (``XLSXPartStream``); a sheet in the layout of
/// index publications goes straight to the country-table reader, any other becomes CSV lines in a
/// temporary file, read by that layout's importer. Cells: shared and inline strings, numbers as
/// written, booleans, dates (by their number format) as ISO dates, formulas by their cached values,
/// error values (`#N/A`) as empty cells.
///
/// **The header**: `--header-row N`, else found: title rows and merged cells above it are skipped
/// (the rows before the first row of data, two numbers that are not years; of those, the last one
/// that names two columns or more, and for a column it leaves empty the nearest name above, as a
/// header in two rows has).
///
/// **The layout** is then recognised as for a CSV (tidy rows, World Bank wide years, …) and read
/// by that format's importer; a sheet of no known layout is read as a ``CountryTableImporter``
/// table (one row per country, one numeric column per indicator). Positions are recorded as the
/// sheet's rows (`sheet "Data" row 12`), errors name the sheet, the row and the column.
struct XLSXImporter: Importer {
  var sheet: String?
  var headerRow: Int?
  var period: String?

  /// How many rows are looked at to find the header.
  static let headerSearchRows = 30

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let archive = try XLSXArchive(file: file)
    let cells = try XLSXCellContext(archive: archive)
    if sheet != nil || archive.sheets.count <= 1 {
      return try run(
        sheet: try archive.sheet(sheet), file: file, archive: archive, cells: cells, context: context, emit: emit)
    }
    // No sheet named: the first sheet that reads as data (a cover or notes sheet often comes first).
    var firstError: ReadinessError?
    for candidate in archive.sheets {
      do {
        var report = try run(sheet: candidate, file: file, archive: archive, cells: cells, context: context, emit: emit)
        if candidate != archive.sheets.first {
          report.warnings.append(
            "read sheet \"\(candidate.name)\", the first with data (sheets: \(archive.sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))); --sheet chooses another"
          )
        }
        return report
      } catch let error as ReadinessError where error.code == .unexpectedContent {
        if firstError == nil { firstError = error }
      }
    }
    throw ReadinessError(
      .unexpectedContent,
      "no sheet reads as data (\(firstError?.message ?? "")); sheets: \(archive.sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")); use --sheet and --header-row",
      at: SourceLocation(file: file))
  }

  private func run(
    sheet chosen: XLSXArchive.Sheet, file: String, archive: XLSXArchive, cells: XLSXCellContext, context: ImportContext,
    emit: ObservationSink
  ) throws -> ImportReport {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "readiness-xlsx-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw ReadinessError(.io, "cannot create a temporary folder: \(error)", at: SourceLocation(file: folder.path))
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let csvPath = folder.appendingPathComponent("sheet.csv").path
    let sheetLabel = "sheet \"\(chosen.name)\""
    // The part is inflated while libxml2 parses it; a refusal met inflating (a ZIP bomb, a bad
    // checksum) is the error, not the parse error it causes (after which the rest is checked).
    let stream = try XLSXPartStream(archive: archive, part: chosen.part)
    defer { stream.finish() }
    do {
      let report = try run(
        rows: try XLSXRowReader(stream: stream, context: cells, name: "\(file) (\(sheetLabel))"), sheet: chosen,
        sheetLabel: sheetLabel, csvPath: csvPath, file: file, context: context, emit: emit)
      if let failure = stream.finish() { throw failure }
      return report
    } catch {
      if let failure = stream.finish(checkingTheRest: true) { throw failure }
      throw error
    }
  }

  private func run(
    rows: XLSXRowReader, sheet chosen: XLSXArchive.Sheet, sheetLabel: String, csvPath: String, file: String,
    context: ImportContext, emit: ObservationSink
  ) throws -> ImportReport {
    let start = try readStart(rows, file: file, sheetLabel: sheetLabel)
    let firstRow = start.headerRow

    // The layout, recognised as for a CSV from the CSV text of the rows read so far (the first
    // 8 KiB and the header are all the sniffer reads).
    var chosenFormat: ImportFormat?
    do {
      let detected = try FormatSniffer.detect(bytes: start.csv.bytes, name: csvPath)
      if XLSXImporter.csvFormats.contains(detected) { chosenFormat = detected }
    } catch {
      chosenFormat = nil
    }
    if chosenFormat == nil, !directOff, start.readsBackAsCSV() {
      // The layout of index publications: the rows go straight to the country-table reader.
      var report = try readCountryTable(
        start, rows: rows, file: file, sheet: chosen.name, sheetLabel: sheetLabel, context: context, emit: emit)
      if start.detected > 1 { report.warnings.append("header found on row \(firstRow) (rows above it skipped)") }
      return report
    }

    // Any other layout: the sheet as a CSV file, read by that format's importer.
    var csv = start.csv
    try csv.write(to: csvPath, rest: rows)
    let rowOf: @Sendable (Int) -> Int = { line in line - 1 + firstRow }
    let position: @Sendable (Int) -> Observation.Position = { line in .text("\(sheetLabel) row \(rowOf(line))") }
    let locate: @Sendable (Int, Int?) -> SourceLocation = { line, column in
      var path = "\(sheetLabel), row \(rowOf(line))"
      if let column { path += ", column \(XLSXSheetReader.letters(of: column))" }
      return SourceLocation(file: file, path: path)
    }
    let inner: any Importer
    if let chosenFormat {
      inner = Importers.importer(for: chosenFormat, context: context)
    } else {
      inner = CountryTableImporter(
        period: period, names: [chosen.name, (file as NSString).lastPathComponent], position: position, locate: locate)
    }
    let remapped = ObservationSink { (observation: consuming Observation) in
      if case .line(let line) = observation.position { observation.position = position(line) }
      try emit(observation)
    }
    var report: ImportReport
    do {
      report = try inner.run(file: csvPath, context: context, emit: remapped)
    } catch let error as ReadinessError {
      guard let location = error.location, location.file == csvPath else { throw error }
      throw ReadinessError(error.code, error.message, at: locate(location.line ?? 1, nil))
    }
    report.file = file
    report.format =
      "\(ImportFormat.xlsx.rawValue) (\(sheetLabel) as \(chosenFormat?.rawValue ?? ImportFormat.countryTable.rawValue))"
    if report.source.file == csvPath { report.source.file = file }
    if start.detected > 1 { report.warnings.append("header found on row \(firstRow) (rows above it skipped)") }
    return report
  }

  /// Reads a sheet of the country-table layout from its rows, without a CSV: the rows already
  /// read (the sample the layout is planned on), then the rest as the reader streams them.
  private func readCountryTable(
    _ start: Start, rows: XLSXRowReader, file: String, sheet: String, sheetLabel: String, context: ImportContext,
    emit: ObservationSink
  ) throws -> ImportReport {
    let importer = CountryTableImporter(
      period: period, names: [sheet, (file as NSString).lastPathComponent],
      position: { row in .text("\(sheetLabel) row \(row)") },
      locate: { row, column in
        var path = "\(sheetLabel), row \(row)"
        if let column { path += ", column \(XLSXSheetReader.letters(of: column))" }
        return SourceLocation(file: file, path: path)
      })
    let report = ImportReport(
      file: file, format: "\(ImportFormat.xlsx.rawValue) (\(sheetLabel) as \(ImportFormat.countryTable.rawValue))",
      source: SourceInfo(publisher: "unstated (country table)", file: file))
    var sample: [CSVRecord] = []
    for row in start.rows where !row.isBlank && sample.count < CountryTableImporter.sampleSize {
      sample.append(CSVRecord(fields: row.fields, line: row.number))
    }
    var table = try CountryTableReader(
      header: start.header, headerLine: start.headerRow, sample: sample, file: file, importer: importer,
      context: context, report: report)
    for row in start.rows where !row.isBlank { try table.handle(row, emit: emit) }
    var row = XLSXRow()
    while try rows.next(into: &row) {
      if row.longestCell > XLSXImporter.maxCellBytes {
        throw ReadinessError(
          .limitExceeded, "field longer than \(XLSXImporter.maxCellBytes) bytes",
          at: SourceLocation(file: file, path: "\(sheetLabel), row \(row.number)"))
      }
      if !row.isBlank { try table.handle(row, emit: emit) }
    }
    return try table.finish(emit: emit)
  }

  /// The longest cell text the CSV path reads (``CSVOptions/maxFieldBytes``' default).
  static let maxCellBytes = CSVOptions().maxFieldBytes

  /// Set by tests: every sheet goes through the CSV path (for comparing the two).
  var directOff = false

  /// Formats a sheet can be read as.
  static let csvFormats: Set<ImportFormat> = [
    .wbCSV, .wbDataBank, .wbLong, .owidCSV, .unEGovCSV, .ituCSV, .uisCSV, .oecdCSV, .wgiCSV, .tidyCSV, .sdmxCSV,
    .data360CSV, .githubInnovationGraph,
  ]

  /// The start of a sheet: its header, the rows after it read so far and their CSV text.
  struct Start {
    var headerRow: Int
    /// The row the header search settled on (more than 1: rows above it were skipped).
    var detected: Int
    var header: [String]
    /// The rows after the header read so far (the sample the layout is planned on).
    var rows: [XLSXRow]
    /// The CSV text of the header and `rows`, lines numbered as the sheet's rows from the header on.
    var csv: SheetCSV

    /// Whether the CSV text reads back as the same fields (a comma-separated file whose header
    /// and first rows are the sheet's): then reading the rows directly is reading that CSV.
    func readsBackAsCSV() -> Bool {
      guard var reader = try? CSVReader(bytes: csv.bytes, name: "sheet.csv"),
        let first = try? reader.next(), first.fields == header
      else { return false }
      func nextRecord() -> CSVRecord? {
        while let record = try? reader.next() {
          if !record.isBlank { return record }
        }
        return nil
      }
      for row in rows where !row.isBlank {
        guard let record = nextRecord(), record.fields == row.fields, record.line == row.number - headerRow + 1
        else { return false }
      }
      return nextRecord() == nil
    }
  }

  /// How many bytes of CSV text and how many rows that are not blank are read ahead before the
  /// layout is decided (the sniffer's head and the country table's sample).
  static let aheadBytes = 8192

  /// Reads the header (``header(_:given:location:)``) and the rows after it until the layout can
  /// be decided: 8 KiB of CSV text and as many rows that are not blank as the country table's
  /// sample, or the whole sheet.
  private func readStart(_ rows: XLSXRowReader, file: String, sheetLabel: String) throws -> Start {
    var pending: [(row: Int, cells: [XLSXCell])] = []
    var after: [XLSXRow] = []
    var header: (row: Int, names: [String])?
    var row = XLSXRow()
    while header == nil, try rows.next(into: &row) {
      if !row.isEmpty { pending.append((row.number, row.xlsxCells)) }
      if pending.count >= XLSXImporter.headerSearchRows || headerRow.map({ row.number >= $0 }) == true {
        header = try XLSXImporter.header(
          pending, given: headerRow, location: SourceLocation(file: file, path: sheetLabel))
      }
    }
    let found: (row: Int, names: [String])
    if let header {
      found = header
    } else {
      found = try XLSXImporter.header(
        pending, given: headerRow, location: SourceLocation(file: file, path: sheetLabel))
    }
    var csv = SheetCSV(headerRow: found.row, header: found.names)
    var nonBlank = 0
    for entry in pending where entry.row > found.row {
      let ahead = XLSXRow(number: entry.row, cells: entry.cells)
      csv.append(row: ahead)
      if !ahead.isBlank { nonBlank += 1 }
      after.append(ahead)
    }
    while csv.bytes.count < XLSXImporter.aheadBytes || nonBlank < CountryTableImporter.sampleSize,
      try rows.next(into: &row)
    {
      csv.append(row: row)
      if !row.isBlank { nonBlank += 1 }
      after.append(row)
    }
    return Start(headerRow: found.row, detected: found.row, header: found.names, rows: after, csv: csv)
  }

  /// The header row and the header's names, from the first rows of a sheet.
  static func header(
    _ rows: [(row: Int, cells: [XLSXCell])], given: Int?, location: SourceLocation
  ) throws(ReadinessError) -> (Int, [String]) {
    func names(_ cells: [XLSXCell]) -> [String] {
      guard let last = cells.last else { return [] }
      var out = [String](repeating: "", count: last.column + 1)
      for cell in cells where cell.kind != .error { out[cell.column] = cell.text }
      return out
    }
    if let given {
      guard let row = rows.first(where: { $0.row == given }) else {
        throw ReadinessError(
          .unexpectedContent, "row \(given) (--header-row) is empty or beyond the sheet", at: location)
      }
      return (given, names(row.cells))
    }
    guard !rows.isEmpty else { throw ReadinessError(.unexpectedContent, "the sheet is empty", at: location) }
    func isYear(_ cell: XLSXCell) -> Bool {
      cell.kind == .number && Int(cell.text).map { (1900...2100).contains($0) } == true
    }
    // The first row of data: two numbers that are not years.
    let dataIndex = rows.firstIndex { entry in entry.cells.filter { $0.kind == .number && !isYear($0) }.count >= 2 }
    let candidates = Array(rows[..<(dataIndex ?? min(rows.count, 1))])
    guard !candidates.isEmpty else { return (rows[0].row, names(rows[0].cells)) }
    // The header is the last row before the data that names two columns or more: a title (one
    // cell, merged across the table) is never a header unless nothing else is.
    let headerIndex = candidates.lastIndex { $0.cells.count >= 2 } ?? candidates.count - 1
    var combined = names(candidates[headerIndex].cells)
    // Columns the header leaves empty take the nearest name above (a header in two rows).
    for above in candidates[..<headerIndex].reversed() where above.cells.count >= 2 {
      for cell in above.cells where cell.kind != .error {
        if cell.column >= combined.count {
          combined += [String](repeating: "", count: cell.column + 1 - combined.count)
        }
        if combined[cell.column].isEmpty { combined[cell.column] = cell.text }
      }
    }
    return (candidates[headerIndex].row, combined)
  }
}

/// A sheet's rows as CSV text: the header, then each row on the line of its number counted from
/// the header's (blank lines for missing rows), cells in their columns (an error value empty).
struct SheetCSV {
  private(set) var bytes: [UInt8] = []
  private var lastWritten: Int

  init(headerRow: Int, header: [String]) {
    lastWritten = headerRow
    for (index, name) in header.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      name.utf8.withContiguousStorageIfAvailable { appendField($0) } ?? appendField(Array(name.utf8))
    }
    bytes.append(10)
  }

  private mutating func appendField(_ cell: some Collection<UInt8>) {
    let needsQuotes = cell.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
    }
    guard needsQuotes else { return bytes.append(contentsOf: cell) }
    bytes.append(UInt8(ascii: "\""))
    for byte in cell {
      if byte == UInt8(ascii: "\"") { bytes.append(byte) }
      bytes.append(byte)
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func append(row: XLSXRow) {
    if lastWritten < row.number - 1 {
      for _ in lastWritten..<(row.number - 1) { bytes.append(10) }
    }
    for column in 0..<row.count {
      if column > 0 { bytes.append(UInt8(ascii: ",")) }
      row.withField(column) { appendField($0) }
    }
    bytes.append(10)
    lastWritten = row.number
  }

  /// Writes the text so far to `path`, then the rows `rows` has left, a megabyte at a time.
  mutating func write(to path: String, rest rows: XLSXRowReader) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else {
      throw ReadinessError(.io, "cannot write a temporary file", at: SourceLocation(file: path))
    }
    defer { try? handle.close() }
    var row = XLSXRow()
    while try rows.next(into: &row) {
      append(row: row)
      if bytes.count >= 1 << 20 {
        try handle.write(contentsOf: bytes)
        bytes.removeAll(keepingCapacity: true)
      }
    }
    try handle.write(contentsOf: bytes)
    bytes.removeAll()
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension XLSXImporter {
  static let format = ImportFormat.xlsx
  static let reads = DetectionInput.binary

  static func make(_ context: ImportContext) -> Self {
    XLSXImporter(sheet: context.sheet.sheet, headerRow: context.sheet.headerRow, period: context.sdmx.period)
  }

  static func detect(_ head: FileHead) -> Bool {
    // A ZIP archive, or an OLE2 compound file (refused when read: an encrypted workbook or a legacy .xls).
    head.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
  }
}

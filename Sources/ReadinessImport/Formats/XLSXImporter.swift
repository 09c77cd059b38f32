import Foundation
import ReadinessCore

/// An Excel workbook (`.xlsx`): one sheet (`--sheet NAME|N`, else the first) read like a CSV.
///
/// The sheet's part is inflated (with ZIP-bomb limits, see ``XLSXArchive``) into a temporary file
/// and streamed with libxml2's reader; each row becomes a CSV line in a temporary file, cells in
/// their columns: shared and inline strings, numbers as written, booleans, dates (by their number
/// format) as ISO dates, formulas by their cached values, error values (`#N/A`) as empty cells.
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
    let sheetXML = folder.appendingPathComponent("sheet.xml").path
    let csvPath = folder.appendingPathComponent("sheet.csv").path
    try archive.write(chosen.part, to: sheetXML)
    let sheetLabel = "sheet \"\(chosen.name)\""
    let header = try writeCSV(
      sheetXML: sheetXML, csv: csvPath, cells: cells, displayName: "\(file) (\(sheetLabel))", file: file,
      sheetLabel: sheetLabel)
    let firstRow = header.row
    let rowOf: @Sendable (Int) -> Int = { line in line - 1 + firstRow }
    let position: @Sendable (Int) -> Observation.Position = { line in .text("\(sheetLabel) row \(rowOf(line))") }
    let locate: @Sendable (Int, Int?) -> SourceLocation = { line, column in
      var path = "\(sheetLabel), row \(rowOf(line))"
      if let column { path += ", column \(XLSXSheetReader.letters(of: column))" }
      return SourceLocation(file: file, path: path)
    }

    var chosenFormat: ImportFormat?
    do {
      let detected = try FormatSniffer.detect(path: csvPath)
      if XLSXImporter.csvFormats.contains(detected) { chosenFormat = detected }
    } catch {
      chosenFormat = nil
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
    if header.detected > 1 { report.warnings.append("header found on row \(header.row) (rows above it skipped)") }
    return report
  }

  /// Formats a sheet can be read as.
  static let csvFormats: Set<ImportFormat> = [
    .wbCSV, .wbDataBank, .wbLong, .owidCSV, .unEGovCSV, .ituCSV, .uisCSV, .oecdCSV, .wgiCSV, .tidyCSV, .sdmxCSV,
    .data360CSV, .githubInnovationGraph,
  ]

  /// Writes the sheet as CSV from its header row on; returns the header's row number and the
  /// row the header search settled on.
  private func writeCSV(
    sheetXML: String, csv: String, cells: XLSXCellContext, displayName: String, file: String, sheetLabel: String
  ) throws -> (row: Int, detected: Int) {
    guard FileManager.default.createFile(atPath: csv, contents: nil), let handle = FileHandle(forWritingAtPath: csv)
    else {
      throw ReadinessError(.io, "cannot write a temporary file", at: SourceLocation(file: csv))
    }
    defer { try? handle.close() }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    func flush(force: Bool) throws {
      if buffer.count >= 1 << 20 || force && !buffer.isEmpty {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    func append(_ cells: [String]) {
      for (index, cell) in cells.enumerated() {
        if index > 0 { buffer.append(UInt8(ascii: ",")) }
        let needsQuotes = cell.utf8.contains {
          $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
        }
        if needsQuotes {
          buffer.append(UInt8(ascii: "\""))
          for byte in cell.utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
          }
          buffer.append(UInt8(ascii: "\""))
        } else {
          buffer.append(contentsOf: cell.utf8)
        }
      }
      buffer.append(10)
    }
    func texts(_ row: [XLSXCell]) -> [String] {
      guard let last = row.last else { return [] }
      var out = [String](repeating: "", count: last.column + 1)
      for cell in row where cell.kind != .error { out[cell.column] = cell.text }
      return out
    }
    var pending: [(row: Int, cells: [XLSXCell])] = []
    var headerRowNumber: Int?
    var lastWritten = 0
    func writeRow(_ number: Int, _ row: [XLSXCell]) {
      guard let headerRowNumber, number > headerRowNumber else { return }
      // Blank lines for missing rows keep line numbers and row numbers in step.
      if lastWritten < number - 1 {
        for _ in lastWritten..<(number - 1) { buffer.append(10) }
      }
      append(texts(row))
      lastWritten = number
    }
    func decide() throws {
      let (row, combined) = try XLSXImporter.header(
        pending, given: headerRow, location: SourceLocation(file: file, path: sheetLabel))
      headerRowNumber = row
      append(combined)
      lastWritten = row
      for entry in pending where entry.row > row { writeRow(entry.row, entry.cells) }
      pending.removeAll()
    }
    let reader = XLSXSheetReader(context: cells, name: displayName)
    try reader.forEachRow(path: sheetXML) { number, row in
      if headerRowNumber == nil {
        if !row.isEmpty { pending.append((number, row)) }
        if pending.count >= XLSXImporter.headerSearchRows || headerRow.map({ number >= $0 }) == true {
          try decide()
        }
      } else {
        writeRow(number, row)
      }
      try flush(force: false)
    }
    if headerRowNumber == nil { try decide() }
    try flush(force: true)
    return (headerRowNumber ?? 1, headerRowNumber ?? 1)
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

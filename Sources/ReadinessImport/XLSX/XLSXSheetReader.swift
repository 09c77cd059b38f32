import Foundation
import ReadinessCore

/// One cell of a worksheet row, as the workbook stores it (a formula's cached value).
struct XLSXCell: Sendable, Equatable {
  enum Kind: Sendable, Equatable { case number, text, boolean, date, error }
  /// The column, from 0 (A).
  var column: Int
  var kind: Kind
  /// Numbers as written in the part (`0.45721`, `1.5E-3`), text as is, booleans `TRUE`/`FALSE`,
  /// dates as ISO dates (`2024-03-01`, with a time when it has one), errors as written (`#N/A`).
  var text: String
}

/// A workbook's shared strings, kept as bytes one after another in one buffer (a workbook of
/// many short texts would otherwise hold a Swift string, and its allocation, for each).
struct XLSXSharedStrings: Sendable {
  private(set) var bytes: [UInt8] = []
  /// Where each string ends in `bytes` (it starts where the one before ends).
  private(set) var ends: [Int] = []

  var count: Int { ends.count }

  mutating func append(_ text: some Collection<UInt8>) {
    bytes.append(contentsOf: text)
    ends.append(bytes.count)
  }

  /// Where string `index` lies in ``bytes`` (`index` in `0..<count`).
  func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

  subscript(index: Int) -> String { String(decoding: bytes[range(index)], as: UTF8.self) }
}

/// The parts of a workbook that cells refer to: shared strings and which styles are dates.
struct XLSXCellContext: Sendable {
  var sharedStrings = XLSXSharedStrings()
  /// For each cell style (`s`), whether its number format shows a date.
  var dateStyles: [Bool] = []
  /// Whether serial dates count from 1904 (`workbookPr date1904`).
  var date1904 = false

  /// Reads the shared strings, styles and date system of `archive`.
  init(archive: XLSXArchive) throws(ReadinessError) {
    if archive.has("xl/sharedStrings.xml") {
      var strings = XLSXSharedStrings()
      var current: [UInt8] = []
      var inPhonetic = false
      var inText = false
      let bytes = try archive.data("xl/sharedStrings.xml", limit: archive.limits.maximumSharedStringBytes)
      let reader = try XMLStreamReader(bytes: bytes, name: "\(archive.file) (xl/sharedStrings.xml)")
      while let type = try reader.readNode() {
        switch type {
        case .element:
          switch reader.localName {
          case "si":
            current.removeAll(keepingCapacity: true)
            if reader.isEmptyElement { strings.append(current) }
          case "rPh": inPhonetic = !reader.isEmptyElement
          case "t": inText = !reader.isEmptyElement
          default: break
          }
        case .endElement:
          switch reader.localName {
          case "si": strings.append(current)
          case "rPh": inPhonetic = false
          case "t": inText = false
          default: break
          }
        case .text, .cdata, .significantWhitespace, .whitespace:
          if inText && !inPhonetic { reader.withValueBytes { current.append(contentsOf: $0) } }
        default: break
        }
      }
      sharedStrings = strings
    }
    if archive.has("xl/styles.xml") {
      var customFormats: [Int: String] = [:]
      var styles: [Int] = []
      var inCellXfs = false
      try archive.forEachElement("xl/styles.xml") { reader in
        switch reader.localName {
        case "numFmt":
          if let id = reader.attribute("numFmtId").flatMap(Int.init), let code = reader.attribute("formatCode") {
            customFormats[id] = code
          }
        case "cellXfs": inCellXfs = true
        case "cellStyleXfs", "dxfs": inCellXfs = false
        case "xf" where inCellXfs:
          styles.append(reader.attribute("numFmtId").flatMap(Int.init) ?? 0)
        default: break
        }
      }
      dateStyles = styles.map { id in
        if (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id) {
          return true
        }
        guard let code = customFormats[id] else { return false }
        return XLSXCellContext.isDateFormat(code)
      }
    }
    try archive.forEachElement("xl/workbook.xml") { reader in
      if reader.localName == "workbookPr", let value = reader.attribute("date1904") {
        self.date1904 = value == "1" || value.lowercased() == "true"
      }
    }
  }

  init() {}

  /// Whether a number format code shows a date or time (`yyyy-mm-dd`, `d-mmm`, `h:mm`), ignoring
  /// quoted text, escaped characters and bracketed sections (`[Red]`, `[$-409]`).
  static func isDateFormat(_ code: String) -> Bool {
    var plain = ""
    var quoted = false
    var bracket = false
    var escape = false
    for character in code {
      if escape {
        escape = false
        continue
      }
      switch character {
      case "\\": escape = true
      case "\"": quoted.toggle()
      case "[" where !quoted: bracket = true
      case "]" where !quoted: bracket = false
      default: if !quoted && !bracket { plain.append(character) }
      }
    }
    let lower = plain.lowercased()
    if lower.contains("general") { return false }
    return lower.contains("y") || lower.contains("d") || lower.contains("h")
      || lower.contains("s") && lower.contains(":")
  }

  /// The ISO date of an Excel serial date.
  func isoDate(serial: Double) -> String? {
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
    // 1900 system: day 1 is 1900-01-01 and Excel counts a 29 February 1900 that did not exist.
    var days = serial.rounded(.down)
    let fraction = serial - days
    if !date1904 && days >= 60 { days -= 1 }
    let epoch = date1904 ? -2_082_844_800.0 + 0 : -2_209_075_200.0  // 1904-01-01 / 1899-12-31 UTC
    let seconds = epoch + days * 86_400 + (fraction * 86_400).rounded()
    let date = Date(timeIntervalSince1970: seconds)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
    var text = String(format: "%04d-%02d-%02d", year, month, day)
    if fraction > 0, let hour = parts.hour, let minute = parts.minute, let second = parts.second {
      text += String(format: "T%02d:%02d:%02d", hour, minute, second)
    }
    return text
  }
}

/// One row of a worksheet as bytes: each cell's text (as ``XLSXCell/text`` has it) lies in one
/// buffer, found by its column; no string is made until one is asked for.
struct XLSXRow {
  /// The row's number (from 1).
  var number = 0
  /// The cells' texts one after another.
  private(set) var bytes: [UInt8] = []
  /// A cell: its column, kind and text (`start..<end` in the bytes).
  typealias Cell = (column: Int32, kind: XLSXCell.Kind, start: Int32, end: Int32)
  /// Per cell, in column order: its column, kind and text (`start..<end` in `bytes`).
  private(set) var cells: [Cell] = []
  /// For each column up to the widest row met: the cell's place in `cells` plus one, 0 for none.
  private var slots: [Int32] = []

  /// The longest cell text in the row, in bytes.
  private(set) var longestCell = 0

  init() {}

  /// A row of `cells` (in column order).
  init(number: Int, cells: [XLSXCell]) {
    self.number = number
    for cell in cells { append(column: cell.column, kind: cell.kind) { $0.append(contentsOf: cell.text.utf8) } }
  }

  /// Whether the row has no cell at all (an error value counts as a cell).
  var isEmpty: Bool { cells.isEmpty }

  /// The fields a CSV line of the row has: up to the last cell's column.
  var count: Int { cells.last.map { Int($0.column) + 1 } ?? 0 }

  /// Whether every field is empty (no cell, or error values only), as a CSV line's ``CSVRow/isBlank``.
  var isBlank: Bool { cells.allSatisfy { $0.kind == .error || $0.start == $0.end } }

  mutating func clear(number: Int) {
    for cell in cells { slots[Int(cell.column)] = 0 }
    cells.removeAll(keepingCapacity: true)
    bytes.removeAll(keepingCapacity: true)
    longestCell = 0
    self.number = number
  }

  /// Adds a cell after the last one (columns must grow); its text is appended by `write`.
  mutating func append(column: Int, kind: XLSXCell.Kind, _ write: (inout [UInt8]) -> Void) {
    precondition(column >= 0 && column < 16_384 && column > (cells.last.map { Int($0.column) } ?? -1))
    let start = Int32(truncatingIfNeeded: bytes.count)
    write(&bytes)
    if column >= slots.count { slots += [Int32](repeating: 0, count: column + 1 - slots.count) }
    cells.append((Int32(column), kind, start, Int32(truncatingIfNeeded: bytes.count)))
    longestCell = max(longestCell, bytes.count - Int(start))
    slots[column] = Int32(cells.count)
  }

  /// Makes this row row `number` with a block's `source` cells (in column order), whose texts
  /// lie one after another in `all` from `start`; returns where the next row's texts start.
  mutating func load(number: Int, cells source: ArraySlice<XLSXRowBlock.Cell>, bytes all: [UInt8], from start: Int)
    -> Int
  {
    clear(number: number)
    var end = start
    for cell in source {
      let column = Int(cell.column)
      if column >= slots.count { slots += [Int32](repeating: 0, count: column + 1 - slots.count) }
      let length = Int(cell.length)
      cells.append((Int32(column), cell.kind, Int32(end - start), Int32(end - start + length)))
      end += length
      longestCell = max(longestCell, length)
      slots[column] = Int32(cells.count)
    }
    bytes.append(contentsOf: all[start..<end])
    return end
  }

  /// Calls `body` with the text of the cell in `column` as a CSV field has it (an error value
  /// and a missing cell are empty); `nil` past the last cell.
  @inline(__always)
  func withField<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
    guard column >= 0, column < count else { return nil }
    let slot = column < slots.count ? Int(slots[column]) : 0
    guard slot > 0, cells[slot - 1].kind != .error else {
      return try body(UnsafeBufferPointer(start: nil, count: 0))
    }
    let cell = cells[slot - 1]
    return try bytes.withUnsafeBufferPointer { all in
      try body(UnsafeBufferPointer(rebasing: all[Int(cell.start)..<Int(cell.end)]))
    }
  }

  /// The text of the field in `column` (see ``withField(_:_:)``).
  func field(_ column: Int) -> String? { withField(column) { String(decoding: $0, as: UTF8.self) } }

  /// The CSV fields of the row (see ``withField(_:_:)``).
  var fields: [String] { (0..<count).map { field($0) ?? "" } }

  /// The row's cells as values.
  var xlsxCells: [XLSXCell] {
    cells.map { cell in
      XLSXCell(
        column: Int(cell.column), kind: cell.kind,
        text: String(decoding: bytes[Int(cell.start)..<Int(cell.end)], as: UTF8.self))
    }
  }
}

/// Cell references and the numbers of a worksheet's attributes (the rows themselves are read by
/// ``XLSXRowReader``).
enum XLSXSheetReader {
  /// The column (from 0) of a cell reference such as `AB12`.
  static func column(of reference: String) -> Int? {
    var column = 0
    var letters = 0
    for byte in reference.utf8 {
      guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { break }
      column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
      letters += 1
      if letters > 3 { return nil }
    }
    return letters == 0 ? nil : column - 1
  }

  /// The letters of column `index` (from 0).
  static func letters(of index: Int) -> String {
    var index = index + 1
    var out: [Character] = []
    while index > 0 {
      let remainder = (index - 1) % 26
      out.insert(Character(UnicodeScalar(UInt8(65 + remainder))), at: 0)
      index = (index - 1) / 26
    }
    return String(out)
  }

  /// The column (from 0) of a cell reference given as bytes (`AB12`).
  static func column(bytes text: Span<UInt8>) -> Int? {
    var column = 0
    var letters = 0
    while letters < text.count && text[letters] >= UInt8(ascii: "A") && text[letters] <= UInt8(ascii: "Z") {
      column = column * 26 + Int(text[letters] - UInt8(ascii: "A") + 1)
      letters += 1
      if letters > 3 { return nil }
    }
    return letters == 0 ? nil : column - 1
  }

  /// A non-negative decimal integer (surrounding spaces allowed).
  static func integer(_ text: Span<UInt8>) -> Int? {
    var index = 0
    while index < text.count && text[index] == UInt8(ascii: " ") { index += 1 }
    var value = 0
    var digits = 0
    while index < text.count && text[index] >= UInt8(ascii: "0") && text[index] <= UInt8(ascii: "9") {
      value = value * 10 + Int(text[index] - UInt8(ascii: "0"))
      digits += 1
      if digits > 12 { return nil }
      index += 1
    }
    while index < text.count && text[index] == UInt8(ascii: " ") { index += 1 }
    return digits > 0 && index == text.count ? value : nil
  }
}

/// Reads a worksheet part row by row (``next(into:)``), each row's cells as bytes.
///
/// libxml2 parses the part and ``XLSXRowParser`` turns its nodes into rows on a thread of its
/// own (the same reader, options and refusals); this reader takes the rows from it in blocks
/// (``XLSXRowBlock``, at most ``blocksInFlight`` waiting, memory stays flat). Only rows cross
/// between the threads, not every node: a sheet has five nodes or so per cell, and recording
/// and replaying each (as ``PipelinedXMLReader`` does for other XML) cost about a fifth of an
/// import's CPU time. An error met by the parsing thread is thrown here once the rows before it
/// have been read.
///
/// A class because it owns the parsing thread's channel; dropping it stops that thread.
final class XLSXRowReader {
  private let channel: HandOff<XLSXRowBlock>
  private var block = XLSXRowBlock()
  /// The next row of `block` and where its cells and their texts start.
  private var nextRow = 0
  private var nextCell = 0
  private var nextByte = 0

  /// Blocks parsed ahead of the reading at most. About 2 MiB in all: the reader stops for a
  /// while each time the country table sorts and hands over a batch of values, and the parse
  /// runs on meanwhile (1 MiB ahead was 20 % slower on the 20 MB benchmark sheet; BENCHMARKS.md).
  static let blocksInFlight = 8
  /// A block is handed over once its texts and cells take this many bytes (tests make it small).
  static let blockBytes = 1 << 18

  /// Reads the part `stream` inflates; `name` stands for the sheet in errors. A row whose texts
  /// hold more than `maxRowBytes` is refused.
  init(
    stream: XLSXPartStream, context: XLSXCellContext, name: String, blockBytes: Int = XLSXRowReader.blockBytes,
    maxRowBytes: Int = XLSXRowParser.maxRowBytes
  ) throws(ReadinessError) {
    let parser = XLSXRowParser(
      reader: try stream.reader(name: name), context: context, name: name, maxRowBytes: maxRowBytes)
    let channel = HandOff<XLSXRowBlock>(capacity: XLSXRowReader.blocksInFlight)
    self.channel = channel
    let thread = Thread { parser.run(into: channel, blockBytes: blockBytes) }
    thread.name = "readiness.xlsx-rows"
    thread.start()
  }

  deinit {
    channel.cancel()
  }

  /// Reads the next row that has a cell or is written as an element into `row`; `false` at the
  /// end of the sheet.
  func next(into row: inout XLSXRow) throws(ReadinessError) -> Bool {
    while nextRow >= block.rows.count {
      guard let taken = try channel.take() else { return false }
      block = taken
      nextRow = 0
      nextCell = 0
      nextByte = 0
    }
    let (number, cellsEnd) = block.rows[nextRow]
    nextByte = row.load(
      number: Int(number), cells: block.cells[nextCell..<Int(cellsEnd)], bytes: block.bytes, from: nextByte)
    nextRow += 1
    nextCell = Int(cellsEnd)
    return true
  }
}

/// Rows of a worksheet one after another, handed from the parsing thread to ``XLSXRowReader``:
/// the cells' texts one after another in one buffer, the cells of every row in one array (8
/// bytes a cell: a sheet's cells are mostly short numbers).
struct XLSXRowBlock: Sendable {
  /// A cell: its column, kind and the length of its text (which follows the cell's before it).
  struct Cell: Sendable {
    var column: UInt16
    var kind: XLSXCell.Kind
    var length: UInt32
  }
  var bytes: [UInt8] = []
  var cells: [Cell] = []
  /// Per row: its number and where its cells end in `cells`.
  var rows: [(number: Int32, cellsEnd: Int32)] = []

  init() {}

  /// An empty block with room for about `footprint` bytes of texts and cells.
  init(reserving footprint: Int) {
    bytes.reserveCapacity(footprint / 2)
    cells.reserveCapacity(footprint / 2 / MemoryLayout<Cell>.stride)
  }

  /// The bytes its texts and cells take.
  var footprint: Int { bytes.count + cells.count * MemoryLayout<Cell>.stride }

  /// Adds a copy of `row` (whose texts are shorter than ``XLSXRowParser/maxRowBytes``).
  mutating func append(_ row: XLSXRow) {
    bytes.append(contentsOf: row.bytes)
    for cell in row.cells {
      cells.append(Cell(column: UInt16(cell.column), kind: cell.kind, length: UInt32(cell.end - cell.start)))
    }
    rows.append((Int32(row.number), Int32(cells.count)))
  }
}

/// Turns a worksheet's nodes into rows on the parsing thread (``XLSXRowReader``). Element and
/// attribute names are compared by libxml2's interned ids (looked up as text once per name),
/// attribute values and text read as bytes: a shared string is copied from
/// ``XLSXSharedStrings``' buffer, a number is its text trimmed, and no string is made.
///
/// `@unchecked Sendable`: made on the caller's thread, then used by the parsing thread alone.
final class XLSXRowParser: @unchecked Sendable {  // unchecked: one thread at a time (see above)
  private let reader: XMLStreamReader
  private let context: XLSXCellContext
  private let name: String

  /// The elements and attributes of a sheet the reader acts on.
  private enum Name { case row, c, v, t, rPh, other }
  private enum Attribute { case r, t, s, other }
  /// A cell's `t` attribute.
  private enum CellType { case number, shared, text, inline, boolean, error, date }

  /// Names and attributes by libxml2's interned id (``XMLStreamReader/localNameID``; fewer than
  /// ``XMLStreamReader/maxInternedNames``), looked up as text once.
  private var names: [Name?] = []
  private var attributes: [Attribute?] = []
  private var rowNumber = 0
  private var finished = false

  /// The most text one row may hold by default, in bytes (its cells' texts, shared strings
  /// copied in: a row can be far longer than its XML). Below 2 GiB: a block's offsets are 32-bit.
  static let maxRowBytes = 256 << 20
  private let maxRowBytes: Int

  /// Parses with `reader`, which no one else uses from now on; `name` stands for the sheet in errors.
  init(reader: XMLStreamReader, context: XLSXCellContext, name: String, maxRowBytes: Int) {
    self.maxRowBytes = min(maxRowBytes, XLSXRowParser.maxRowBytes)
    self.reader = reader
    self.context = context
    self.name = name
  }

  /// Parses the sheet into blocks of rows of about `blockBytes` and hands them to `channel`
  /// until the end, an error (handed over with the rows before it), or the reader's stop.
  func run(into channel: HandOff<XLSXRowBlock>, blockBytes: Int) {
    var block = XLSXRowBlock(reserving: blockBytes)
    var row = XLSXRow()
    var failure: ReadinessError?
    do {
      while try next(into: &row) {
        block.append(row)
        if block.footprint >= blockBytes {
          guard channel.put(block) else { return }
          block = XLSXRowBlock(reserving: blockBytes)
        }
      }
    } catch {
      failure = error
    }
    if !block.rows.isEmpty { _ = channel.put(block) }
    channel.close(error: failure)
  }

  private func elementName() -> Name {
    let id = reader.localNameID
    if id >= 0, id < names.count, let known = names[id] { return known }
    let kind: Name
    switch reader.localName {
    case "row": kind = .row
    case "c": kind = .c
    case "v": kind = .v
    case "t": kind = .t
    case "rPh": kind = .rPh
    default: kind = .other
    }
    if id >= 0 {
      if id >= names.count { names += [Name?](repeating: nil, count: id + 1 - names.count) }
      names[id] = kind
    }
    return kind
  }

  private func attributeKind(_ attribute: XMLStreamReader.AttributeName) -> Attribute {
    let id = attribute.id
    if id >= 0, id < attributes.count, let known = attributes[id] { return known }
    let kind: Attribute
    switch reader.text(of: attribute) {
    case "r": kind = .r
    case "t": kind = .t
    case "s": kind = .s
    default: kind = .other
    }
    if id >= 0 {
      if id >= attributes.count { attributes += [Attribute?](repeating: nil, count: id + 1 - attributes.count) }
      attributes[id] = kind
    }
    return kind
  }

  private static func cellType(_ text: Span<UInt8>) -> CellType {
    func equals(_ literal: StaticString) -> Bool {
      let count = literal.utf8CodeUnitCount
      guard text.count == count else { return false }
      let base = literal.utf8Start
      for index in 0..<count where text[index] != base[index] { return false }
      return true
    }
    if equals("s") { return .shared }
    if equals("str") { return .text }
    if equals("inlineStr") { return .inline }
    if equals("b") { return .boolean }
    if equals("e") { return .error }
    if equals("d") { return .date }
    return .number
  }

  /// Reads the next row that has a cell or is written as an element into `row`; `false` at the
  /// end of the sheet.
  private func next(into row: inout XLSXRow) throws(ReadinessError) -> Bool {
    guard !finished else { return false }
    // The cell being read.
    var column = -1
    var type = CellType.number
    var style = 0
    var value: [UInt8] = []
    var inValue = false
    var inInlineText = false
    var inPhonetic = false
    let fileName = name
    while let node = try reader.readNode() {
      switch node {
      case .element:
        switch elementName() {
        case .row:
          var number = rowNumber + 1
          reader.forEachPlainAttribute { attribute, text in
            if attributeKind(attribute) == .r { number = XLSXSheetReader.integer(text) ?? number }
          }
          guard number > rowNumber, number <= 1_048_576 else {
            throw ReadinessError(
              .malformedInput, "row \(number) comes after row \(rowNumber) (rows must be in order)",
              at: SourceLocation(file: fileName, line: reader.line))
          }
          rowNumber = number
          row.clear(number: number)
          column = -1
          if reader.isEmptyElement { return true }
        case .c:
          let previous = column
          var next = previous + 1
          type = .number
          style = 0
          var reference = ""
          reader.forEachPlainAttribute { attribute, text in
            switch attributeKind(attribute) {
            case .r:
              if let parsed = XLSXSheetReader.column(bytes: text) {
                next = parsed
              } else {
                reference = text.string
                next = -1
              }
            case .t: type = XLSXRowParser.cellType(text)
            case .s: style = XLSXSheetReader.integer(text) ?? 0
            case .other: break
            }
          }
          guard next > previous, next < 16_384 else {
            throw ReadinessError(
              .malformedInput,
              "cell \(reference.isEmpty ? XLSXSheetReader.letters(of: max(next, 0)) : reference) is out of order or beyond column XFD",
              at: SourceLocation(file: fileName, line: rowNumber))
          }
          column = next
          value.removeAll(keepingCapacity: true)
        case .v: inValue = !reader.isEmptyElement
        case .t: inInlineText = !reader.isEmptyElement && type == .inline
        case .rPh: inPhonetic = !reader.isEmptyElement
        case .other: break
        }
      case .text, .cdata, .significantWhitespace, .whitespace:
        if inValue || (inInlineText && !inPhonetic) {
          reader.withValueBytes { bytes in value.append(contentsOf: bytes) }
        }
      case .endElement:
        switch elementName() {
        case .v: inValue = false
        case .t: inInlineText = false
        case .rPh: inPhonetic = false
        case .c:
          try addCell(to: &row, column: column, type: type, style: style, raw: value)
          guard row.bytes.count <= maxRowBytes else {
            throw ReadinessError(
              .limitExceeded,
              "row \(rowNumber) holds more than \(maxRowBytes % (1 << 20) == 0 ? "\(maxRowBytes >> 20) MiB" : "\(maxRowBytes) bytes") of text; refused",
              at: SourceLocation(file: fileName, line: rowNumber))
          }
        case .row: return true
        case .other: break
        }
      default: break
      }
    }
    finished = true
    return false
  }

  /// The bytes of `raw` without leading and trailing spaces and tabs.
  private static func trimmed(_ raw: [UInt8]) -> ArraySlice<UInt8> {
    var start = 0
    var end = raw.count
    while start < end, raw[start] == 0x20 || raw[start] == 0x09 { start += 1 }
    while end > start, raw[end - 1] == 0x20 || raw[end - 1] == 0x09 { end -= 1 }
    return raw[start..<end]
  }

  /// Adds a cell to the row as ``XLSXCell`` describes it; an empty cell adds nothing.
  private func addCell(
    to row: inout XLSXRow, column: Int, type: CellType, style: Int, raw: [UInt8]
  ) throws(ReadinessError) {
    switch type {
    case .shared:
      guard !raw.isEmpty else { return }
      let digits = XLSXRowParser.trimmed(raw)
      var index = 0
      var valid = !digits.isEmpty && digits.count <= 12
      for byte in digits where valid {
        if byte >= 0x30 && byte <= 0x39 { index = index * 10 + Int(byte - 0x30) } else { valid = false }
      }
      if !valid, let parsed = Int(String(decoding: digits, as: UTF8.self)), parsed >= 0 {
        (index, valid) = (parsed, true)
      }
      guard valid, index < context.sharedStrings.count else {
        throw ReadinessError(
          .malformedInput,
          "cell \(XLSXSheetReader.letters(of: column)) refers to shared string \(String(decoding: raw, as: UTF8.self)), which does not exist",
          at: SourceLocation(file: name, line: rowNumber))
      }
      let range = context.sharedStrings.range(index)
      guard !range.isEmpty else { return }
      row.append(column: column, kind: .text) { $0.append(contentsOf: context.sharedStrings.bytes[range]) }
    case .text, .inline:
      guard !raw.isEmpty else { return }
      row.append(column: column, kind: .text) { $0.append(contentsOf: raw) }
    case .boolean:
      guard !raw.isEmpty else { return }
      let text = XLSXRowParser.trimmed(raw).elementsEqual([0x31]) ? "TRUE" : "FALSE"
      row.append(column: column, kind: .boolean) { $0.append(contentsOf: text.utf8) }
    case .error:
      row.append(column: column, kind: .error) { $0.append(contentsOf: raw) }
    case .date:
      guard !raw.isEmpty else { return }
      row.append(column: column, kind: .date) { $0.append(contentsOf: raw) }
    case .number:
      let text = XLSXRowParser.trimmed(raw)
      guard !text.isEmpty else { return }
      if style < context.dateStyles.count, context.dateStyles[style],
        let serial = Double(String(decoding: text, as: UTF8.self)), let date = context.isoDate(serial: serial)
      {
        row.append(column: column, kind: .date) { $0.append(contentsOf: date.utf8) }
        return
      }
      row.append(column: column, kind: .number) { $0.append(contentsOf: text) }
    }
  }
}

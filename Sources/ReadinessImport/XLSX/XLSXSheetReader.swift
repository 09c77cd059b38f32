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
  /// Per cell, in column order: its column, kind and text (`start..<end` in `bytes`).
  private(set) var cells: [(column: Int32, kind: XLSXCell.Kind, start: Int32, end: Int32)] = []
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
/// libxml2 parses the part on a thread of its own (``PipelinedXMLReader``: the same reader,
/// options and refusals) while this one turns its nodes into rows. Element and attribute names
/// are compared by libxml2's interned ids (looked up as text once per name), attribute values
/// and text read as bytes: a shared string is copied from ``XLSXSharedStrings``' buffer, a
/// number is its text trimmed, and no string is made.
final class XLSXRowReader {
  private let reader: PipelinedXMLReader
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

  /// Reads the part `stream` inflates; `name` stands for the sheet in errors.
  init(stream: XLSXPartStream, context: XLSXCellContext, name: String) throws {
    reader = PipelinedXMLReader(live: try stream.reader(name: name))
    self.context = context
    self.name = name
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
  func next(into row: inout XLSXRow) throws -> Bool {
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
            case .t: type = XLSXRowReader.cellType(text)
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
        case .c: try addCell(to: &row, column: column, type: type, style: style, raw: value)
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
      let digits = XLSXRowReader.trimmed(raw)
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
      let text = XLSXRowReader.trimmed(raw).elementsEqual([0x31]) ? "TRUE" : "FALSE"
      row.append(column: column, kind: .boolean) { $0.append(contentsOf: text.utf8) }
    case .error:
      row.append(column: column, kind: .error) { $0.append(contentsOf: raw) }
    case .date:
      guard !raw.isEmpty else { return }
      row.append(column: column, kind: .date) { $0.append(contentsOf: raw) }
    case .number:
      let text = XLSXRowReader.trimmed(raw)
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

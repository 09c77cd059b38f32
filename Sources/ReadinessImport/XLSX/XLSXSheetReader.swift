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

/// The parts of a workbook that cells refer to: shared strings and which styles are dates.
struct XLSXCellContext: Sendable {
  var sharedStrings: [String] = []
  /// For each cell style (`s`), whether its number format shows a date.
  var dateStyles: [Bool] = []
  /// Whether serial dates count from 1904 (`workbookPr date1904`).
  var date1904 = false

  /// Reads the shared strings, styles and date system of `archive`.
  init(archive: XLSXArchive) throws(ReadinessError) {
    if archive.has("xl/sharedStrings.xml") {
      var strings: [String] = []
      var current = ""
      var inPhonetic = false
      var inText = false
      var total = 0
      let bytes = try archive.data("xl/sharedStrings.xml", limit: archive.limits.maximumSharedStringBytes)
      let reader = try XMLStreamReader(bytes: bytes, name: "\(archive.file) (xl/sharedStrings.xml)")
      while let type = try reader.readNode() {
        switch type {
        case .element:
          switch reader.localName {
          case "si":
            current = ""
            if reader.isEmptyElement { strings.append("") }
          case "rPh": inPhonetic = !reader.isEmptyElement
          case "t": inText = !reader.isEmptyElement
          default: break
          }
        case .endElement:
          switch reader.localName {
          case "si":
            total += current.utf8.count
            strings.append(current)
          case "rPh": inPhonetic = false
          case "t": inText = false
          default: break
          }
        case .text, .cdata, .significantWhitespace, .whitespace:
          if inText && !inPhonetic, let value = reader.value { current += value }
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
        if (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id) { return true }
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
    return lower.contains("y") || lower.contains("d") || lower.contains("h") || lower.contains("s") && lower.contains(":")
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

/// Streams the rows of a worksheet part (inflated into a file) with libxml2's reader.
struct XLSXSheetReader {
  let context: XLSXCellContext
  let name: String

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

  /// Calls `body` with each row that has a cell: its number (from 1) and its cells in column order.
  func forEachRow(path: String, _ body: (Int, [XLSXCell]) throws -> Void) throws {
    let reader = try XMLStreamReader(path: path)
    var rowNumber = 0
    var cells: [XLSXCell] = []
    var inRow = false
    // The cell being read.
    var column = -1
    var type = "n"
    var style = 0
    var value = ""
    var inValue = false
    var inInlineText = false
    var inPhonetic = false
    func location() -> SourceLocation { SourceLocation(file: name, line: rowNumber) }
    while let node = try reader.readNode() {
      switch node {
      case .element:
        switch reader.localName {
        case "row":
          let number = reader.attribute("r").flatMap(Int.init) ?? rowNumber + 1
          guard number > rowNumber, number <= 1_048_576 else {
            throw ReadinessError(
              .malformedInput, "row \(number) comes after row \(rowNumber) (rows must be in order)",
              at: SourceLocation(file: name, line: reader.line))
          }
          rowNumber = number
          cells.removeAll(keepingCapacity: true)
          column = -1
          inRow = !reader.isEmptyElement
          if !inRow { try body(rowNumber, []) }
        case "c":
          let previous = column
          column = reader.attribute("r").flatMap(XLSXSheetReader.column(of:)) ?? previous + 1
          guard column > previous, column < 16_384 else {
            throw ReadinessError(
              .malformedInput, "cell \(reader.attribute("r") ?? "?") is out of order or beyond column XFD",
              at: location())
          }
          type = reader.attribute("t") ?? "n"
          style = reader.attribute("s").flatMap(Int.init) ?? 0
          value = ""
          if reader.isEmptyElement { column = max(column, previous) }
        case "v": inValue = !reader.isEmptyElement
        case "t": inInlineText = !reader.isEmptyElement && type == "inlineStr"
        case "rPh": inPhonetic = !reader.isEmptyElement
        default: break
        }
      case .text, .cdata, .significantWhitespace, .whitespace:
        if inValue || (inInlineText && !inPhonetic), let text = reader.value { value += text }
      case .endElement:
        switch reader.localName {
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": inPhonetic = false
        case "c":
          if let cell = try cell(column: column, type: type, style: style, raw: value, at: location()) {
            cells.append(cell)
          }
        case "row":
          inRow = false
          try body(rowNumber, cells)
        default: break
        }
      default: break
      }
    }
    _ = inRow
  }

  private func cell(column: Int, type: String, style: Int, raw: String, at location: SourceLocation) throws(ReadinessError)
    -> XLSXCell?
  {
    switch type {
    case "s":
      guard !raw.isEmpty else { return nil }
      guard let index = Int(raw.trimmingSpaces()), index >= 0, index < context.sharedStrings.count else {
        throw ReadinessError(
          .malformedInput, "cell \(XLSXSheetReader.letters(of: column)) refers to shared string \(raw), which does not exist",
          at: location)
      }
      let text = context.sharedStrings[index]
      return text.isEmpty ? nil : XLSXCell(column: column, kind: .text, text: text)
    case "str", "inlineStr":
      return raw.isEmpty ? nil : XLSXCell(column: column, kind: .text, text: raw)
    case "b":
      return raw.isEmpty ? nil : XLSXCell(column: column, kind: .boolean, text: raw.trimmingSpaces() == "1" ? "TRUE" : "FALSE")
    case "e":
      return XLSXCell(column: column, kind: .error, text: raw)
    case "d":
      return raw.isEmpty ? nil : XLSXCell(column: column, kind: .date, text: raw)
    default:
      let text = raw.trimmingSpaces()
      guard !text.isEmpty else { return nil }
      if style < context.dateStyles.count, context.dateStyles[style], let serial = Double(text),
        let date = context.isoDate(serial: serial)
      {
        return XLSXCell(column: column, kind: .date, text: date)
      }
      return XLSXCell(column: column, kind: .number, text: text)
    }
  }
}

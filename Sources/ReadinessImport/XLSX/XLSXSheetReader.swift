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

  /// The elements and attributes of a sheet the reader acts on.
  private enum Name { case row, c, v, t, rPh, other }
  private enum Attribute { case r, t, s, other }

  /// Calls `body` with each row that has a cell: its number (from 1) and its cells in column order.
  ///
  /// Element and attribute names are compared by libxml2's interned ids (looked up as text once
  /// per name), attribute values and text read as bytes: only a cell's text is made a string.
  func forEachRow(path: String, _ body: (Int, [XLSXCell]) throws -> Void) throws {
    let reader = try XMLStreamReader(path: path)
    var names: [Int: Name] = [:]
    var attributes: [Int: Attribute] = [:]
    func name() -> Name {
      let id = reader.localNameID
      if id >= 0, let known = names[id] { return known }
      let kind: Name
      switch reader.localName {
      case "row": kind = .row
      case "c": kind = .c
      case "v": kind = .v
      case "t": kind = .t
      case "rPh": kind = .rPh
      default: kind = .other
      }
      if id >= 0 { names[id] = kind }
      return kind
    }
    var rowNumber = 0
    var cells: [XLSXCell] = []
    // The cell being read.
    var column = -1
    var type: [UInt8] = []
    var style = 0
    var value: [UInt8] = []
    var inValue = false
    var inInlineText = false
    var inPhonetic = false
    let fileName = self.name
    func location() -> SourceLocation { SourceLocation(file: fileName, line: rowNumber) }
    while let node = try reader.readNode() {
      switch node {
      case .element:
        switch name() {
        case .row:
          var number = rowNumber + 1
          reader.forEachPlainAttribute { attribute, text in
            let kind =
              attributes[attribute.id]
              ?? {
                let kind: Attribute = reader.text(of: attribute) == "r" ? .r : .other
                if attribute.id >= 0 { attributes[attribute.id] = kind }
                return kind
              }()
            if kind == .r { number = XLSXSheetReader.integer(text) ?? number }
          }
          guard number > rowNumber, number <= 1_048_576 else {
            throw ReadinessError(
              .malformedInput, "row \(number) comes after row \(rowNumber) (rows must be in order)",
              at: SourceLocation(file: fileName, line: reader.line))
          }
          rowNumber = number
          cells.removeAll(keepingCapacity: true)
          column = -1
          if reader.isEmptyElement { try body(rowNumber, []) }
        case .c:
          let previous = column
          var next = previous + 1
          type.removeAll(keepingCapacity: true)
          style = 0
          var reference = ""
          reader.forEachPlainAttribute { attribute, text in
            let kind =
              attributes[attribute.id]
              ?? {
                let kind: Attribute
                switch reader.text(of: attribute) {
                case "r": kind = .r
                case "t": kind = .t
                case "s": kind = .s
                default: kind = .other
                }
                if attribute.id >= 0 { attributes[attribute.id] = kind }
                return kind
              }()
            switch kind {
            case .r:
              if let parsed = XLSXSheetReader.column(bytes: text) {
                next = parsed
              } else {
                reference = String(cString: text)
                next = -1
              }
            case .t:
              var pointer = text
              while pointer.pointee != 0 {
                type.append(pointer.pointee)
                pointer += 1
              }
            case .s: style = XLSXSheetReader.integer(text) ?? 0
            case .other: break
            }
          }
          guard next > previous, next < 16_384 else {
            throw ReadinessError(
              .malformedInput,
              "cell \(reference.isEmpty ? XLSXSheetReader.letters(of: max(next, 0)) : reference) is out of order or beyond column XFD",
              at: location())
          }
          column = next
          value.removeAll(keepingCapacity: true)
        case .v: inValue = !reader.isEmptyElement
        case .t: inInlineText = !reader.isEmptyElement && type == Array("inlineStr".utf8)
        case .rPh: inPhonetic = !reader.isEmptyElement
        case .other: break
        }
      case .text, .cdata, .significantWhitespace, .whitespace:
        if inValue || (inInlineText && !inPhonetic) {
          reader.withValueBytes { bytes in value.append(contentsOf: bytes) }
        }
      case .endElement:
        switch name() {
        case .v: inValue = false
        case .t: inInlineText = false
        case .rPh: inPhonetic = false
        case .c:
          if let cell = try cell(column: column, type: type, style: style, raw: value, at: location()) {
            cells.append(cell)
          }
        case .row: try body(rowNumber, cells)
        case .other: break
        }
      default: break
      }
    }
  }

  /// The column (from 0) of a cell reference given as a C string (`AB12`).
  static func column(bytes text: UnsafePointer<UInt8>) -> Int? {
    var column = 0
    var letters = 0
    var pointer = text
    while pointer.pointee >= UInt8(ascii: "A") && pointer.pointee <= UInt8(ascii: "Z") {
      column = column * 26 + Int(pointer.pointee - UInt8(ascii: "A") + 1)
      letters += 1
      if letters > 3 { return nil }
      pointer += 1
    }
    return letters == 0 ? nil : column - 1
  }

  /// A non-negative decimal integer given as a C string (surrounding spaces allowed).
  static func integer(_ text: UnsafePointer<UInt8>) -> Int? {
    var pointer = text
    while pointer.pointee == UInt8(ascii: " ") { pointer += 1 }
    var value = 0
    var digits = 0
    while pointer.pointee >= UInt8(ascii: "0") && pointer.pointee <= UInt8(ascii: "9") {
      value = value * 10 + Int(pointer.pointee - UInt8(ascii: "0"))
      digits += 1
      if digits > 12 { return nil }
      pointer += 1
    }
    while pointer.pointee == UInt8(ascii: " ") { pointer += 1 }
    return digits > 0 && pointer.pointee == 0 ? value : nil
  }

  private func cell(
    column: Int, type typeBytes: [UInt8], style: Int, raw rawBytes: [UInt8], at location: SourceLocation
  )
    throws(ReadinessError) -> XLSXCell?
  {
    let type = typeBytes.isEmpty ? "n" : String(decoding: typeBytes, as: UTF8.self)
    let raw = String(decoding: rawBytes, as: UTF8.self)
    switch type {
    case "s":
      guard !raw.isEmpty else { return nil }
      guard let index = Int(raw.trimmingSpaces()), index >= 0, index < context.sharedStrings.count else {
        throw ReadinessError(
          .malformedInput,
          "cell \(XLSXSheetReader.letters(of: column)) refers to shared string \(raw), which does not exist",
          at: location)
      }
      let text = context.sharedStrings[index]
      return text.isEmpty ? nil : XLSXCell(column: column, kind: .text, text: text)
    case "str", "inlineStr":
      return raw.isEmpty ? nil : XLSXCell(column: column, kind: .text, text: raw)
    case "b":
      return raw.isEmpty
        ? nil : XLSXCell(column: column, kind: .boolean, text: raw.trimmingSpaces() == "1" ? "TRUE" : "FALSE")
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

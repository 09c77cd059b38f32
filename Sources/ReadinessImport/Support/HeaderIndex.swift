import ReadinessCore

/// Finds columns in a CSV header by name, case- and space-insensitively.
struct HeaderIndex {
  let names: [String]
  private let index: [String: Int]

  init(_ record: CSVRecord) {
    names = record.fields
    var index: [String: Int] = [:]
    for (position, name) in record.fields.enumerated() {
      let key = HeaderIndex.key(name)
      if index[key] == nil { index[key] = position }
    }
    self.index = index
  }

  static func key(_ name: String) -> String {
    name.trimmingSpaces().lowercased()
  }

  /// The position of the first of `aliases` present.
  func find(_ aliases: String...) -> Int? {
    find(aliases)
  }

  func find(_ aliases: [String]) -> Int? {
    for alias in aliases {
      if let position = index[HeaderIndex.key(alias)] { return position }
    }
    return nil
  }
}

/// Reads a numeric cell strictly: a missing marker gives `nil`, anything else that is not a
/// number is an error at the cell's line and column.
func numericCell(
  _ record: CSVRecord, _ index: Int, file: String, what: @autoclosure () -> String
) throws -> Double? {
  guard let raw = record[safe: index] else { return nil }
  return try numericText(
    raw, what: what(), at: SourceLocation(file: file, line: record.line, column: record.column(of: index)))
}

/// ``numericCell(_:_:file:what:)`` on a row read as bytes: a plain number is parsed from its
/// bytes (`exact`: the cell's text reads as exactly the value), anything else (missing markers,
/// thousands separators, errors) goes the same way as text.
func numericCell(
  _ row: CSVRow, _ index: Int, file: String, what: @autoclosure () -> String
) throws -> (value: Double, exact: Bool)? {
  enum Cell {
    case empty
    case number(Double)
    case text
  }
  let cell = row.withBytes(at: index) { bytes -> Cell in
    if bytes.isEmpty { return .empty }
    if let value = parseFastPlainNumber(bytes) { return .number(value) }
    return .text
  }
  switch cell {
  case nil, .empty?: return nil
  case .number(let value)?: return (value, true)
  case .text?:
    let value = try numericText(
      row.string(at: index) ?? "", what: what(),
      at: SourceLocation(file: file, line: row.line, column: row.column(of: index)))
    return value.map { ($0, false) }
  }
}

func numericText(
  _ raw: String, what: @autoclosure () -> String, at location: @autoclosure () -> SourceLocation
) throws -> Double? {
  if raw.isEmpty { return nil }
  if let value = parsePlainNumber(raw) { return value }
  if isMissingMarker(raw) { return nil }
  if let value = parseStatisticalNumber(raw) { return value }
  throw ReadinessError(
    .unexpectedContent, "\(describeRefusedNumber(raw)) (expected a number or a missing marker for \(what()))",
    at: location())
}

/// Turns `YYYY-MM-DD`, `MM/DD/YYYY` (DataBank) or `DD/MM/YYYY` (European Excel) into an ISO
/// date where that is unambiguous. Returns the ISO text (or the input kept as is) and a
/// warning when the day and month could be swapped.
func normaliseDate(_ raw: String, usOrder: Bool) -> (String, String?) {
  let text = raw.trimmingSpaces()
  let parts = text.split(separator: "/")
  if parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let year = Int(parts[2]), year > 1900 {
    func iso(_ month: Int, _ day: Int) -> String {
      String(format4: year) + "-" + String(pad2: month) + "-" + String(pad2: day)
    }
    let inRange = (1...31).contains(a) && (1...31).contains(b)
    guard inRange, a <= 12 || b <= 12 else {
      return (text, "the date \"\(text)\" is not a valid date; kept as written")
    }
    if usOrder, a <= 12 { return (iso(a, b), nil) }
    if a == b { return (iso(a, b), nil) }
    if a > 12, b <= 12 { return (iso(b, a), nil) }
    if b > 12, a <= 12 { return (iso(a, b), nil) }
    return (
      text,
      "the date \"\(text)\" could be day/month or month/day (a file re-saved by a spreadsheet?); kept as written"
    )
  }
  return (text, nil)
}

extension String {
  init(pad2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
  init(format4 value: Int) { self = "\(value)" }
}

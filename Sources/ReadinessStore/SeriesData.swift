import ReadinessCore

/// The `data` column of a `series` row: the series' values as a JSON array, one element per
/// observation, in file order. An element is `[period, value, position, status, note]`, with
/// trailing nulls left out:
///
/// - `["2019",85.5,12]`: the value read on line 12 (`line 12`), no status, no note;
/// - `["2019-03",1.2345,[456,12],"A","DECIMALS=4"]`: the 12th observation under the series
///   element (`<path>/Obs[12] (line 456)`, the path stored once in the row), its status and note;
/// - `["2019",3,"$[0][3]",null,"estimate"]`: any other position, as text.
///
/// JSON keeps the workspace readable with plain SQL (`json_each`; the `observations` view does
/// it). Values are written with Swift's shortest round-trip form (or, for a row's cell handed
/// over with the decimal it was read from, that text where it is a plain JSON number of the same
/// kind: `85.10` as published) and read back with `Double(_:)`, so every value is stored exactly.
enum SeriesData {
  /// Builds one row's array.
  struct Encoder {
    private(set) var count = 0
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    private init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// A row's elements made ahead of the series row they go in: their JSON one after another,
    /// separated by commas, and where each ends.
    struct Elements: Sendable {
      var bytes: [UInt8]
      var ends: [Int32]
      var count: Int { ends.count }
    }

    /// `text` as a JSON string, quotes included: what ``append(period:value:status:note:position:)``
    /// writes for a period.
    static func jsonString(_ text: String) -> [UInt8] {
      var encoder = Encoder(capacity: text.utf8.count + 2)
      encoder.appendString(text)
      return encoder.bytes
    }

    /// The elements of a row's cells, each exactly as
    /// ``append(period:value:status:note:position:)`` writes the observation the cell stands for
    /// (see ``ObservationRow/observations``), with the JSON text (``jsonString(_:)``) of the periods
    /// and statuses given by index and of the row's note given once; `line` is the row's line, or
    /// `nil` for a row of element positions.
    ///
    /// A cell's text (in `text`) is written as it is when it is a JSON number of the same kind as
    /// the one written otherwise (see ``isWrittenAsIs(_:value:)``); it reads back as the same value
    /// (the cell's contract), so only its spelling differs (`85.10` kept as published).
    static func elements(
      of cells: UnsafeBufferPointer<ObservationRow.Cell>, periods: UnsafeBufferPointer<[UInt8]>,
      statuses: UnsafeBufferPointer<[UInt8]>, note: [UInt8]?, line: Int?, text: UnsafeBufferPointer<UInt8>
    ) -> Elements {
      var encoder = Encoder(capacity: cells.count * 32)
      var ends: [Int32] = []
      ends.reserveCapacity(cells.count)
      let lineDigits = line.map(Encoder.digits)
      for cell in cells {
        if !ends.isEmpty { encoder.bytes.append(UInt8(ascii: ",")) }
        encoder.appendElement(cell, periods: periods, statuses: statuses, note: note, lineDigits: lineDigits, text: text)
        ends.append(Int32(truncatingIfNeeded: encoder.bytes.count))
      }
      return Elements(bytes: encoder.bytes, ends: ends)
    }

    /// Appends the elements of a row's cells (as ``elements(of:periods:statuses:note:line:text:)``
    /// makes them) straight into this array.
    mutating func append(
      _ cells: UnsafeBufferPointer<ObservationRow.Cell>, periods: UnsafeBufferPointer<[UInt8]>,
      statuses: UnsafeBufferPointer<[UInt8]>, note: [UInt8]?, line: Int?, text: UnsafeBufferPointer<UInt8>
    ) {
      let lineDigits = line.map(Encoder.digits)
      for cell in cells {
        bytes.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
        appendElement(cell, periods: periods, statuses: statuses, note: note, lineDigits: lineDigits, text: text)
        count += 1
      }
    }

    /// A line number's digits.
    private static func digits(_ line: Int) -> [UInt8] {
      var encoder = Encoder(capacity: 24)
      encoder.appendInteger(line)
      return encoder.bytes
    }

    /// One cell's element, `[period,value,position…]`.
    @inline(__always)
    private mutating func appendElement(
      _ cell: ObservationRow.Cell, periods: UnsafeBufferPointer<[UInt8]>, statuses: UnsafeBufferPointer<[UInt8]>,
      note: [UInt8]?, lineDigits: [UInt8]?, text: UnsafeBufferPointer<UInt8>
    ) {
      bytes.append(UInt8(ascii: "["))
      bytes.append(contentsOf: periods[Int(cell.period)])
      bytes.append(UInt8(ascii: ","))
      let given = UnsafeBufferPointer(rebasing: text[Int(cell.textStart)..<Int(cell.textEnd)])
      if !given.isEmpty, Encoder.isWrittenAsIs(given, value: cell.value) {
        bytes.append(contentsOf: given)
      } else {
        appendNumber(cell.value)
      }
      bytes.append(UInt8(ascii: ","))
      if let lineDigits {
        bytes.append(contentsOf: lineDigits)
      } else {
        bytes.append(UInt8(ascii: "["))
        appendInteger(cell.line)
        bytes.append(UInt8(ascii: ","))
        appendInteger(cell.index)
        bytes.append(UInt8(ascii: "]"))
      }
      if cell.status >= 0 || note != nil {
        bytes.append(UInt8(ascii: ","))
        if cell.status >= 0 { bytes.append(contentsOf: statuses[Int(cell.status)]) } else { appendNull() }
        if let note {
          bytes.append(UInt8(ascii: ","))
          bytes.append(contentsOf: note)
        }
      }
      bytes.append(UInt8(ascii: "]"))
    }

    /// Appends elements made by ``elements(of:periods:statuses:note:line:text:)``: those in
    /// `range` (by index), all of them by default.
    mutating func append(_ elements: Elements, range: Range<Int>? = nil) {
      let range = range ?? 0..<elements.count
      guard !range.isEmpty else { return }
      // After the comma that ends the element before.
      let start = range.lowerBound == 0 ? 0 : Int(elements.ends[range.lowerBound - 1]) + 1
      let end = Int(elements.ends[range.upperBound - 1])
      bytes.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      elements.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
      count += range.count
    }

    mutating func append(
      period: String, value: Double, status: String?, note: String?, position: Observation.Position
    ) {
      bytes.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      bytes.append(UInt8(ascii: "["))
      appendString(period)
      bytes.append(UInt8(ascii: ","))
      appendNumber(value)
      bytes.append(UInt8(ascii: ","))
      switch position {
      case .line(let line):
        appendInteger(line)
      case .element(_, let index, let line):
        bytes.append(UInt8(ascii: "["))
        appendInteger(line)
        bytes.append(UInt8(ascii: ","))
        appendInteger(index)
        bytes.append(UInt8(ascii: "]"))
      case .text(let text):
        appendString(text)
      }
      if status != nil || note != nil {
        bytes.append(UInt8(ascii: ","))
        if let status { appendString(status) } else { appendNull() }
        if let note {
          bytes.append(UInt8(ascii: ","))
          appendString(note)
        }
      }
      bytes.append(UInt8(ascii: "]"))
      count += 1
    }

    /// Whether a value's published `text` may be stored as it is: a JSON number (`-?(0|[1-9]\d*)`
    /// then optionally `.` and digits, no exponent) that SQLite types as ``appendNumber(_:)``'s
    /// output would be typed: digits alone for a whole value below 10^15 (an INTEGER), digits with
    /// a point for a fractional value (a REAL). Zero (`-0.0`) and anything else are written anew.
    static func isWrittenAsIs(_ text: UnsafeBufferPointer<UInt8>, value: Double) -> Bool {
      guard value != 0 else { return false }
      let count = text.count
      var index = 0
      if text[0] == UInt8(ascii: "-") { index = 1 }
      func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
      guard index < count, isDigit(text[index]) else { return false }
      if text[index] == UInt8(ascii: "0") {
        index += 1
      } else {
        while index < count, isDigit(text[index]) { index += 1 }
      }
      if index == count { return abs(value) < 1e15 }
      guard text[index] == UInt8(ascii: "."), index + 1 < count else { return false }
      index += 1
      while index < count, isDigit(text[index]) { index += 1 }
      return index == count && value != value.rounded()
    }

    /// Closes the array and hands its bytes to `body`.
    mutating func finish<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
      bytes.append(UInt8(ascii: "]"))
      return bytes.withUnsafeBufferPointer(body)
    }

    mutating func reset() {
      bytes.removeAll(keepingCapacity: true)
      count = 0
    }

    private mutating func appendNull() {
      bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    private mutating func appendNumber(_ value: Double) {
      // Importers only produce finite values; JSON has no spelling for the others.
      precondition(value.isFinite, "a stored value must be finite")
      if value == value.rounded(), abs(value) < 1e15 {
        appendInteger(Int(value))
        if value == 0, value.sign == .minus {
          // Keep -0.0 as published.
          bytes.removeLast()
          bytes.append(contentsOf: Array("-0.0".utf8))
        }
        return
      }
      if appendShortDecimal(value) { return }
      bytes.append(contentsOf: value.description.utf8)
    }

    private static let powersOfTen: [Double] = [
      1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
      1e20, 1e21, 1e22,
    ]

    /// Writes `value` as `m / 10^k` (`12.3456`) when `Double(m) / 10^k == value` for the largest
    /// k ≤ 22 that keeps `m` below 2^53 (trailing zeros then dropped). Both operands are exact and
    /// the division is correctly rounded, which is exactly how a correctly rounded parser reads
    /// that decimal text: it comes back as the same bits. Most published values take this path,
    /// which costs a few multiplications instead of a shortest-digits search.
    private mutating func appendShortDecimal(_ value: Double) -> Bool {
      let magnitude = abs(value)
      guard magnitude < 1e15, magnitude > 0 else { return false }
      let powers = SeriesData.Encoder.powersOfTen
      let limit = 9_007_199_254_740_992.0  // 2^53
      var k = 0
      while k < powers.count - 1, magnitude * powers[k + 1] < limit { k += 1 }
      guard k > 0 else { return false }
      let scaled = (magnitude * powers[k]).rounded()
      guard scaled < limit, scaled / powers[k] == magnitude else { return false }
      var m = UInt64(scaled)
      while k > 0, m % 10 == 0 {
        m /= 10
        k -= 1
      }
      appendDigits(m, negative: value < 0, fractionDigits: k)
      return true
    }

    private mutating func appendInteger(_ value: Int) {
      appendDigits(UInt64(value.magnitude), negative: value < 0)
    }

    /// Appends `magnitude / 10^fractionDigits` in decimal (`-` first when `negative`): the
    /// integer part, then exactly `fractionDigits` digits after a point, zero-padded. Built in a
    /// buffer on the stack and appended at once (a byte at a time, the checks of each append cost
    /// more than the digits).
    private mutating func appendDigits(_ magnitude: UInt64, negative: Bool, fractionDigits: Int = 0) {
      precondition(fractionDigits <= 22, "at most 22 fraction digits")
      // 20 digits of a UInt64, 22 fraction digits, a point and a sign fit in 48 bytes.
      var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
      withUnsafeMutableBytes(of: &buffer) { raw in
        var index = raw.count
        var rest = magnitude
        if fractionDigits > 0 {
          for _ in 0..<fractionDigits {
            index -= 1
            raw[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
          }
          index -= 1
          raw[index] = UInt8(ascii: ".")
        }
        repeat {
          index -= 1
          raw[index] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        } while rest > 0
        if negative {
          index -= 1
          raw[index] = UInt8(ascii: "-")
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[index...]))
      }
    }

    private mutating func appendString(_ text: String) {
      bytes.append(UInt8(ascii: "\""))
      // Most text needs no escape: copy it whole.
      let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
        guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
          return false
        }
        bytes.append(contentsOf: utf8)
        return true
      }
      if copied == true {
        bytes.append(UInt8(ascii: "\""))
        return
      }
      for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0..<0x20:
          let hex = Array("0123456789abcdef".utf8)
          bytes.append(contentsOf: Array("\\u00".utf8))
          bytes.append(hex[Int(byte >> 4)])
          bytes.append(hex[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
      }
      bytes.append(UInt8(ascii: "\""))
    }
  }

  /// One decoded element.
  struct Element: Equatable {
    var period: String
    var value: Double
    var status: String?
    var note: String?
    var position: Observation.Position
  }

  struct CorruptData: Error {
    var offset: Int
    var expected: String
  }

  /// Reads a row's array back; `path` is the row's `path` column.
  static func decode(_ text: [UInt8], path: String?) throws(CorruptData) -> [Element] {
    var parser = Parser(bytes: text)
    var elements: [Element] = []
    try parser.expect(UInt8(ascii: "["), "[")
    if try parser.peek() == UInt8(ascii: "]") {
      parser.index += 1
      try parser.end()
      return []
    }
    while true {
      try parser.expect(UInt8(ascii: "["), "an element [")
      let period = try parser.string()
      try parser.expect(UInt8(ascii: ","), ",")
      let value = try parser.number()
      try parser.expect(UInt8(ascii: ","), ",")
      let position: Observation.Position
      switch try parser.peek() {
      case UInt8(ascii: "\""):
        position = .text(try parser.string())
      case UInt8(ascii: "["):
        parser.index += 1
        let line = try parser.integer()
        try parser.expect(UInt8(ascii: ","), ",")
        let index = try parser.integer()
        try parser.expect(UInt8(ascii: "]"), "]")
        position = .element(path: path ?? "", index: index, line: line)
      default:
        position = .line(try parser.integer())
      }
      var status: String?
      var note: String?
      if try parser.peek() == UInt8(ascii: ",") {
        parser.index += 1
        status = try parser.optionalString()
        if try parser.peek() == UInt8(ascii: ",") {
          parser.index += 1
          note = try parser.optionalString()
        }
      }
      try parser.expect(UInt8(ascii: "]"), "]")
      elements.append(Element(period: period, value: value, status: status, note: note, position: position))
      let next = try parser.peek()
      parser.index += 1
      if next == UInt8(ascii: "]") { break }
      guard next == UInt8(ascii: ",") else { throw CorruptData(offset: parser.index - 1, expected: ", or ]") }
    }
    try parser.end()
    return elements
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    func peek() throws(CorruptData) -> UInt8 {
      guard index < bytes.count else { throw CorruptData(offset: index, expected: "more data") }
      return bytes[index]
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(CorruptData) {
      guard index < bytes.count, bytes[index] == byte else { throw CorruptData(offset: index, expected: what) }
      index += 1
    }

    func end() throws(CorruptData) {
      guard index == bytes.count else { throw CorruptData(offset: index, expected: "the end of the array") }
    }

    mutating func optionalString() throws(CorruptData) -> String? {
      if try peek() == UInt8(ascii: "n") {
        guard bytes[index...].starts(with: Array("null".utf8)) else { throw CorruptData(offset: index, expected: "null") }
        index += 4
        return nil
      }
      return try string()
    }

    mutating func string() throws(CorruptData) -> String {
      try expect(UInt8(ascii: "\""), "a string")
      var out: [UInt8] = []
      while true {
        let byte = try peek()
        index += 1
        switch byte {
        case UInt8(ascii: "\""):
          return String(decoding: out, as: UTF8.self)
        case UInt8(ascii: "\\"):
          let escaped = try peek()
          index += 1
          switch escaped {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
              // A surrogate pair (only from writers other than ours).
              try expect(UInt8(ascii: "\\"), "a low surrogate")
              try expect(UInt8(ascii: "u"), "a low surrogate")
              let low = try hex4()
              guard (0xDC00..<0xE000).contains(low) else { throw CorruptData(offset: index, expected: "a low surrogate") }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw CorruptData(offset: index, expected: "a scalar value") }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
          default:
            throw CorruptData(offset: index - 1, expected: "an escape")
          }
        default:
          out.append(byte)
        }
      }
    }

    private mutating func hex4() throws(CorruptData) -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = try peek()
        index += 1
        let digit: UInt32
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
        default: throw CorruptData(offset: index - 1, expected: "a hex digit")
        }
        value = value << 4 | digit
      }
      return value
    }

    private mutating func token() -> Substring {
      let start = index
      while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
          UInt8(ascii: "e"), UInt8(ascii: "E"):
          index += 1
        default:
          return Substring(decoding: bytes[start..<index], as: UTF8.self)
        }
      }
      return Substring(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func number() throws(CorruptData) -> Double {
      let start = index
      guard let value = Double(token()), value.isFinite else { throw CorruptData(offset: start, expected: "a number") }
      return value
    }

    mutating func integer() throws(CorruptData) -> Int {
      let start = index
      guard let value = Int(token()) else { throw CorruptData(offset: start, expected: "an integer") }
      return value
    }
  }
}

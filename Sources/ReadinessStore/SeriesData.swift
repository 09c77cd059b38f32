import ReadinessCore

/// The `data` column of a `series` row: the series' values as a JSON array, one element per
/// observation, in file order. An element is `[period, value, position, status, note]`, with
/// trailing nulls left out:
///
/// - `["2019",85.5]`: the value read on the row's `line` (its column; a World Bank line is one
///   row, so its line is stored once), no status, no note;
/// - `["2019",85.5,12]`: the value read on line 12 (`line 12`), another line than the row's;
/// - `["2019-03",1.2345,[456,12],"A","DECIMALS=4"]`: the 12th observation under the series
///   element (`<path>/Obs[12] (line 456)`, the path stored once in the row), its status and note;
/// - `["2019",3,"$[0][3]",null,"estimate"]`: any other position, as text;
/// - `["2019",3,null,"E"]`: on the row's line, with a status.
///
/// JSON keeps the workspace readable with plain SQL (`json_each`; the `observations` view does
/// it). Values are written with Swift's shortest round-trip form (or, for a row's cell handed
/// over with the decimal it was read from, that text where it is a plain JSON number of the same
/// kind: `85.10` as published) and read back with `Double(_:)`, so every value is stored exactly.
///
/// Workspaces before format v3 had no `line` column and wrote every line position out; they read
/// as before.
enum SeriesData {
  /// Builds one row's array.
  struct Encoder {
    private(set) var count = 0
    private var bytes: [UInt8] = []
    /// The row's `line`: elements read on that line leave their position out. Set when a row is
    /// opened, before its first element.
    var line: Int?

    init() { bytes.reserveCapacity(1 << 16) }

    private init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// A row's elements made ahead of the series row they go in: their JSON one after another,
    /// separated by commas. Made for a series row whose `line` is `line` (see ``RowElements/omitsLine``).
    struct Elements: Sendable {
      var bytes: [UInt8]
      var count: Int
      var line: Int?
    }

    /// `text` as a JSON string, quotes included: what ``append(period:value:status:note:position:)``
    /// writes for a period.
    static func jsonString(_ text: String) -> [UInt8] {
      var encoder = Encoder(capacity: text.utf8.count + 2)
      encoder.appendString(text)
      return encoder.bytes
    }

    /// The elements of a row's cells (see ``RowElements``), made ahead of the series row they go in:
    /// written in `scratch` (made larger when the row may not fit), then copied out at their size.
    /// (`Array(unsafeUninitializedCapacity:)`, tried first, looked up the array's type metadata at
    /// run time on every call.)
    static func elements(_ row: RowElements, scratch: inout [UInt8]) -> Elements {
      let capacity = row.capacity
      if scratch.count < capacity { scratch = [UInt8](repeating: 0, count: max(capacity, 2 * scratch.count)) }
      let bytes = scratch.withUnsafeMutableBufferPointer { buffer in
        let written = row.write(to: UnsafeMutableBufferPointer(rebasing: buffer[..<capacity]), first: nil)
        return Array(UnsafeBufferPointer(rebasing: buffer[..<written]))
      }
      return Elements(bytes: bytes, count: row.cells.count, line: row.omitsLine ? row.line : nil)
    }

    /// Appends the elements of a row's cells straight into this array.
    mutating func append(_ row: RowElements) {
      guard !row.cells.isEmpty else { return }
      let capacity = row.capacity
      let start = bytes.count
      bytes.append(contentsOf: repeatElement(0, count: capacity))
      let separator = count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ",")
      let written = bytes.withUnsafeMutableBufferPointer {
        row.write(to: UnsafeMutableBufferPointer(rebasing: $0[start...]), first: separator)
      }
      bytes.removeLast(capacity - written)
      count += row.cells.count
    }

    /// Appends elements made by ``elements(_:)`` for a row with this row's line.
    mutating func append(_ elements: Elements) {
      guard elements.count > 0 else { return }
      precondition(elements.line == nil || elements.line == line, "elements made for another row's line")
      bytes.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      bytes.append(contentsOf: elements.bytes)
      count += elements.count
    }

    mutating func append(
      period: String, value: Double, status: String?, note: String?, position: Observation.Position
    ) {
      bytes.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      bytes.append(UInt8(ascii: "["))
      appendString(period)
      bytes.append(UInt8(ascii: ","))
      appendNumber(value)
      let hasMore = status != nil || note != nil
      switch position {
      case .line(let number) where number == line:
        // The row's line: left out (a placeholder when a status or note follows).
        if hasMore { appendBytes(",null") }
      case .line(let number):
        bytes.append(UInt8(ascii: ","))
        appendInteger(number)
      case .element(_, let index, let number):
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "["))
        appendInteger(number)
        bytes.append(UInt8(ascii: ","))
        appendInteger(index)
        bytes.append(UInt8(ascii: "]"))
      case .text(let text):
        bytes.append(UInt8(ascii: ","))
        appendString(text)
      }
      if hasMore {
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
      return index == count && !Encoder.isWhole(value)
    }

    /// Closes the array and hands its bytes to `body`.
    mutating func finish<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
      bytes.append(UInt8(ascii: "]"))
      return bytes.withUnsafeBufferPointer(body)
    }

    mutating func reset() {
      bytes.removeAll(keepingCapacity: true)
      count = 0
      line = nil
    }

    private mutating func appendNull() { appendBytes("null") }

    private mutating func appendBytes(_ text: StaticString) {
      text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendNumber(_ value: Double) {
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Encoder.maxNumberLength) { buffer in
        let count = Encoder.writeNumber(value, to: buffer.baseAddress!)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
      }
    }

    private mutating func appendInteger(_ value: Int) {
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Encoder.maxNumberLength) { buffer in
        let count = Encoder.writeDigits(UInt64(value.magnitude), negative: value < 0, to: buffer.baseAddress!)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
      }
    }

    /// Whether a finite value is a whole number (`value == value.rounded()`, without the call to
    /// libm's `round` that costs more than the rest of the check): from 2^52 on every double is whole;
    /// below, the conversion to Int64 is exact.
    @inline(__always)
    static func isWhole(_ value: Double) -> Bool {
      abs(value) >= 0x1p52 || Double(Int64(value)) == value
    }

    /// The most bytes ``writeNumber(_:to:)`` writes: 20 digits of a UInt64, 22 fraction digits, a
    /// point and a sign (`value.description` is shorter: at most 24).
    static let maxNumberLength = 48

    /// Writes `value` at `out` as a JSON number (see the type's notes); returns the number of bytes.
    static func writeNumber(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
      // Importers only produce finite values; JSON has no spelling for the others.
      precondition(value.isFinite, "a stored value must be finite")
      if abs(value) < 1e15, isWhole(value) {
        if value == 0, value.sign == .minus {
          // Keep -0.0 as published.
          for (index, byte) in "-0.0".utf8.enumerated() { out[index] = byte }
          return 4
        }
        return writeDigits(UInt64(value.magnitude), negative: value < 0, to: out)
      }
      if let count = writeShortDecimal(value, to: out) { return count }
      var count = 0
      for byte in value.description.utf8 {
        out[count] = byte
        count += 1
      }
      return count
    }

    private static let powersOfTen: [Double] = [
      1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
      1e20, 1e21, 1e22,
    ]

    /// Writes `value` as `m / 10^k` (`12.3456`) when `Double(m) / 10^k == value` for the largest
    /// k ≤ 22 that keeps `m` below 2^53 (trailing zeros then dropped). Both operands are exact and
    /// the division is correctly rounded, which is exactly how a correctly rounded parser reads
    /// that decimal text: it comes back as the same bits. Most published values take this path,
    /// which costs a few multiplications instead of a shortest-digits search. `nil` when it does
    /// not apply (nothing written).
    private static func writeShortDecimal(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int? {
      let magnitude = abs(value)
      guard magnitude < 1e15, magnitude > 0 else { return nil }
      let limit = 9_007_199_254_740_992.0  // 2^53
      return powersOfTen.withUnsafeBufferPointer { powers -> Int? in
        var k = 0
        while k < powers.count - 1, magnitude * powers[k + 1] < limit { k += 1 }
        guard k > 0 else { return nil }
        let scaled = (magnitude * powers[k]).rounded()
        guard scaled < limit, scaled / powers[k] == magnitude else { return nil }
        var m = UInt64(scaled)
        while k > 0, m % 10 == 0 {
          m /= 10
          k -= 1
        }
        return writeDigits(m, negative: value < 0, fractionDigits: k, to: out)
      }
    }

    /// Writes `magnitude / 10^fractionDigits` in decimal at `out` (`-` first when `negative`): the
    /// integer part, then exactly `fractionDigits` digits after a point, zero-padded. Returns the
    /// number of bytes (at most ``maxNumberLength``).
    static func writeDigits(
      _ magnitude: UInt64, negative: Bool, fractionDigits: Int = 0, to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
      precondition(fractionDigits <= 22, "at most 22 fraction digits")
      var digits = 1
      var rest = magnitude / 10
      while rest > 0 {
        digits += 1
        rest /= 10
      }
      // The integer part has at least one digit ("0.05").
      digits = max(digits, fractionDigits + 1)
      let length = (negative ? 1 : 0) + digits + (fractionDigits > 0 ? 1 : 0)
      var index = length
      rest = magnitude
      if fractionDigits > 0 {
        for _ in 0..<fractionDigits {
          index -= 1
          out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
        index -= 1
        out[index] = UInt8(ascii: ".")
      }
      repeat {
        index -= 1
        out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      } while index > (negative ? 1 : 0)
      if negative {
        index -= 1
        out[index] = UInt8(ascii: "-")
      }
      return length
    }

    private mutating func appendString(_ text: String) {
      bytes.append(UInt8(ascii: "\""))
      // Most text needs no escape and is copied whole; otherwise the runs between escapes are (a
      // position such as `sheet "Data" row 12`, on every value of a sheet, has two).
      let escaped: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
        var start = 0
        for (index, byte) in utf8.enumerated()
        where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
          appendEscaped(byte)
          start = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        return true
      }
      if escaped == nil {
        for byte in text.utf8 {
          if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            appendEscaped(byte)
          } else {
            bytes.append(byte)
          }
        }
      }
      bytes.append(UInt8(ascii: "\""))
    }

    /// A byte that JSON strings escape: `"` and `\\` after a backslash, the others as `\\u00XX`.
    private mutating func appendEscaped(_ byte: UInt8) {
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(byte)
      } else {
        appendBytes("\\u00")
        bytes.append(Encoder.hexDigit(byte >> 4))
        bytes.append(Encoder.hexDigit(byte & 0xF))
      }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
      nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
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

  /// Reads a row's array back; `path` and `line` are the row's `path` and `line` columns.
  static func decode(_ text: [UInt8], path: String?, line rowLine: Int?) throws(CorruptData) -> [Element] {
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
      // The row's line where the position is left out (or null).
      func onRowLine() throws(CorruptData) -> Observation.Position {
        guard let rowLine else { throw CorruptData(offset: parser.index, expected: "a position") }
        return .line(rowLine)
      }
      let position: Observation.Position
      var status: String?
      var note: String?
      if try parser.peek() == UInt8(ascii: "]") {
        position = try onRowLine()
      } else {
        try parser.expect(UInt8(ascii: ","), ",")
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
        case UInt8(ascii: "n"):
          try parser.null()
          position = try onRowLine()
          // A placeholder: something follows.
          guard try parser.peek() == UInt8(ascii: ",") else {
            throw CorruptData(offset: parser.index, expected: "a status after a null position")
          }
        default:
          position = .line(try parser.integer())
        }
        if try parser.peek() == UInt8(ascii: ",") {
          parser.index += 1
          status = try parser.optionalString()
          if try parser.peek() == UInt8(ascii: ",") {
            parser.index += 1
            note = try parser.optionalString()
          }
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
        try null()
        return nil
      }
      return try string()
    }

    mutating func null() throws(CorruptData) {
      guard bytes[index...].starts(with: Array("null".utf8)) else { throw CorruptData(offset: index, expected: "null") }
      index += 4
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
              guard (0xDC00..<0xE000).contains(low) else {
                throw CorruptData(offset: index, expected: "a low surrogate")
              }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
              throw CorruptData(offset: index, expected: "a scalar value")
            }
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

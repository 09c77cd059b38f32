/// Parses a numeric cell as statistical offices write it.
///
/// Accepts plain decimals and exponents (`1.2e+006`). Returns `nil` for the missing-value
/// markers publishers use (empty, `..`, `NA`, `NaN`, `-`, `…`); callers decide whether other
/// text is an error.
public func parseStatisticalNumber(_ raw: String) -> Double? {
  let text = raw.trimmingSpaces()
  if text.isEmpty { return nil }
  switch text {
  case "..", "NA", "N/A", "NaN", "nan", "-", "\u{2026}", "null", "NULL": return nil
  default: break
  }
  guard case .value(let value) = DecimalText.parse(text) else { return nil }
  return value
}

/// A sentence saying why `raw` is not accepted as a number, naming the text (control
/// characters escaped): a NUL byte, hexadecimal, out of range (too large, or so small that it
/// would become zero or lose precision), or simply not a number. Callers add their context.
public func describeRefusedNumber(_ raw: String) -> String {
  let text = raw.trimmingSpaces()
  let shown = "\"" + escapingControlCharacters(text) + "\""
  switch DecimalText.parse(text) {
  case .value: return shown + " is a number"
  case .nulByte: return shown + " is not a number: it contains a NUL byte"
  case .hexadecimal: return shown + " is not a number: hexadecimal numbers are not accepted (write it in decimal)"
  case .overflow:
    return shown
      + " is out of range: its magnitude is above \(Double.greatestFiniteMagnitude), the largest a number can be"
  case .underflow:
    return shown
      + " is out of range: its magnitude is below \(Double.leastNormalMagnitude), the smallest a number can be without becoming 0 or losing precision"
  case .notDecimal: return shown + " is not a number"
  }
}

/// The strict reading of a decimal number: `[+-]digits[.digits][e[+-]digits]` (digits on at
/// least one side of the point) and nothing else, in the range of a normal `Double`. Swift's
/// `Double(_:)` alone is not strict enough for data: it stops at a NUL byte (`"5\0" "0"` reads
/// as 5), accepts hexadecimal (`0x1A`) and turns `1e-400` into 0 while it refuses `1e400`.
enum DecimalText {
  enum Result: Equatable {
    case value(Double)
    case nulByte, hexadecimal, notDecimal, overflow, underflow
  }

  static func parse(_ text: String) -> Result {
    let utf8 = Array(text.utf8)
    if utf8.contains(0) { return .nulByte }
    var index = 0
    let count = utf8.count
    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    if index < count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index += 1 }
    if index + 1 < count, utf8[index] == UInt8(ascii: "0"), utf8[index + 1] | 0x20 == UInt8(ascii: "x") {
      return .hexadecimal
    }
    var sawDigit = false
    var nonzero = false
    while index < count, isDigit(utf8[index]) {
      sawDigit = true
      if utf8[index] != UInt8(ascii: "0") { nonzero = true }
      index += 1
    }
    if index < count, utf8[index] == UInt8(ascii: ".") {
      index += 1
      while index < count, isDigit(utf8[index]) {
        sawDigit = true
        if utf8[index] != UInt8(ascii: "0") { nonzero = true }
        index += 1
      }
    }
    guard sawDigit else { return .notDecimal }
    if index < count, utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") {
      index += 1
      if index < count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index += 1 }
      guard index < count, isDigit(utf8[index]) else { return .notDecimal }
      while index < count, isDigit(utf8[index]) { index += 1 }
    }
    guard index == count else { return .notDecimal }
    guard let value = Double(text) else { return .notDecimal }
    if !value.isFinite { return .overflow }
    if nonzero && (value == 0 || value.isSubnormal) { return .underflow }
    return .value(value)
  }
}

/// The text with control characters (C0, DEL, C1 — ANSI escape sequences among them) written
/// as `\u{1B}`, so that text from a file cannot drive the terminal an error is printed on.
public func escapingControlCharacters(_ text: String) -> String {
  guard text.unicodeScalars.contains(where: isControlScalar) else { return text }
  var out = ""
  for scalar in text.unicodeScalars {
    if isControlScalar(scalar) {
      out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    } else {
      out.unicodeScalars.append(scalar)
    }
  }
  return out
}

@inline(__always)
func isControlScalar(_ scalar: Unicode.Scalar) -> Bool {
  scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}

/// A value written as a plain number (`1.2345`, `-3e5`, `1.2e+006`: digits, `.`, signs and
/// exponent only) when it parses to a finite number; `nil` otherwise, including for text that
/// ``parseStatisticalNumber(_:)`` would still accept (spaces around it) or reject. The import
/// loops try this first and send anything else through the full checks.
@inline(__always)
public func parsePlainNumber(_ text: String) -> Double? {
  let utf8 = text.utf8
  guard !utf8.isEmpty else { return nil }
  let fast = utf8.withContiguousStorageIfAvailable { PlainNumber.parse($0) } ?? .slow
  switch fast {
  case .value(let value): return value
  case .notPlain: return nil
  case .slow:
    guard case .value(let value) = DecimalText.parse(text) else { return nil }
    return value
  }
}

/// ``parsePlainNumber(_:)`` for bytes, fast path only: the value when Clinger's fast path reads
/// it (see ``PlainNumber``), `nil` when the text must go through ``parsePlainNumber(_:)`` (or the
/// full checks) instead. Spares building a string for most published values.
@inline(__always)
public func parseFastPlainNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
  guard !bytes.isEmpty, case .value(let value) = PlainNumber.parse(bytes) else { return nil }
  return value
}

/// Clinger's fast path for decimal text: when the digits fit in 53 bits and the power of ten
/// is at most 22, both are exact doubles and one multiplication or division rounds correctly,
/// so the result equals `Double(_:)`'s (checked against it in the tests). Anything else is left
/// to `Double(_:)`.
enum PlainNumber {
  enum Result: Equatable {
    case value(Double)
    /// A byte other than digits, `.`, signs and exponent letters.
    case notPlain
    /// Plain bytes, but not for the fast path (long mantissa, large exponent, odd grammar).
    case slow
  }

  static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
  ]

  @inline(__always)
  static func isPlain(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
      || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
  }

  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
    let count = bytes.count
    var index = 0
    var negative = false
    if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits taken into the mantissa
    var sawDigit = false
    var fractionDigits = 0
    var tooLong = false
    func take(_ byte: UInt8) {
      let digit = UInt64(byte &- UInt8(ascii: "0"))
      if mantissa == 0 && digit == 0 { return }  // leading zeros
      if digits >= 19 {
        tooLong = true
        return
      }
      mantissa = mantissa &* 10 &+ digit
      digits += 1
    }
    while index < count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
      take(bytes[index])
      sawDigit = true
      index += 1
    }
    if index < count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
        take(bytes[index])
        if !tooLong { fractionDigits += 1 }
        sawDigit = true
        index += 1
      }
    }
    var exponent = 0
    if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      var exponentNegative = false
      if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
        exponentNegative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      var exponentDigits = 0
      while index < count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
        if exponentDigits < 6 { exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
        exponentDigits += 1
        index += 1
      }
      if exponentDigits == 0 || exponentDigits >= 6 { return plainOrNot(bytes) }
      if exponentNegative { exponent = -exponent }
    }
    guard index == count, sawDigit, !tooLong else { return plainOrNot(bytes) }
    let power = exponent - fractionDigits
    guard mantissa <= 1 << 53, power >= -22, power <= 22 else { return .slow }
    var value = Double(mantissa)
    value = power >= 0 ? value * powersOfTen[power] : value / powersOfTen[-power]
    return .value(negative ? -value : value)
  }

  private static func plainOrNot(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
    bytes.allSatisfy(isPlain) ? .slow : .notPlain
  }
}

/// `true` when a cell is one of the conventional missing-value markers.
public func isMissingMarker(_ raw: String) -> Bool {
  switch raw.trimmingSpaces() {
  case "", "..", "NA", "N/A", "NaN", "nan", "-", "\u{2026}", "null", "NULL": return true
  default: return false
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  public func trimmingSpaces() -> String {
    // Most text has nothing to trim: answered from its first and last bytes, without a copy.
    // (A Character that is a space or tab is that one byte.)
    let utf8 = self.utf8
    guard let first = utf8.first, let last = utf8.last else { return self }
    func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    if !isBlank(first) && !isBlank(last) { return self }
    var view = Substring(self)
    while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
    while let last = view.last, last == " " || last == "\t" { view.removeLast() }
    return String(view)
  }
}

/// A number with six decimals, as `String(format: "%.6f")` writes it (round half away from zero
/// on the scaled value), without the cost of a format string: large indices write millions.
public func formatFixed6(_ value: Double) -> String {
  guard value.isFinite, abs(value) < 9e12 else { return String(describing: value) }
  let scaled = Int64((abs(value) * 1_000_000).rounded())
  let whole = scaled / 1_000_000
  let fraction = String(scaled % 1_000_000)
  let sign = value < 0 && scaled != 0 ? "-" : ""
  return sign + String(whole) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
}

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
  guard let value = Double(text), value.isFinite else { return nil }
  return value
}

/// A value written as a plain number (`1.2345`, `-3e5`, `1.2e+006`: digits, `.`, signs and
/// exponent only) when it parses to a finite number; `nil` otherwise, including for text that
/// ``parseStatisticalNumber(_:)`` would still accept (spaces around it) or reject. The import
/// loops try this first and send anything else through the full checks.
@inline(__always)
public func parsePlainNumber(_ text: String) -> Double? {
  let utf8 = text.utf8
  guard !utf8.isEmpty else { return nil }
  let plain = utf8.withContiguousStorageIfAvailable { bytes in
    bytes.allSatisfy { byte in
      (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e")
        || byte == UInt8(ascii: "E")
    }
  }
  guard plain == true, let value = Double(text), value.isFinite else { return nil }
  return value
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

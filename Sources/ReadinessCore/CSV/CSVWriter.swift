import Foundation

/// Writes RFC 4180 CSV: fields quoted only when they hold a delimiter, quote or line break.
///
/// Every CSV the tool writes goes through ``field(_:)``, which also neutralises formula
/// injection as OWASP recommends: text (names, notes, sources from data files) that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (or the full-width `＝＋－＠` some spreadsheets
/// also take as a formula) is written with a `'` before it, so that a spreadsheet shows it as text
/// instead of running it. A field that is a plain decimal number (`-1.5`, `+2e3`) is a value, not a
/// formula, and is written as it is.
public enum CSVWriter {
  /// A field, neutralised when it could be taken for a formula, and quoted when needed.
  public static func field(_ text: String) -> String {
    let text = neutralisingFormula(text)
    // Bytes, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
    if text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }

  /// `text` with a `'` before it when a spreadsheet would read it as a formula (see above).
  public static func neutralisingFormula(_ text: String) -> String {
    guard let first = text.unicodeScalars.first else { return text }
    switch first {
    case "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}":
      if case .value = DecimalText.parse(text) { return text }
      return "'" + text
    default:
      return text
    }
  }

  /// One record with its line break.
  public static func row(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\n"
  }

  /// A number with six decimals (see ``formatFixed6(_:)``).
  public static func fixed6(_ value: Double) -> String { formatFixed6(value) }

  /// A number written so that it reads back exactly (shortest round-trip form).
  public static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}

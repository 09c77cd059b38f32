import Foundation

/// Writes RFC 4180 CSV: fields quoted only when they hold a delimiter, quote or line break.
public enum CSVWriter {
  /// A field, quoted when needed.
  public static func field(_ text: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
    if text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
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

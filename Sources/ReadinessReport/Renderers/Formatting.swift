import Foundation

/// Number formatting shared by the renderers (fixed, locale-independent).
enum Formatting {
  /// A score with one decimal, or an em dash.
  static func score(_ value: Double?) -> String {
    guard let value else { return "—" }
    return String(format: "%.1f", value)
  }

  /// A rank interval from fractional percentiles, widened to whole ranks ("24–32").
  static func rankInterval(_ low: Double, _ high: Double) -> String {
    "\(Int(low.rounded(.down)))–\(Int(high.rounded(.up)))"
  }

  /// A signed difference with one decimal ("+2.3", "−1.0").
  static func signed(_ value: Double) -> String {
    let text = String(format: "%.1f", abs(value))
    if text == "0.0" { return "±0.0" }
    return (value < 0 ? "−" : "+") + text
  }

  /// A raw value with sensible precision, the one number format of every renderer: thousands
  /// grouped from 1,000 on (`26,959.2`, `106,032`; `26959.2` beside `106,032` read as two
  /// conventions), whole numbers from 100,000, small ones with decimals.
  static func value(_ value: Double?) -> String {
    guard let value else { return "—" }
    let magnitude = abs(value)
    if magnitude >= 100_000 { return grouped(value.rounded()) }
    if magnitude >= 100 {
      // One decimal, the whole part grouped once it has four digits (999.95 rounds to 1,000.0).
      let text = String(format: "%.1f", magnitude)
      guard let point = text.firstIndex(of: "."), let whole = Double(text[..<point]) else { return text }
      return grouped(value < 0 ? -whole : whole) + String(text[point...])
    }
    if magnitude >= 1 { return String(format: "%.2f", value) }
    if magnitude == 0 { return "0" }
    return String(format: "%.3g", value)
  }

  /// ` (SGP, population 5.9 million)` after a lever target a country sets; empty otherwise.
  static func setBy(_ target: CountryProfile.LeverTarget) -> String {
    guard let code = target.setBy else { return "" }
    guard let people = target.setByPopulation else { return " (\(code))" }
    return " (\(code), population \(population(people)))"
  }

  /// A population in words: `5.9 million`, `1.4 billion`, `11,396` below a million.
  static func population(_ value: Double) -> String {
    if value >= 1e9 { return String(format: "%.1f billion", value / 1e9) }
    if value >= 1e6 { return String(format: "%.1f million", value / 1e6) }
    return grouped(value.rounded())
  }

  static func grouped(_ value: Double) -> String {
    let digits = String(format: "%.0f", abs(value))
    var out = ""
    for (index, character) in digits.reversed().enumerated() {
      if index > 0 && index % 3 == 0 { out.append(",") }
      out.append(character)
    }
    return (value < 0 ? "-" : "") + String(out.reversed())
  }

  /// Escapes data text for Markdown (table cells, headings, lists): line breaks become spaces and
  /// every ASCII punctuation character that Markdown could read as syntax is backslash-escaped
  /// (CommonMark allows escaping any ASCII punctuation), so a name or source taken from a file
  /// can never become a link, an image, HTML or a new table row.
  static func cell(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
        out.append(" ")
      case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "!", "|", "<", ">", "&", "~", "\"":
        out.append("\\")
        out.unicodeScalars.append(scalar)
      default:
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

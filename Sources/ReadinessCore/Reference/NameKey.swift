import Foundation

/// The matching key for country names: trimmed, inner whitespace collapsed, case-folded,
/// diacritics removed and typographic apostrophes made plain, so that "Côte d'Ivoire ",
/// "COTE D’IVOIRE" and "cote d'ivoire" all match.
public func countryNameKey(_ name: String) -> String {
  let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
  var out = ""
  var pendingSpace = false
  for scalar in folded.unicodeScalars {
    if scalar.properties.isWhitespace {
      pendingSpace = !out.isEmpty
      continue
    }
    if pendingSpace {
      out.append(" ")
      pendingSpace = false
    }
    switch scalar {
    case "\u{2019}", "\u{2018}", "`", "\u{00B4}": out.append("'")
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}

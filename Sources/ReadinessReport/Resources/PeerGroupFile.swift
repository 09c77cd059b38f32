import Foundation
import ReadinessCore

/// User-defined peer groups: a CSV file with the columns `group,iso3` (more columns allowed),
/// one row per member — the same shape as the bundled `blocs.csv`.
public enum PeerGroupFile {
  /// Loads groups by name. Codes go through the reference table's aliases (ISO2, WB codes).
  ///
  /// - Throws: ``ReadinessError`` naming the file and line of an unknown country or a missing column.
  public static func load(path: String, reference: ReferenceData) throws(ReadinessError) -> [String: [String]] {
    var reader = try CSVReader(path: path, options: CSVOptions(delimiter: UInt8(ascii: ",")))
    guard let header = try reader.next() else {
      throw ReadinessError(
        .unexpectedContent, "empty group file (expected columns group,iso3)", at: SourceLocation(file: path))
    }
    guard let groupColumn = header.fields.firstIndex(of: "group"), let codeColumn = header.fields.firstIndex(of: "iso3")
    else {
      throw ReadinessError(
        .unexpectedContent, "expected the columns group,iso3 (found \(header.fields.joined(separator: ",")))",
        at: SourceLocation(file: path, line: 1))
    }
    var groups: [String: [String]] = [:]
    while let record = try reader.next() {
      if record.isBlank { continue }
      let name = (record[safe: groupColumn] ?? "").trimmingCharacters(in: .whitespaces)
      let raw = (record[safe: codeColumn] ?? "").trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty else {
        throw ReadinessError(.unexpectedContent, "empty group name", at: SourceLocation(file: path, line: record.line))
      }
      guard case .country(let iso3) = reference.resolve(code: raw) else {
        throw ReadinessError(
          .unexpectedContent, "\"\(raw)\" is not a country code (expected ISO 3166-1 alpha-3, e.g. MYS)",
          at: SourceLocation(file: path, line: record.line, column: codeColumn + 1))
      }
      if !(groups[name] ?? []).contains(iso3) { groups[name, default: []].append(iso3) }
    }
    return groups
  }
}

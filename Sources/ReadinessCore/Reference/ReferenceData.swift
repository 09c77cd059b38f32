import Foundation

/// The project's reference tables: countries with their codes, names, regions and income
/// groups; publisher aggregates; land borders; and blocs.
///
/// Loaded from `Indicators/reference/` (see its README for the columns and sources).
public struct ReferenceData: Sendable {
  /// Countries by alpha-3 code.
  public private(set) var countries: [String: Country] = [:]
  /// Aggregates (code → name) that publishers mix into their files.
  public private(set) var aggregates: [String: String] = [:]
  /// Land neighbours by alpha-3 code.
  public private(set) var borders: [String: Set<String>] = [:]
  /// Bloc members by bloc id (ASEAN, AU, EU, COMMONWEALTH, OECD, G20).
  public private(set) var blocs: [String: [String]] = [:]
  /// Where each country stands with UNESCO's Readiness Assessment Methodology (`ram-status.csv`):
  /// e.g. "completed (report 2025)", with the date of the list and its source.
  public private(set) var ramStatus: [String: RAMStatus] = [:]
  private var byISO2: [String: String] = [:]
  private var codeAliases: [String: String] = [:]
  private var byNumeric: [String: String] = [:]
  private var byName: [String: String] = [:]
  private var aggregateByName: [String: String] = [:]

  /// An empty table (tests build their own).
  public init() {}

  /// Loads the tables from a folder holding `countries.csv`, `country-names.csv`,
  /// `aggregates.csv`, `borders.csv` and `blocs.csv`.
  ///
  /// - Throws: ``ReadinessError`` naming the file and line of a malformed row.
  public init(directory: String) throws(ReadinessError) {
    func rows(_ name: String, columns: [String]) throws(ReadinessError) -> [(Int, [String: String])] {
      let path = directory + "/" + name
      var reader = try CSVReader(path: path, options: CSVOptions(delimiter: UInt8(ascii: ",")))
      guard let header = try reader.next() else {
        throw ReadinessError(.unexpectedContent, "empty reference table", at: SourceLocation(file: path))
      }
      for column in columns where !header.fields.contains(column) {
        throw ReadinessError(
          .unexpectedContent, "missing column \"\(column)\" (expected \(columns.joined(separator: ",")))",
          at: SourceLocation(file: path, line: 1))
      }
      var out: [(Int, [String: String])] = []
      while let record = try reader.next() {
        if record.isBlank { continue }
        var row: [String: String] = [:]
        for (index, key) in header.fields.enumerated() { row[key] = record[safe: index] ?? "" }
        out.append((record.line, row))
      }
      return out
    }
    func nonEmpty(_ text: String?) -> String? {
      guard let text, !text.isEmpty else { return nil }
      return text
    }

    for (_, row) in try rows(
      "countries.csv",
      columns: ["iso3", "iso2", "numeric", "name", "kind", "m49_region", "m49_subregion", "wb_income"])
    {
      let country = Country(
        iso3: row["iso3"] ?? "", iso2: nonEmpty(row["iso2"]), numeric: nonEmpty(row["numeric"]),
        name: row["name"] ?? "", isISO: row["kind"] == "iso",
        region: nonEmpty(row["m49_region"]), subregion: nonEmpty(row["m49_subregion"]),
        intermediateRegion: nonEmpty(row["m49_intermediate"]), wbRegion: nonEmpty(row["wb_region"]),
        incomeGroup: nonEmpty(row["wb_income"]))
      add(country)
    }
    for (line, row) in try rows("country-names.csv", columns: ["iso3", "name"]) {
      let iso3 = row["iso3"] ?? ""
      guard countries[iso3] != nil else {
        throw ReadinessError(
          .unexpectedContent, "unknown country code \"\(iso3)\"",
          at: SourceLocation(file: directory + "/country-names.csv", line: line))
      }
      addName(row["name"] ?? "", for: iso3)
    }
    let aliasPath = directory + "/code-aliases.csv"
    if FileManager.default.fileExists(atPath: aliasPath) {
      for (line, row) in try rows("code-aliases.csv", columns: ["code", "iso3"]) {
        let iso3 = row["iso3"] ?? ""
        guard countries[iso3] != nil else {
          throw ReadinessError(
            .unexpectedContent, "unknown country code \"\(iso3)\"", at: SourceLocation(file: aliasPath, line: line))
        }
        codeAliases[(row["code"] ?? "").uppercased()] = iso3
      }
    }
    for (_, row) in try rows("aggregates.csv", columns: ["code", "name"]) {
      let code = row["code"] ?? ""
      let name = row["name"] ?? ""
      let key = code.isEmpty ? name : code
      aggregates[key] = name
      if !name.isEmpty { aggregateByName[countryNameKey(name)] = key }
    }
    for (_, row) in try rows("borders.csv", columns: ["iso3", "neighbour_iso3"]) {
      borders[row["iso3"] ?? "", default: []].insert(row["neighbour_iso3"] ?? "")
    }
    for (_, row) in try rows("blocs.csv", columns: ["bloc", "iso3"]) {
      blocs[row["bloc"] ?? "", default: []].append(row["iso3"] ?? "")
    }
    if FileManager.default.fileExists(atPath: directory + "/ram-status.csv") {
      for (_, row) in try rows("ram-status.csv", columns: ["iso3", "status", "report_year", "as_of", "source"]) {
        ramStatus[row["iso3"] ?? ""] = RAMStatus(
          status: row["status"] ?? "", reportYear: nonEmpty(row["report_year"]).flatMap { Int($0) },
          asOf: row["as_of"] ?? "", source: row["source"] ?? "")
      }
    }
  }

  /// Adds a country and its own name to the indexes.
  public mutating func add(_ country: Country) {
    countries[country.iso3] = country
    if let iso2 = country.iso2 { byISO2[iso2] = country.iso3 }
    if let numeric = country.numeric { byNumeric[numeric] = country.iso3 }
    addName(country.name, for: country.iso3)
  }

  /// Adds a name variant for a country.
  public mutating func addName(_ name: String, for iso3: String) {
    byName[countryNameKey(name)] = iso3
  }

  /// Adds an aggregate code.
  public mutating func addAggregate(code: String, name: String) {
    aggregates[code] = name
    aggregateByName[countryNameKey(name)] = code
  }

  /// Resolves a code (alpha-3, alpha-2, M49 numeric or a publisher's aggregate code).
  public func resolve(code raw: String) -> AreaResolution {
    let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
    if countries[code] != nil { return .country(code) }
    if let iso3 = codeAliases[code] { return .country(iso3) }
    if aggregates[code] != nil { return .aggregate(code) }
    if code.hasPrefix("OWID_") { return .aggregate(code) }
    if code.count == 2, let iso3 = byISO2[code] { return .country(iso3) }
    if code.count == 3, code.allSatisfy(\.isNumber), let iso3 = byNumeric[code] { return .country(iso3) }
    return .unmatched(raw.trimmingCharacters(in: .whitespaces))
  }

  /// Resolves a country or aggregate name in any of the publishers' spellings.
  public func resolve(name raw: String) -> AreaResolution {
    let key = countryNameKey(raw)
    if let iso3 = byName[key] { return .country(iso3) }
    if let code = aggregateByName[key] { return .aggregate(code) }
    return .unmatched(raw.trimmingCharacters(in: .whitespaces))
  }

  /// Resolves by code first, then by name.
  public func resolve(code: String?, name: String?) -> AreaResolution {
    if let code, !code.trimmingCharacters(in: .whitespaces).isEmpty {
      let byCode = resolve(code: code)
      if case .unmatched = byCode, let name, !name.isEmpty {
        let byName = resolve(name: name)
        if case .unmatched = byName { return byCode }
        return byName
      }
      return byCode
    }
    if let name, !name.isEmpty { return resolve(name: name) }
    return .unmatched(code ?? name ?? "")
  }

  /// Records a land border (both directions).
  public mutating func addBorder(_ a: String, _ b: String) {
    borders[a, default: []].insert(b)
    borders[b, default: []].insert(a)
  }

  /// Adds members to a bloc.
  public mutating func addBloc(_ name: String, members: [String]) {
    blocs[name, default: []] += members.filter { !(blocs[name] ?? []).contains($0) }
  }

  /// The country with this alpha-3 code.
  public func country(_ iso3: String) -> Country? { countries[iso3.uppercased()] }

  /// Blocs that list this country, sorted.
  public func blocs(of iso3: String) -> [String] {
    blocs.filter { $0.value.contains(iso3) }.map(\.key).sorted()
  }
}

extension ReferenceData {
  /// Loads the tables bundled with the project (see ``ProjectPaths``).
  public static func bundled() throws(ReadinessError) -> ReferenceData {
    try ReferenceData(directory: try ProjectPaths.indicators() + "/reference")
  }
}

/// A country's place in UNESCO's Readiness Assessment Methodology, as a dated list states it.
public struct RAMStatus: Sendable, Hashable, Codable {
  /// `completed`, `in process` or `in preparation`.
  public var status: String
  /// The year of the published report, where one was seen.
  public var reportYear: Int?
  /// When the list was read (`2025-10`).
  public var asOf: String
  public var source: String

  /// "completed (report 2025), as listed in 2025-10".
  public var summary: String {
    "\(status)\(reportYear.map { " (report \($0))" } ?? ""), as listed in \(asOf)"
  }
}

extension ReferenceData {
  /// Country codes close to `text`, for a "did you mean" when a code is not known: countries whose
  /// name starts with it (`MAL`: Malaysia, Mali, Malta…), then codes one edit away, then two,
  /// at most `limit`, each as `CODE (Name)`.
  public func suggestions(for text: String, limit: Int = 6) -> [String] {
    let query = text.uppercased()
    let key = countryNameKey(text)
    var picked: [String] = []
    func add(_ codes: [String]) {
      for code in codes where !picked.contains(code) && picked.count < limit { picked.append(code) }
    }
    let isoCountries = countries.values.filter(\.isISO).sorted { $0.iso3 < $1.iso3 }
    if key.count >= 3 {
      add(isoCountries.filter { countryNameKey($0.name).hasPrefix(key) }.map(\.iso3))
    }
    for distance in 1...2 where picked.count < limit {
      add(isoCountries.map(\.iso3).filter { editDistance($0, query) == distance })
    }
    return picked.map { code in countries[code].map { "\(code) (\($0.name))" } ?? code }
  }
}

/// Edit distance between two strings, by Unicode scalar: insertions, deletions, substitutions
/// and swaps of two neighbours (`scroe` → `score`) each count one (optimal string alignment).
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.unicodeScalars)
  let b = Array(b.unicodeScalars)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { d[i][0] = i }
  for j in 0...b.count { d[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
    }
  }
  return d[a.count][b.count]
}

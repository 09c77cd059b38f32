import Foundation
import ReadinessCore

/// A record-level list (one row per model, cluster, region …) made into country indicators by a
/// ``RecordRecipe``: `--recipe FILE`, or the bundled recipe whose `match` columns the header holds.
///
/// Records are filtered, deduplicated, their country fields split (full counting: a record with
/// two countries counts once for each) and resolved, then counted or summed per country and
/// year (a flow, or with `cumulative: true` a stock up to `until`). Every value's note and the
/// source's dataset name the recipe and its SHA-256, so the rule travels with the number; a
/// country field that matches no country is reported, never guessed.
struct RecordListImporter: Importer {
  var recipePath: String?

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let start = try startCSV(
      file, format: .records, source: SourceInfo(publisher: "unstated (record list)", file: file))
    var reader = start.reader
    var report = start.report
    let header = start.header.fields
    let (path, recipe): (String, RecordRecipe)
    if let recipePath {
      (path, recipe) = (recipePath, try RecordRecipe.load(path: recipePath))
    } else if let found = RecordRecipe.matching(header: header) {
      (path, recipe) = found
    } else {
      throw ReadinessError(
        .unexpectedContent,
        "a record-level list needs a recipe saying how records become country values (--recipe FILE; see Indicators/recipes/)",
        at: SourceLocation(file: file, line: start.header.line))
    }
    let digest = (FileManager.default.contents(atPath: path).map { SHA256.hex(Array($0)) } ?? "").prefix(12)
    let recipeName = (path as NSString).lastPathComponent
    let index = HeaderIndex(start.header)
    func column(_ name: String) throws -> Int {
      guard let position = index.find(name) else {
        throw ReadinessError(
          .unexpectedContent, "the recipe \(recipeName) needs a column \"\(name)\", which the list lacks",
          at: SourceLocation(file: file, line: start.header.line))
      }
      return position
    }
    let countryColumn = try column(recipe.country.column)
    let periodColumn = try recipe.period.column.map(column)
    let filters = try (recipe.filters ?? []).map { filter in (try column(filter.column), filter) }
    let dedupeColumns = try (recipe.dedupe ?? []).map(column)
    let sumColumns = try recipe.indicators.map { indicator in try indicator.column.map(column) }
    var table: [String: String] = [:]
    if recipe.country.by == "table", let relative = recipe.country.table {
      table = try RecordListImporter.loadTable(
        path: (try ProjectPaths.indicators() as String) + "/" + relative, provider: recipe.country.provider)
    }
    let ignored = Set((recipe.country.ignore ?? []).map { $0.lowercased() })

    struct Key: Hashable {
      var country: String
      var kind: AreaKind
      var year: Int
    }
    var totals: [[Key: Double]] = Array(repeating: [:], count: recipe.indicators.count)
    var lastLine: [Key: Int] = [:]
    var seen = Set<[String]>()
    var filtered = 0
    var duplicates = 0
    var noYear = 0
    var notCountries: [String: Int] = [:]
    while let record = try reader.next() {
      if record.isBlank { continue }
      let kept = filters.allSatisfy { position, filter in
        let value = (record[safe: position] ?? "").trimmingSpaces()
        if let allowed = filter.in, !allowed.contains(value) { return false }
        if let refused = filter.notIn, refused.contains(value) { return false }
        return true
      }
      guard kept else {
        filtered += 1
        continue
      }
      if !dedupeColumns.isEmpty {
        let key = dedupeColumns.map { (record[safe: $0] ?? "").trimmingSpaces().lowercased() }
        guard seen.insert(key).inserted else {
          duplicates += 1
          continue
        }
      }
      let year: Int
      if let periodColumn {
        let text = (record[safe: periodColumn] ?? "").trimmingSpaces()
        guard let parsed = Int(text.prefix(4)), (1900...2200).contains(parsed) else {
          noYear += 1
          continue
        }
        year = parsed
      } else {
        guard let fixed = recipe.period.value.flatMap({ Int($0) }) else {
          throw ReadinessError(.invalidConfiguration, "period.value is not a year", at: SourceLocation(file: path))
        }
        year = fixed
      }
      let field = record[safe: countryColumn] ?? ""
      let parts = recipe.country.split.map { separator in field.components(separatedBy: separator) } ?? [field]
      var countries: [(String, AreaKind)] = []
      for part in parts.map({ $0.trimmingSpaces() }) where !part.isEmpty {
        if ignored.contains(part.lowercased()) {
          notCountries[part, default: 0] += 1
          continue
        }
        let area: AreaResolution
        switch recipe.country.by ?? "name" {
        case "table":
          area = table[part.lowercased()].map { $0.isEmpty ? .unmatched(part) : .country($0) } ?? .unmatched(part)
        case "code": area = context.reference.resolve(code: part)
        default: area = context.reference.resolve(code: nil, name: part)
        }
        if case .unmatched = area {
          notCountries[part, default: 0] += 1
          continue
        }
        let stored = area.stored
        if !countries.contains(where: { $0 == stored }) { countries.append(stored) }
      }
      for (index, indicator) in recipe.indicators.enumerated() {
        var amount = 1.0
        if indicator.aggregate == "sum", let position = sumColumns[index] {
          let text = (record[safe: position] ?? "").trimmingSpaces().replacingOccurrences(of: ",", with: "")
          guard let value = Double(text), value.isFinite else { continue }
          amount = value
        }
        for (country, kind) in countries {
          let key = Key(country: country, kind: kind, year: year)
          totals[index][key, default: 0] += amount
          lastLine[key] = record.line
        }
      }
    }
    let cumulative = recipe.period.cumulative ?? false
    let until = recipe.period.until.flatMap { Int($0) }
    for (index, indicator) in recipe.indicators.enumerated() {
      let code = context.indicatorCode(indicator.code)
      report.indicatorNames[code] = indicator.name
      var values = totals[index]
      if cumulative {
        var stock: [Key: Double] = [:]
        let last = until ?? values.keys.map(\.year).max() ?? 0
        for (key, amount) in values where key.year <= last {
          for year in key.year...last {
            stock[Key(country: key.country, kind: key.kind, year: year), default: 0] += amount
          }
        }
        values = stock
      }
      for key in values.keys.sorted(by: { ($0.country, $0.year) < ($1.country, $1.year) }) {
        var observation = Observation(
          country: key.country, areaKind: key.kind, indicator: code, period: String(key.year), value: values[key] ?? 0,
          position: .line(lastLine[key] ?? lastLine.first { $0.key.country == key.country }?.value ?? start.header.line)
        )
        observation.unit = indicator.unit
        observation.note =
          "recipe \(recipeName) (sha256 \(digest)): \(indicator.aggregate == "count" ? "count of records" : "sum of \(indicator.column ?? "")")\(cumulative ? " up to the year" : " in the year")\(recipe.country.split != nil ? ", full counting of multi-country records" : "")"
        report.count(observation)
        try emit(observation)
      }
    }
    report.source = SourceInfo(
      publisher: recipe.source.publisher,
      dataset:
        "\(recipe.source.dataset ?? recipe.name), aggregated by recipe \(recipe.id) (\(recipeName), sha256 \(digest))",
      licence: recipe.source.licence, vintage: recipe.source.vintage, file: file, url: recipe.source.url)
    if filtered > 0 { report.skipped.append("\(filtered) records left out by the recipe's filters") }
    if duplicates > 0 {
      report.skipped.append("\(duplicates) duplicate records (same \(recipe.dedupe?.joined(separator: ", ") ?? ""))")
    }
    if noYear > 0 { report.skipped.append("\(noYear) records without a year in \(recipe.period.column ?? "")") }
    if !notCountries.isEmpty {
      report.skipped.append(
        "country fields that are no country, left out of the counts: "
          + notCountries.sorted { $0.key < $1.key }.map { "\"\($0.key)\" (\($0.value))" }.joined(separator: ", "))
    }
    return report
  }

  /// `key → iso3` from a fact table with columns `provider,region,iso3` (rows of `provider`).
  static func loadTable(path: String, provider: String?) throws(ReadinessError) -> [String: String] {
    var reader = try CSVReader(path: path)
    guard let header = try reader.next() else { return [:] }
    let index = HeaderIndex(header)
    guard let regionColumn = index.find("region", "key"), let isoColumn = index.find("iso3") else {
      throw ReadinessError(
        .invalidConfiguration, "a country table needs the columns region and iso3",
        at: SourceLocation(file: path, line: header.line))
    }
    let providerColumn = index.find("provider")
    var table: [String: String] = [:]
    while let record = try reader.next() {
      if record.isBlank { continue }
      if let provider, let providerColumn, record[safe: providerColumn] != provider { continue }
      table[(record[safe: regionColumn] ?? "").trimmingSpaces().lowercased()] = (record[safe: isoColumn] ?? "")
        .trimmingSpaces()
    }
    return table
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension RecordListImporter {
  static let format = ImportFormat.records
  static let reads = DetectionInput.csvHeader

  static func make(_ context: ImportContext) -> Self {
    RecordListImporter(recipePath: context.recipe)
  }

  static func detect(_ head: FileHead) -> Bool {
    head.header.map { RecordRecipe.matching(header: $0.fields) != nil } == true
  }
}

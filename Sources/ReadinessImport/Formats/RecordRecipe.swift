import Foundation
import ReadinessCore
import Yams

/// How a record-level list (notable AI models, GPU clusters, cloud regions, a TOP500-like list)
/// becomes country indicators: a YAML recipe (`schema: readiness-recipe/1`) in
/// `Indicators/recipes/`, which users copy and edit. See `Indicators/recipes/README.md`.
public struct RecordRecipe: Sendable, Hashable, Codable {
  public static let schemaTag = "readiness-recipe/1"

  public struct Source: Sendable, Hashable, Codable {
    public var publisher: String
    public var dataset: String?
    public var licence: String?
    public var url: String?
    public var vintage: String?
  }

  /// Where a record's countries are.
  public struct Country: Sendable, Hashable, Codable {
    /// The column.
    public var column: String
    /// `name` (any spelling the reference tables know), `code` (ISO alpha-3 or alpha-2), or
    /// `table` (a fact table of the project: `table:` path under `Indicators/`, columns
    /// `provider,region,iso3`).
    public var by: String?
    public var table: String?
    /// The table's `provider` rows to use.
    public var provider: String?
    /// A separator between several countries in one field (each counts fully: full counting).
    public var split: String?
    /// Values that are not countries (`Multinational`): skipped and reported.
    public var ignore: [String]?
  }

  /// The year of a record.
  public struct Period: Sendable, Hashable, Codable {
    /// A column holding a year or a date (its first four digits are the year).
    public var column: String?
    /// A fixed period for a list without dates (the list's as-of year).
    public var value: String?
    /// `true`: a record counts in its year and every later year up to `until` (a stock, such as
    /// clusters in operation); `false`: in its year only (a flow, such as models published).
    public var cumulative: Bool?
    /// The last year of a cumulative count.
    public var until: String?
  }

  /// Keep only records whose column's value is (or is not) in a list.
  public struct Filter: Sendable, Hashable, Codable {
    public var column: String
    public var `in`: [String]?
    public var notIn: [String]?

    enum CodingKeys: String, CodingKey {
      case column
      case `in`
      case notIn = "not_in"
    }
  }

  public struct Indicator: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var unit: String?
    /// `count` of records or `sum` of `column`.
    public var aggregate: String
    public var column: String?
  }

  public var schema: String
  public var id: String
  public var name: String
  /// Header columns that identify the list (the format sniffer picks the recipe by them).
  public var match: [String]
  public var source: Source
  public var country: Country
  public var period: Period
  public var filters: [Filter]?
  /// Columns whose values together identify a record: later repeats are dropped and reported.
  public var dedupe: [String]?
  public var indicators: [Indicator]

  static let keys: [String: Set<String>] = [
    "": ["schema", "id", "name", "match", "source", "country", "period", "filters", "dedupe", "indicators"],
    "source": ["publisher", "dataset", "licence", "url", "vintage"],
    "country": ["column", "by", "table", "provider", "split", "ignore"],
    "period": ["column", "value", "cumulative", "until"],
    "filters": ["column", "in", "not_in"],
    "indicators": ["code", "name", "unit", "aggregate", "column"],
  ]

  /// Reads and checks a recipe; unknown keys, a wrong schema or an incomplete rule are errors.
  public static func load(path: String) throws(ReadinessError) -> RecordRecipe {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ReadinessError(.notFound, "cannot read the recipe", at: SourceLocation(file: path))
    }
    let recipe: RecordRecipe
    do {
      if let node = try Yams.compose(yaml: text) { try checkKeys(node, section: "", file: path) }
      recipe = try YAMLDecoder().decode(RecordRecipe.self, from: text)
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.invalidConfiguration, "not a valid recipe: \(error)", at: SourceLocation(file: path))
    }
    func fail(_ message: String) -> ReadinessError {
      ReadinessError(.invalidConfiguration, message, at: SourceLocation(file: path))
    }
    guard recipe.schema == schemaTag else { throw fail("schema is \"\(recipe.schema)\" (expected \"\(schemaTag)\")") }
    guard !recipe.match.isEmpty else { throw fail("match: names no column") }
    guard recipe.period.column != nil || recipe.period.value != nil else {
      throw fail("period: needs a column or a value")
    }
    guard ["name", "code", "table", nil].contains(recipe.country.by) else {
      throw fail("country.by is \"\(recipe.country.by ?? "")\" (expected name, code or table)")
    }
    if recipe.country.by == "table" && recipe.country.table == nil { throw fail("country.by: table needs table:") }
    guard !recipe.indicators.isEmpty else { throw fail("indicators: none") }
    for indicator in recipe.indicators {
      guard indicator.aggregate == "count" || indicator.aggregate == "sum" && indicator.column != nil else {
        throw fail("indicator \(indicator.code): aggregate is count, or sum with a column")
      }
    }
    return recipe
  }

  private static func checkKeys(_ node: Node, section: String, file: String) throws(ReadinessError) {
    switch node {
    case .mapping(let mapping):
      for (key, value) in mapping {
        guard let name = key.string else { continue }
        guard let allowed = keys[section], allowed.contains(name) else {
          throw ReadinessError(
            .invalidConfiguration,
            "unknown key \"\(name)\"\(section.isEmpty ? "" : " in \(section)") (expected one of \((keys[section] ?? []).sorted().joined(separator: ", ")))",
            at: SourceLocation(file: file, line: key.mark.map { $0.line }))
        }
        if section.isEmpty, keys[name] != nil { try checkKeys(value, section: name, file: file) }
      }
    case .sequence(let sequence):
      for item in sequence { try checkKeys(item, section: section, file: file) }
    default: break
    }
  }

  /// The recipes shipped in `Indicators/recipes/`.
  public static func bundled() -> [(path: String, recipe: RecordRecipe)] {
    guard let folder = try? ProjectPaths.indicators() + "/recipes",
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
    else { return [] }
    return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
      let path = folder + "/" + name
      return (try? load(path: path)).map { (path, $0) }
    }
  }

  /// The bundled recipe whose `match` columns a header holds (the most specific one: the one that
  /// names the most columns).
  static func matching(header: [String]) -> (path: String, recipe: RecordRecipe)? {
    let keys = Set(header.map { HeaderIndex.key($0) })
    return bundled().filter { entry in entry.recipe.match.allSatisfy { keys.contains(HeaderIndex.key($0)) } }
      .max { $0.recipe.match.count < $1.recipe.match.count }
  }
}

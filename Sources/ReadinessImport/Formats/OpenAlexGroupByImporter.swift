import Foundation
import ReadinessCore

/// An OpenAlex API `group_by` answer: `{"meta": {count, groups_count, per_page, …},
/// "group_by": [{"key": "https://openalex.org/countries/CN", "key_display_name": "China",
/// "count": 235755}, …]}` grouped by `authorships.countries` (full counting: a work counts once for
/// every author country).
///
/// The query is not in the answer: the indicator and the year come from the `.meta.json` file
/// that the retrieval saved beside it (`{"url": …, "retrieved_date": …}`): the concept filter
/// (`concepts.id:C154945302`) names the indicator (`OA.WORKS.<concept>`, with the names of the
/// AI concepts known) and the publication-date or publication-year filter the year. Without it,
/// `--period` or a year in the file name gives the year, and the file's name the indicator.
/// A page holding exactly `per_page` groups was cut by the API's page cap: the smallest countries
/// are missing (not zero), which the report says.
struct OpenAlexGroupByImporter: Importer {
  /// OpenAlex concept ids the toolkit names.
  static let concepts: [String: String] = [
    "C154945302": "artificial intelligence",
    "C119857082": "machine learning",
    "C108583219": "deep learning",
    "C204321447": "natural language processing",
    "C31972630": "computer vision",
  ]

  var period: String?

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let bytes = try ByteSourceHead(path: file).readAll(limit: 64 << 20, file: file)
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      throw ReadinessError(.malformedInput, "not valid JSON: \(jsonErrorDetail(error))", at: SourceLocation(file: file))
    }
    guard let root = json as? [String: Any], let groups = root["group_by"] as? [Any] else {
      throw ReadinessError(
        .unexpectedContent, "expected an OpenAlex group_by answer ({\"meta\": …, \"group_by\": […]})",
        at: SourceLocation(file: file, path: "$"))
    }
    let meta = root["meta"] as? [String: Any] ?? [:]
    let query = OpenAlexGroupByImporter.query(besides: file)
    var report = ImportReport(
      file: file, format: ImportFormat.openalexJSON.rawValue,
      source: SourceInfo(
        publisher: "OpenAlex (OurResearch)", dataset: "OpenAlex works grouped by author country", licence: "CC0 1.0",
        file: file, url: query?.url ?? "https://openalex.org", retrieved: query?.retrieved))
    if let grouping = query?.groupBy, grouping != "authorships.countries" {
      throw ReadinessError(
        .unexpectedContent, "grouped by \(grouping); only group_by=authorships.countries gives country values",
        at: SourceLocation(file: file, path: "$"))
    }
    guard
      let year = period ?? query?.year ?? UNEGovImporter.yearInFileName(file)
    else {
      throw ReadinessError(
        .unexpectedContent,
        "no year: the answer's .meta.json (with the query URL) is missing and the file name has no year; use --period YEAR",
        at: SourceLocation(file: file))
    }
    let indicator: String
    let name: String
    if let concept = query?.concept {
      indicator = context.indicatorCode("OA.WORKS.\(concept)")
      name =
        "OpenAlex works on \(OpenAlexGroupByImporter.concepts[concept] ?? "concept \(concept)") (author-country full counting)"
    } else {
      let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
      indicator = context.indicatorCode("OA.WORKS.\(stem)")
      name = "OpenAlex works (\(stem))"
    }
    report.indicatorNames[indicator] = name
    for (index, item) in groups.enumerated() {
      let path = "$.group_by[\(index)]"
      guard let group = item as? [String: Any], let key = group["key"] as? String else {
        throw ReadinessError(
          .unexpectedContent, "expected an object with a key", at: SourceLocation(file: file, path: path))
      }
      guard let count = (group["count"] as? NSNumber)?.doubleValue, count.isFinite, count >= 0 else {
        throw ReadinessError(
          .unexpectedContent, "expected a count", at: SourceLocation(file: file, path: path + ".count"))
      }
      let code = key.split(separator: "/").last.map(String.init) ?? key
      if code.lowercased() == "unknown" || key.isEmpty {
        report.skipped.append("\(Int(count)) works without an author country")
        continue
      }
      let area = context.reference.resolve(code: code, name: group["key_display_name"] as? String)
      let (country, kind) = area.stored
      let observation = Observation(
        country: country, areaKind: kind, indicator: indicator, period: year, value: count, position: .text(path))
      report.count(observation)
      try emit(observation)
    }
    if let perPage = (meta["per_page"] as? NSNumber)?.intValue, groups.count >= perPage, perPage > 0 {
      report.warnings.append(
        "the answer holds \(groups.count) groups, the API's page cap: the smallest countries are cut off (missing, not zero)"
      )
    }
    return report
  }

  struct Query {
    var url: String
    var retrieved: String?
    var concept: String?
    var year: String?
    var groupBy: String?
  }

  /// The query recorded in `<file>.meta.json`, when there is one.
  static func query(besides file: String) -> Query? {
    guard let data = FileManager.default.contents(atPath: file + ".meta.json"), data.count < 1 << 20,
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let url = object["url"] as? String
    else { return nil }
    var query = Query(url: url, retrieved: object["retrieved_date"] as? String)
    let components = URLComponents(string: url)
    for item in components?.queryItems ?? [] {
      guard let value = item.value else { continue }
      if item.name == "group_by" { query.groupBy = value }
      if item.name == "filter" {
        for filter in value.split(separator: ",") {
          let parts = filter.split(separator: ":", maxSplits: 1).map(String.init)
          guard parts.count == 2 else { continue }
          switch parts[0] {
          case "concepts.id": query.concept = parts[1].split(separator: "/").last.map(String.init)
          case "publication_year": query.year = parts[1]
          case "from_publication_date", "to_publication_date":
            let year = String(parts[1].prefix(4))
            if query.year == nil { query.year = year } else if query.year != year { query.year = nil }
          default: break
          }
        }
      }
    }
    return query
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension OpenAlexGroupByImporter {
  static let format = ImportFormat.openalexJSON

  static func make(_ context: ImportContext) -> Self {
    OpenAlexGroupByImporter(period: context.sdmx.period)
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .json && head.lower.contains("\"group_by\"") && head.lower.contains("\"meta\"")
  }
}

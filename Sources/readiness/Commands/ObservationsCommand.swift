import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessStore

struct ObservationsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "observations",
    abstract: "List the observations in the workspace, with their provenance.",
    discussion: """
      CSV columns: country,indicator,period,value, then unit,status,note,area_kind,publisher,dataset,licence,vintage,\
      source_file,source_location,source_url,retrieved. This CSV reads back with `readiness import` (tidy-csv) \
      keeping every value's original source; the bundled snapshot is made that way.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

  @Option(name: .customLong("country"), help: "Only this country (ISO3); repeat for several.")
  var countries: [String] = []
  @Option(name: .customLong("indicator"), help: "Only this indicator code; repeat for several.")
  var indicators: [String] = []
  @Option(help: "Only this year.") var year: Int?
  @Option(help: "Output format: csv or json.") var format: Format = .csv
  @Option(help: "Only the indicators (and denominators) this framework YAML needs.") var framework: String?
  @Option(help: "Only years from this one on.") var since: Int?
  @Flag(help: "Only countries (leave out aggregates and unmatched areas).") var countriesOnly = false
  @Flag(help: "Keep one value per country, indicator and period: the newest vintage (countries only).")
  var newestOnly = false
  @Option(help: "Compact CSV: write the distinct sources to this file and give each row a source id instead of the provenance columns.")
  var sourcesOut: String?
  @OptionGroup var workspaceOptions: WorkspaceOptions

  /// A `--country` that is neither a known country or aggregate nor an area in the workspace is
  /// a mistake (`MAL`), not an empty answer: not found, with the codes it may have meant.
  private func checkCountriesExist(found rows: [StoredObservation]) throws(ReadinessError) {
    let present = Set(rows.map(\.observation.country))
    let unknown = countries.map { $0.uppercased() }.filter { !present.contains($0) }
    guard !unknown.isEmpty else { return }
    let reference = try ReferenceData.bundled()
    for code in unknown where reference.country(code) == nil && reference.aggregates[code] == nil {
      let close = reference.suggestions(for: code)
      throw ReadinessError(
        .notFound,
        "--country \(code) is not a country code (ISO 3166-1 alpha-3) nor an area in the workspace"
          + (close.isEmpty ? "" : "; did you mean " + close.joined(separator: ", ") + "?"))
    }
  }

  func run() throws {
    try ErrorHandling.run {
      let workspace = try workspaceOptions.openExisting()
      var wanted = indicators
      if let framework {
        wanted += try Framework.load(path: framework).requiredSeries.sorted()
      }
      var rows: [StoredObservation]
      if newestOnly {
        rows = try workspace.latestObservations(indicators: wanted)
        if !countries.isEmpty {
          let set = Set(countries.map { $0.uppercased() })
          rows = rows.filter { set.contains($0.observation.country) }
        }
        if let year { rows = rows.filter { $0.observation.year == year } }
      } else {
        rows = try workspace.observations(
          countries: countries.map { $0.uppercased() }, indicators: wanted, year: year,
          kinds: countriesOnly ? [.country] : Set(AreaKind.allCases))
      }
      if let since { rows = rows.filter { ($0.observation.year ?? Int.max) >= since } }
      try checkCountriesExist(found: rows)
      switch format {
      case .csv where sourcesOut != nil:
        var ids: [SourceInfo: String] = [:]
        var table = CSVWriter.row([
          "source", "publisher", "dataset", "licence", "vintage", "source_file", "source_url", "retrieved",
        ])
        var out = CSVWriter.row(["country", "indicator", "period", "value", "unit", "status", "note", "source", "source_location"])
        for stored in rows {
          let o = stored.observation
          let s = stored.source
          let id: String
          if let known = ids[s] {
            id = known
          } else {
            id = "S\(ids.count + 1)"
            ids[s] = id
            table += CSVWriter.row([
              id, s.publisher, s.dataset ?? "", s.licence ?? "", s.vintage ?? "", s.file ?? "", s.url ?? "", s.retrieved ?? "",
            ])
          }
          out += CSVWriter.row([
            o.country, o.indicator, o.period, CSVWriter.number(o.value), o.unit ?? "", o.status ?? "", o.note ?? "", id, o.location,
          ])
        }
        if let sourcesOut { try AtomicFile.write(table, to: sourcesOut) }
        emit(out)
      case .csv:
        var out = CSVWriter.row([
          "country", "indicator", "period", "value", "unit", "status", "note", "area_kind", "publisher", "dataset", "licence",
          "vintage", "source_file", "source_location", "source_url", "retrieved",
        ])
        for stored in rows {
          let o = stored.observation
          let s = stored.source
          out += CSVWriter.row([
            o.country, o.indicator, o.period, CSVWriter.number(o.value), o.unit ?? "", o.status ?? "", o.note ?? "",
            o.areaKind.rawValue, s.publisher, s.dataset ?? "", s.licence ?? "", s.vintage ?? "", s.file ?? "",
            o.location, s.url ?? "", s.retrieved ?? "",
          ])
        }
        emit(out)
      case .json:
        emit(try JSONRendererBridge.render(rows.map(\.observation)))
      }
    }
  }
}

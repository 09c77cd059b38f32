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
  @Option(
    help:
      "Compact CSV: write the distinct sources to this file and give each row a source id instead of the provenance columns."
  )
  var sourcesOut: String?
  @OptionGroup var workspaceOptions: WorkspaceOptions

  /// A `--country` that is neither a known country or aggregate nor an area in the workspace is
  /// a mistake (`MAL`), not an empty answer: not found, with the codes it may have meant.
  private func checkCountriesExist(present: Set<String>) throws(ReadinessError) {
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
      // Rows are written as they come (one country and indicator held at a time), not gathered:
      // an unfiltered listing of a large workspace used to hold every value in memory.
      let output = BufferedOutput()
      var present = Set<String>()
      var sourceIDs: [SourceInfo: String] = [:]
      var sourceTable = CSVWriter.row([
        "source", "publisher", "dataset", "licence", "vintage", "source_file", "source_url", "retrieved",
      ])
      var first = true
      switch format {
      case .csv where sourcesOut != nil:
        output.write(
          CSVWriter.row([
            "country", "indicator", "period", "value", "unit", "status", "note", "source", "source_location",
          ]))
      case .csv:
        output.write(
          CSVWriter.row([
            "country", "indicator", "period", "value", "unit", "status", "note", "area_kind", "publisher", "dataset",
            "licence",
            "vintage", "source_file", "source_location", "source_url", "retrieved",
          ]))
      case .json:
        output.write("[")
      }
      var jsonError: ReadinessError?
      let since = self.since
      try workspace.forEachObservation(
        countries: countries.map { $0.uppercased() }, indicators: wanted, year: year,
        kinds: countriesOnly || newestOnly ? [.country] : Set(AreaKind.allCases), newestOnly: newestOnly
      ) { stored in
        let o = stored.observation
        if let since, (o.year ?? Int.max) < since { return }
        present.insert(o.country)
        let s = stored.source
        switch format {
        case .csv where sourcesOut != nil:
          let id: String
          if let known = sourceIDs[s] {
            id = known
          } else {
            id = "S\(sourceIDs.count + 1)"
            sourceIDs[s] = id
            sourceTable += CSVWriter.row([
              id, s.publisher, s.dataset ?? "", s.licence ?? "", s.vintage ?? "", s.file ?? "", s.url ?? "",
              s.retrieved ?? "",
            ])
          }
          output.write(
            CSVWriter.row([
              o.country, o.indicator, o.period, CSVWriter.number(o.value), o.unit ?? "", o.status ?? "", o.note ?? "",
              id,
              o.location,
            ]))
        case .csv:
          output.write(
            CSVWriter.row([
              o.country, o.indicator, o.period, CSVWriter.number(o.value), o.unit ?? "", o.status ?? "", o.note ?? "",
              o.areaKind.rawValue, s.publisher, s.dataset ?? "", s.licence ?? "", s.vintage ?? "", s.file ?? "",
              o.location, s.url ?? "", s.retrieved ?? "",
            ]))
        case .json:
          guard jsonError == nil else { return }
          do {
            // The whole array pretty-printed, as before: each element indented by two spaces.
            let text = try JSONRendererBridge.render(o).dropLast()
              .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            output.write((first ? "\n" : ",\n") + text)
            first = false
          } catch {
            jsonError =
              error as? ReadinessError ?? ReadinessError(.invalidConfiguration, "cannot encode JSON: \(error)")
          }
        }
      }
      if let jsonError { throw jsonError }
      if format == .json { output.write(first ? "\n\n]\n" : "\n]\n") }
      // An unknown --country is an error, and nothing was listed for it; a known one may be empty.
      try checkCountriesExist(present: present)
      output.flush()
      if let sourcesOut, format == .csv { try AtomicFile.write(sourceTable, to: sourcesOut) }
    }
  }
}

/// Standard output in 256 KiB writes.
final class BufferedOutput {
  private var buffer: [UInt8] = []

  init() { buffer.reserveCapacity(1 << 18) }

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 18 { flush() }
  }

  func flush() {
    guard !buffer.isEmpty else { return }
    FileHandle.standardOutput.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}

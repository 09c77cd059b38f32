import ArgumentParser
import Foundation
@_spi(RowStorage) import ReadinessCore
@_spi(RowStorage) import ReadinessImport

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import open-data files into the workspace (one transaction per file).",
    discussion: """
      The format is recognised from the content; --format forces one. Supported: \(ImportFormat.supportedList).\
      \(ImportFormat.planned.isEmpty ? "" : " Planned: " + ImportFormat.planned.joined(separator: ", ") + ".") \
      Country names and codes are normalised to ISO \
      3166-1 alpha-3; aggregates are kept apart; anything unmatched is listed in the summary. A file that fails \
      leaves the workspace unchanged; an identical file imported twice adds nothing.
      """)

  @Argument(help: "Files to import.", completion: .file())
  var files: [String] = []

  @Flag(
    help: """
      Import the bundled data snapshot (Indicators/snapshot/observations.csv with its sources.csv, of the checkout \
      or installation) as well: a workspace for every command in one step.
      """)
  var snapshot = false

  @Option(help: "The format: auto (recognised from the content) or one to force.")
  var format: ImportFormatOption = .auto

  @Option(help: "CSV with columns source,code mapping indicator names in the file to codes.")
  var indicatorMap: String?

  @Option(help: "Sources table (CSV: source,publisher,dataset,licence,vintage,…) for a tidy file's source column.")
  var sources: String?
  @Option(help: "SDMX: the data structure's dimension order, comma-separated (e.g. FREQ,REF_AREA,INDICATOR).")
  var dimensionOrder: String?
  @Option(help: "SDMX: the dimension holding the country (default: REF_AREA, COUNTRY, LOCATION, GEO, REPORTER).")
  var areaDimension: String?
  @Option(
    help: "The period of data that has no time dimension or year column (SDMX, an index's sheet, OpenAlex; e.g. 2015).")
  var period: String?
  @Option(help: "Workbook (xlsx): the sheet to read, by name or number from 1 (default: the first).") var sheet: String?
  @Option(help: "Workbook (xlsx): the row (from 1) that holds the column names, when detection is not enough.")
  var headerRow: Int?
  @Option(
    help:
      "data (default) or benchmark: an external index shown in profiles as \"how other indices see this country\", never scored (stored as benchmark:<code>)."
  )
  var role: String = "data"
  @Option(
    help:
      "Record-level list: the recipe (YAML) that makes its records country values (default: the matching one in Indicators/recipes/)."
  )
  var recipe: String?
  @Option(help: "Publisher to record (when the file does not say).") var publisher: String?
  @Option(help: "Dataset name to record.") var dataset: String?
  @Option(help: "Licence to record, e.g. \"CC BY 4.0\".") var licence: String?
  @Option(help: "Dataset vintage (last-updated date or edition) to record.") var vintage: String?
  @Option(help: "Where the file was obtained.") var url: String?
  @Option(help: "When the file was retrieved (ISO date).") var retrieved: String?

  @Option(help: "Dossiers: report answers older than this many months as stale.") var staleAfterMonths: Int = 24

  @Flag(
    name: .customLong("dry-run"),
    help: "Read and check the files and print each report, but store nothing (no workspace is opened).")
  var dryRun = false

  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if files.isEmpty && !snapshot {
      throw ValidationError("give the files to import (or --snapshot for the bundled data)")
    }
    if staleAfterMonths < 0 { throw ValidationError("--stale-after-months must be 0 or more") }
    if case .planned(let name) = format {
      throw ValidationError("format \(name) is planned but not built yet; supported: \(ImportFormat.supportedList)")
    }
  }

  func run() throws {
    try ErrorHandling.run {
      let reference = try ReferenceData.bundled()
      let map =
        try indicatorMap.map { path throws(ReadinessError) in try ImportContext.loadIndicatorMap(path: path) } ?? [:]
      var table =
        try sources.map { path throws(ReadinessError) in try ImportContext.loadSourceTable(path: path) } ?? [:]
      var files = self.files
      var snapshotFile: String?
      if snapshot {
        let folder = try ProjectPaths.indicators() + "/snapshot"
        for (id, source) in try ImportContext.loadSourceTable(path: folder + "/sources.csv") where table[id] == nil {
          table[id] = source
        }
        snapshotFile = folder + "/observations.csv"
        files.append(folder + "/observations.csv")
      }
      var context = ImportContext(
        reference: reference, indicatorMap: map,
        sourceOverride: SourceOverride(
          publisher: publisher, dataset: dataset, licence: licence, vintage: vintage, url: url, retrieved: retrieved),
        sourceTable: table,
        sdmx: SDMXOptions(
          dimensionOrder: dimensionOrder.map { $0.split(separator: ",").map { String($0).trimmingSpaces() } } ?? [],
          areaDimension: areaDimension, period: period),
        sheet: SheetOptions(sheet: sheet, headerRow: headerRow))
      context.recipe = recipe
      guard let chosenRole = ImportRole(rawValue: role) else {
        throw ReadinessError(.invalidConfiguration, "--role is \"\(role)\" (expected data or benchmark)")
      }
      context.role = chosenRole
      if dryRun {
        try checkOnly(context: context, files: files, snapshotFile: snapshotFile)
        return
      }
      let existed = workspaceOptions.exists
      var failures: [ReadinessError] = []
      try workspaceOptions.withWorkspaceForWriting { workspace in
        let runner = ImportRunner(workspace: workspace, context: withStaleness(context))
        for file in files {
          do {
            let report = try runner.importFile(file, format: file == snapshotFile ? .tidyCSV : format.forced)
            ErrorHandling.printNote(ImportRunner.describe(report))
          } catch let error as ReadinessError {
            ErrorHandling.printError(error.description)
            failures.append(error)
          }
        }
      }
      if let first = failures.first {
        if !existed && failures.count == files.count {
          // Nothing was imported into a workspace this run created: leave no empty database behind.
          for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: workspaceOptions.path + suffix)
          }
        }
        if files.count > 1 {
          ErrorHandling.printNote(
            "\(files.count - failures.count) of \(files.count) files imported; \(failures.count) failed and changed nothing"
          )
        }
        throw ErrorHandling.exitCode(for: first)
      }
    }
  }

  /// The context with `--stale-after-months` for dossiers.
  private func withStaleness(_ context: ImportContext) -> ImportContext {
    var context = context
    context.staleAfterMonths = staleAfterMonths
    return context
  }

  /// `--dry-run`: every file read and checked as an import would, nothing stored.
  private func checkOnly(context: ImportContext, files: [String], snapshotFile: String?) throws {
    let context = withStaleness(context)
    var failures: [ReadinessError] = []
    for file in files {
      do {
        // Rows are taken whole, as an import would: their values are read and checked all the same.
        let sink = ObservationSink(observation: { _ in }, row: { _ in })
        let report = try Importers.run(
          file: file, format: file == snapshotFile ? .tidyCSV : format.forced, context: context, sink: sink)
        ErrorHandling.printNote(ImportRunner.describe(report) + "\n  (dry run: nothing stored)")
      } catch let error as ReadinessError {
        ErrorHandling.printError(error.description)
        failures.append(error)
      } catch {
        let wrapped = ReadinessError(.io, "\(error)", at: SourceLocation(file: file))
        ErrorHandling.printError(wrapped.description)
        failures.append(wrapped)
      }
    }
    if let first = failures.first {
      if files.count > 1 {
        ErrorHandling.printNote(
          "\(files.count - failures.count) of \(files.count) files would import; \(failures.count) failed")
      }
      throw ErrorHandling.exitCode(for: first)
    }
  }
}

/// `import --format`: `auto` (the format is recognised from the content) or a format to force.
/// ArgumentParser lists the values in `--help` and names them all when a value is unknown; a format
/// that is planned but not built parses, so that `validate()` can say so.
enum ImportFormatOption: ExpressibleByArgument, Equatable, Sendable {
  case auto
  case format(ImportFormat)
  case planned(String)

  init?(argument: String) {
    if argument == "auto" {
      self = .auto
    } else if let format = ImportFormat(rawValue: argument) {
      self = .format(format)
    } else if ImportFormat.planned.contains(argument) {
      self = .planned(argument)
    } else {
      return nil
    }
  }

  /// The format to force, or `nil` to recognise it.
  var forced: ImportFormat? {
    if case .format(let format) = self { format } else { nil }
  }

  var defaultValueDescription: String {
    switch self {
    case .auto: "auto"
    case .format(let format): format.rawValue
    case .planned(let name): name
    }
  }

  static var allValueStrings: [String] { ["auto"] + ImportFormat.allCases.map(\.rawValue) }

  static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

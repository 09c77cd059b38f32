import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessImport
import ReadinessStore

struct FetchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fetch",
    abstract: "Download open data from a publisher's API into the cache, then import it.",
    subcommands: [FetchWorldBankCommand.self])
}

struct FetchWorldBankCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worldbank",
    abstract: "Fetch World Bank API v2 indicators (all pages, XML), keep the raw responses, import them.",
    discussion: """
      Each page is saved as <cache>/worldbank/<indicator>/page-N.xml with page-N.json recording its URL, HTTP \
      status and retrieval time; each page is then imported (one transaction each) with that URL and time as \
      its provenance. Failed requests are retried with exponential backoff; an API error message is reported.
      """)

  @Option(name: .customLong("indicator"), help: "A World Bank indicator code; repeat for several.")
  var indicators: [String]
  @Option(help: "Countries: all, or ISO codes separated by ';' (e.g. MYS;KEN).") var countries = "all"
  @Option(help: "Cache folder for raw responses (default: .readiness-cache).") var cache = ".readiness-cache"
  @Option(help: "API base URL.") var baseURL =
    ProcessInfo.processInfo.environment["READINESS_WB_API"] ?? "https://api.worldbank.org/v2"
  @Option(help: "Records per page.") var perPage = 1000
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if indicators.isEmpty { throw ValidationError("give at least one --indicator CODE") }
  }

  func run() async throws {
    let fetcher = WorldBankFetcher(baseURL: baseURL, cacheDirectory: cache, countries: countries, perPage: perPage)
    var pages: [WorldBankFetcher.Page] = []
    do {
      for indicator in indicators {
        pages += try await fetcher.fetch(indicator: indicator) { ErrorHandling.printNote($0) }
      }
    } catch let error as ReadinessError {
      ErrorHandling.printError(error.description)
      throw ErrorHandling.exitCode(for: error)
    }
    try ErrorHandling.run {
      let reference = try ReferenceData.bundled()
      try workspaceOptions.withWorkspaceForWriting { workspace in
        // All pages of one indicator in one transaction: a series never lands half-imported.
        for indicator in indicators {
          let group = pages.filter { $0.indicator == indicator }
          var requests: [Workspace.ImportRequest] = []
          for page in group {
            let context = ImportContext(
              reference: reference, sourceOverride: SourceOverride(url: page.url, retrieved: page.retrieved))
            let sha = try AtomicFile.sha256(path: page.file)
            requests.append(
              Workspace.ImportRequest(
                file: page.file, sha256: sha, format: ImportFormat.wbXML.rawValue,
                options: context.fingerprint(format: .wbXML)
              ) { writer in
                try Importers.run(file: page.file, format: .wbXML, context: context) { try writer.write($0) }
              })
          }
          for var report in try workspace.importFiles(requests) {
            report.warnings.removeAll { $0.contains("import the other pages") }
            ErrorHandling.printNote(ImportRunner.describe(report))
          }
        }
      }
    }
  }
}

import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessServer

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve rankings, profiles, comparisons, what-ifs and the self-assessment dossiers in a browser.",
    discussion: """
      Binds 127.0.0.1:8080 by default and prints the address. With no --workspace (and no $READINESS_WORKSPACE) it \
      serves the bundled data snapshot, readable without signing in. A workspace is readable only by signed-in \
      accounts (readiness user add) unless --anonymous-read is given; contributors answer, reviewers validate.
      """)

  @Option(help: "The port (0: any free port).") var port = 8080
  @Option(help: "The address to bind (default loopback only; 0.0.0.0 exposes the server to the network).")
  var host = "127.0.0.1"
  @Flag(help: "Let visitors who are not signed in read rankings, profiles and dossiers.") var anonymousRead = false
  @Flag(help: "Mark cookies Secure (when served under TLS, e.g. behind a TLS proxy).") var secureCookies = false
  @Option(help: "Monte Carlo runs behind the profiles' rank intervals (0 = none).") var uncertaintyRuns = 200
  @Option(help: "The framework YAML (default: Indicators/frameworks/ram-digital-divide.yaml).") var framework: String?
  @Option(help: "The folder of Mustache templates (default: Reports/templates).") var templates: String?
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535") }
    if uncertaintyRuns < 0 { throw ValidationError("--uncertainty-runs must be 0 or more") }
  }

  func run() async throws {
    let backend: Backend
    let site: ReadinessSite
    do {
      backend = try await openBackend(workspace: workspaceOptions, snapshotWhenMissing: true)
      var settings = ServerDataset.Settings()
      settings.uncertaintyRuns = uncertaintyRuns
      let data = try ServerDataset.load(
        workspace: backend.workspace, framework: framework, settings: settings, title: backend.title,
        softwareVersion: Readiness.version)
      var serverSettings = ServerSettings()
      serverSettings.anonymousRead = anonymousRead || backend.isSnapshot
      serverSettings.secureCookies = secureCookies
      serverSettings.templates = templates
      site = try ReadinessSite(data: data, store: backend.store, settings: serverSettings)
    } catch let error as ReadinessError {
      ErrorHandling.printError(error.description)
      throw ErrorHandling.exitCode(for: error)
    }
    let anonymous = anonymousRead || backend.isSnapshot
    do {
      try await site.serve(host: host, port: port) { address in
        ErrorHandling.printNote(
          "serving \(backend.title) at \(address)/ (anonymous reading \(anonymous ? "on" : "off"); Ctrl-C stops)")
        emit(address + "\n")
      }
      await backend.close()
    } catch {
      await backend.close()
      ErrorHandling.printError("the server stopped: \(error)")
      throw ExitCode(74)
    }
  }
}

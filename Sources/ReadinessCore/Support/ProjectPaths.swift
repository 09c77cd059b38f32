import Foundation

/// Finds the project's data folders (`Indicators/`, `Reports/`) at run time.
///
/// In order: the `READINESS_HOME` environment variable; the current directory and its
/// parents; `share/readiness` beside the executable's folder (an installation by
/// `scripts/install`: `PREFIX/bin/readiness` reads `PREFIX/share/readiness/`); the executable's
/// directory and its parents (so `swift run` and `.build/release/readiness` both work from anywhere
/// inside the checkout). The executable's path has its symbolic links resolved first, so a link
/// in `/usr/local/bin` to an installed binary finds that installation's resources.
public enum ProjectPaths {
  /// The folder an installation keeps its resources in, relative to the executable's folder.
  public static let installedShare = "../share/readiness"

  /// The project root: the folder that holds `Indicators/reference/countries.csv`.
  public static func root() throws(ReadinessError) -> String {
    try root(
      environment: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath,
      executable: CommandLine.arguments.first ?? "")
  }

  /// ``root()`` for the given environment, current directory and executable path.
  public static func root(environment: [String: String], currentDirectory: String, executable: String)
    throws(ReadinessError) -> String
  {
    let fm = FileManager.default
    func isRoot(_ dir: String) -> Bool {
      fm.fileExists(atPath: dir + "/Indicators/reference/countries.csv")
    }
    if let home = environment["READINESS_HOME"], !home.isEmpty {
      if isRoot(home) { return home }
      throw ReadinessError(
        .notFound, "READINESS_HOME=\(home) does not hold Indicators/reference/countries.csv")
    }
    func walkUp(from start: String) -> String? {
      var url = URL(fileURLWithPath: start).standardizedFileURL
      while true {
        if isRoot(url.path) { return url.path }
        let parent = url.deletingLastPathComponent()
        if parent.path == url.path { return nil }
        url = parent
      }
    }
    if let found = walkUp(from: currentDirectory) { return found }
    let folder = URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
      .resolvingSymlinksInPath().deletingLastPathComponent()
    let share = folder.appendingPathComponent(installedShare).standardizedFileURL.path
    if isRoot(share) { return share }
    if let found = walkUp(from: folder.path) { return found }
    throw ReadinessError(
      .notFound,
      "cannot find the project's Indicators/ folder; run inside the readiness checkout, install it with "
        + "scripts/install (PREFIX/share/readiness beside PREFIX/bin) or set READINESS_HOME")
  }

  /// Whether `root` is an installation's resource folder (`…/share/readiness`) rather than a checkout.
  public static func isInstalled(_ root: String) -> Bool {
    URL(fileURLWithPath: root).standardizedFileURL.path.hasSuffix("/share/readiness")
  }

  /// `<root>/Indicators`.
  public static func indicators() throws(ReadinessError) -> String { try root() + "/Indicators" }
}

import Foundation

/// Finds the project's data folders (`Indicators/`, `Reports/`) at run time.
///
/// In order: the `READINESS_HOME` environment variable; the current directory and its
/// parents; the executable's directory and its parents (so `swift run` and an installed
/// `.build/release/readiness` both work from anywhere inside the checkout).
public enum ProjectPaths {
  /// The project root: the folder that holds `Indicators/reference/countries.csv`.
  public static func root() throws(ReadinessError) -> String {
    let fm = FileManager.default
    func isRoot(_ dir: String) -> Bool {
      fm.fileExists(atPath: dir + "/Indicators/reference/countries.csv")
    }
    if let home = ProcessInfo.processInfo.environment["READINESS_HOME"], !home.isEmpty {
      if isRoot(home) { return home }
      throw ReadinessError(
        .notFound, "READINESS_HOME=\(home) does not hold Indicators/reference/countries.csv")
    }
    var starts = [fm.currentDirectoryPath]
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    starts.append(executable.deletingLastPathComponent().path)
    for start in starts {
      var url = URL(fileURLWithPath: start).standardizedFileURL
      while true {
        if isRoot(url.path) { return url.path }
        let parent = url.deletingLastPathComponent()
        if parent.path == url.path { break }
        url = parent
      }
    }
    throw ReadinessError(
      .notFound,
      "cannot find the project's Indicators/ folder; run inside the readiness checkout or set READINESS_HOME")
  }

  /// `<root>/Indicators`.
  public static func indicators() throws(ReadinessError) -> String { try root() + "/Indicators" }
}

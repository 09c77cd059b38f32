import Foundation
@_spi(RowStorage) import ReadinessCore
@_spi(RowStorage) import ReadinessImport
@_spi(RowStorage) import ReadinessStore

/// Imports files into a workspace, one transaction per file, and describes each outcome.
struct ImportRunner {
  let workspace: Workspace
  let context: ImportContext

  /// Imports one file; a failure leaves the workspace as it was and is rethrown.
  func importFile(_ file: String, format: ImportFormat?) throws -> ImportReport {
    try importTogether([file], format: format)[0]
  }

  /// Imports several files in one transaction: all of them or none.
  func importTogether(_ files: [String], format: ImportFormat?) throws -> [ImportReport] {
    var digests: [BackgroundDigest] = []
    // Every hashing thread is joined before this returns or throws, whatever happened.
    defer { for digest in digests { digest.finish() } }
    let requests = files.map { file in
      let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
      let digest = BackgroundDigest(path: file)
      digests.append(digest)
      let context = self.context
      return Workspace.ImportRequest(
        file: file, size: size, digest: { try digest.value() }, format: format?.rawValue ?? "auto",
        options: context.fingerprint(format: format)
      ) { writer in
        let progress = Progress(file: file)
        defer { progress.finish() }
        let sink = ObservationSink(
          observation: { (observation: consuming Observation) in
            progress.tick()
            try writer.write(observation)
          },
          row: { row in
            progress.tick(row.cells.count)
            try writer.write(row)
          })
        if try (format ?? FormatSniffer.detect(path: file)) == .dossier {
          // A dossier is stored too, in the same transaction as its values.
          var (report, dossier) = try DossierImporter().read(file: file, context: context, emit: sink)
          writer.dossier = dossier
          report.source = context.sourceOverride.apply(to: report.source)
          return report
        }
        return try Importers.run(file: file, format: format, context: context, sink: sink)
      }
    }
    return try workspace.importFiles(requests)
  }

  /// A short human summary of a report, several lines.
  static func describe(_ report: ImportReport) -> String {
    if report.alreadyImported {
      return "\(report.file): already imported (identical file); nothing added"
    }
    var lines: [String] = []
    let countries = report.observations - report.aggregateObservations - report.unmatched.values.reduce(0, +)
    lines.append(
      "\(report.file): \(report.format), \(report.observations) observations "
        + "(\(countries) for countries, \(report.aggregateObservations) for aggregates, "
        + "\(report.unmatched.values.reduce(0, +)) unmatched), \(report.missingValues) empty cells")
    var source = [report.source.publisher]
    if let dataset = report.source.dataset { source.append(dataset) }
    if let vintage = report.source.vintage { source.append("last updated \(vintage)") }
    if let licence = report.source.licence { source.append(licence) }
    lines.append("  source: " + source.joined(separator: ", "))
    if !report.unmatched.isEmpty {
      let list = report.unmatched.sorted { $0.key < $1.key }.prefix(20).map {
        $0.key.isEmpty ? "(no area dimension) (\($0.value))" : "\"\($0.key)\" (\($0.value))"
      }
      lines.append(
        "  unmatched areas kept as given: " + list.joined(separator: ", ")
          + (report.unmatched.count > 20 ? ", … (\(report.unmatched.count) in all)" : ""))
    }
    for note in report.skipped.prefix(10) { lines.append("  skipped: \(note)") }
    if report.skipped.count > 10 { lines.append("  skipped: … \(report.skipped.count) rows in all") }
    for warning in report.warnings { lines.append("  warning: \(warning)") }
    if !report.classifications.isEmpty {
      lines.append("  classifications: \(report.classifications.count)")
    }
    return lines.joined(separator: "\n")
  }
}

/// A one-line progress display on stderr for large files (over 10 MB, or
/// `READINESS_PROGRESS_MIN_BYTES`), only when stderr is a terminal: observations stored and
/// elapsed time, redrawn at most four times a second.
final class Progress {
  private let label: String
  private let enabled: Bool
  private let start = Date()
  private var count = 0
  private var lastDraw = Date.distantPast
  private var drawn = false

  init(file: String) {
    let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    let threshold = ProcessInfo.processInfo.environment["READINESS_PROGRESS_MIN_BYTES"].flatMap(Int.init) ?? 10_000_000
    enabled = isatty(STDERR_FILENO) == 1 && size > threshold
    label = "\(URL(fileURLWithPath: file).lastPathComponent) (\(size / 1_000_000) MB)"
  }

  func tick(_ observations: Int = 1) {
    guard enabled else { return }
    let before = count
    count += observations
    guard count / 10_000 != before / 10_000 else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.25 || !drawn else { return }
    lastDraw = now
    drawn = true
    let seconds = Int(now.timeIntervalSince(start))
    FileHandle.standardError.write(Data("\r\u{1B}[Kimporting \(label): \(count) observations, \(seconds) s".utf8))
  }

  func finish() {
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}

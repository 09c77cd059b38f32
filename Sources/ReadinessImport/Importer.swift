import ReadinessCore

/// Receives each observation as it is read; the workspace writes it inside the import's
/// transaction. The observation is handed over (`consuming`): an importer that does not use it
/// afterwards moves it into the workspace's batch instead of copying it.
public typealias ObservationSink = (consuming Observation) throws -> Void

/// One importer per format. The CSV and XML importers stream (constant memory whatever the file
/// size); the JSON and YAML ones (World Bank API pages, SDMX-JSON, self-assessment forms) decode a
/// whole file, capped at 64 MiB.
protocol Importer {
  /// Reads `file`, sends every observation to `emit` and returns the report.
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport
}

/// Runs the right importer for a file.
public enum Importers {
  /// Imports `file` as `format` (or the sniffed format when `nil`).
  ///
  /// - Throws: ``ReadinessError`` naming the file and position of the first problem. The
  ///   caller's transaction must be rolled back: observations already sent are not valid.
  public static func run(
    file: String, format: ImportFormat?, context: ImportContext, emit: ObservationSink
  ) throws -> ImportReport {
    let chosen = try format ?? FormatSniffer.detect(path: file)
    var report = try importer(for: chosen, context: context).run(file: file, context: context, emit: emit)
    report.source = context.sourceOverride.apply(to: report.source)
    return report
  }

  static func importer(for format: ImportFormat, context: ImportContext) -> any Importer {
    switch format {
    case .wbCSV: WorldBankCSVImporter()
    case .wbXML: WorldBankXMLImporter()
    case .wbJSON: WorldBankJSONImporter()
    case .wbDataBank: DataBankImporter()
    case .wbLong: WorldBankLongImporter()
    case .owidCSV: OWIDImporter()
    case .unEGovCSV: UNEGovImporter()
    case .tidyCSV: TidyCSVImporter()
    case .selfAssessment: SelfAssessmentImporter()
    case .uisCSV: UISImporter()
    case .ituCSV: ITUImporter()
    case .oecdCSV: OECDImporter()
    case .wgiCSV: WGIPanelImporter()
    case .sdmxJSON: SDMXJSONImporter(areaDimension: context.sdmx.areaDimension, defaultPeriod: context.sdmx.period)
    case .sdmxCSV: SDMXCSVImporter(dimensionOrder: context.sdmx.dimensionOrder, areaDimension: context.sdmx.areaDimension)
    case .sdmxML:
      SDMXMLImporter(
        dimensionOrder: context.sdmx.dimensionOrder, areaDimension: context.sdmx.areaDimension, period: context.sdmx.period)
    }
  }
}

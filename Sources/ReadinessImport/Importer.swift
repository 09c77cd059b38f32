@_spi(RowStorage) import ReadinessCore

/// Receives each observation as it is read; the workspace writes it inside the import's
/// transaction. The observation is handed over (`consuming`): an importer that does not use it
/// afterwards moves it into the workspace's batch instead of copying it.
///
/// Importers of series (a World Bank bulk CSV line, an SDMX-ML time series) may hand over a
/// whole ``ObservationRow`` instead; a sink made without a row handler receives the row's
/// observations one by one, in order.
public struct ObservationSink {
  @usableFromInline let observation: (consuming Observation) throws -> Void
  let row: ((ObservationRow) throws -> Void)?

  /// A sink that receives every value as an ``Observation``.
  public init(_ observation: @escaping (consuming Observation) throws -> Void) {
    self.observation = observation
    self.row = nil
  }

  /// A sink that takes rows whole; single observations go to `observation`.
  @_spi(RowStorage)
  public init(
    observation: @escaping (consuming Observation) throws -> Void, row: @escaping (ObservationRow) throws -> Void
  ) {
    self.observation = observation
    self.row = row
  }

  /// Hands over one observation.
  @inlinable
  public func callAsFunction(_ value: consuming Observation) throws {
    try observation(value)
  }

  /// Hands over a row: whole when the sink takes rows, else as its observations.
  @_spi(RowStorage)
  public func callAsFunction(_ value: ObservationRow) throws {
    if let row {
      try row(value)
    } else {
      for each in value.observations { try observation(each) }
    }
  }
}

/// One importer per format. The CSV and XML importers stream (constant memory whatever the file
/// size); the JSON and YAML ones (World Bank API pages, SDMX-JSON, self-assessment forms) decode a
/// whole file, capped at 64 MiB.
///
/// A format is one importer type: its ``format``, how it is made from the import's options
/// (``make(_:)``), how it recognises its files (``detect(_:)``) and how it reads them (``run``);
/// ``Importers/registry`` lists the types in the order detection asks them.
protocol Importer: SendableMetatype {
  /// The format this importer reads.
  static var format: ImportFormat { get }
  /// What ``detect(_:)`` needs of the file (default: its first bytes as text).
  static var reads: DetectionInput { get }
  /// Whether a file with this head is in this importer's format (default: never; such a format
  /// is only read when named with `--format`, or by another importer).
  static func detect(_ head: FileHead) -> Bool
  /// The importer for one import, with its options.
  static func make(_ context: ImportContext) -> Self
  /// Reads `file`, sends every observation to `emit` and returns the report.
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport
}

/// What an importer's detection looks at.
enum DetectionInput {
  /// The raw first bytes (before any check that they are text): binary formats.
  case binary
  /// The first bytes as text (``FileHead/text``, ``FileHead/kind``).
  case text
  /// The text and the first meaningful CSV record (``FileHead/header``, ``FileHead/keys``).
  case csvHeader
}

extension Importer {
  static var reads: DetectionInput { .text }
  static func detect(_ head: FileHead) -> Bool { false }
}

/// Runs the right importer for a file.
public enum Importers {
  /// Imports `file` as `format` (or the sniffed format when `nil`).
  ///
  /// - Throws: ``ReadinessError`` naming the file and position of the first problem. The
  ///   caller's transaction must be rolled back: observations already sent are not valid.
  public static func run(
    file: String, format: ImportFormat?, context: ImportContext, sink: ObservationSink
  ) throws -> ImportReport {
    let chosen = try format ?? (context.recipe != nil ? .records : FormatSniffer.detect(path: file))
    guard context.role == .benchmark else {
      var report = try importer(for: chosen, context: context).run(file: file, context: context, emit: sink)
      report.source = context.sourceOverride.apply(to: report.source)
      return report
    }
    // A benchmark's series go under their own namespace, so no framework can score them.
    let prefix = ImportContext.benchmarkPrefix
    let renamed = ObservationSink { (observation: consuming Observation) in
      observation.indicator = prefix + observation.indicator
      try sink(observation)
    }
    var report = try importer(for: chosen, context: context).run(file: file, context: context, emit: renamed)
    report.indicatorNames = Dictionary(
      report.indicatorNames.map { (prefix + $0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    report.source = context.sourceOverride.apply(to: report.source)
    return report
  }

  /// Imports `file` as `format` (or the sniffed format when `nil`), handing every value to `emit`
  /// as an ``Observation`` (rows are taken apart).
  public static func run(
    file: String, format: ImportFormat?, context: ImportContext, emit: (consuming Observation) throws -> Void
  ) throws -> ImportReport {
    try withoutActuallyEscaping(emit) { emit in
      try run(file: file, format: format, context: context, sink: ObservationSink(emit))
    }
  }

  static func importer(for format: ImportFormat, context: ImportContext) -> any Importer {
    guard let type = registry.first(where: { $0.format == format }) else {
      preconditionFailure("no importer registered for \(format)")
    }
    return type.make(context)
  }

  /// Every importer, in the order format detection asks them: binary formats, readiness's own
  /// YAML forms, XML, JSON, then the CSV formats from the most specific header to the most
  /// general (tidy CSV, then record lists). Every ``ImportFormat`` has exactly one (tested).
  static let registry: [any Importer.Type] = [
    XLSXImporter.self,
    DossierImporter.self,
    SDMXMLImporter.self,
    WorldBankXMLImporter.self,
    OpenAlexGroupByImporter.self,
    SDMXJSONImporter.self,
    WorldBankJSONImporter.self,
    SelfAssessmentImporter.self,
    Data360CSVImporter.self,
    SDMXCSVImporter.self,
    GitHubInnovationGraphImporter.self,
    DDFDatapointsImporter.self,
    WorldBankCSVImporter.self,
    DataBankImporter.self,
    WorldBankLongImporter.self,
    OWIDImporter.self,
    UNEGovImporter.self,
    ITUImporter.self,
    UISImporter.self,
    OECDImporter.self,
    WGIPanelImporter.self,
    TidyCSVImporter.self,
    RecordListImporter.self,
    CountryTableImporter.self,
  ]
}

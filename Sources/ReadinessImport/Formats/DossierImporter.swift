import Foundation
import ReadinessCore

/// The national self-assessment dossier (`schema: readiness-dossier/1`, YAML; see ``Dossier``).
///
/// Every counted answer (not `suggested`) becomes an ordinal observation (0 … 1) under its question's
/// `SA.…` indicator for the year of its date, and every national figure an observation under its
/// `SA.FIG.…` indicator with its unit; the source is the office (the lead organisation) and the
/// dossier's round. The dossier itself is handed back for the workspace to store beside them.
public struct DossierImporter: Importer {
  public init() {}

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    try read(file: file, context: context, emit: emit).report
  }

  /// Reads, checks and emits a dossier.
  public func read(file: String, context: ImportContext, emit: ObservationSink) throws -> (
    report: ImportReport, dossier: Dossier
  ) {
    let bank = try QuestionBank.bundled()
    let today = context.today ?? Dossier.today()
    let dossier = try Dossier.load(path: file, bank: bank, reference: context.reference, today: today)
    let office = dossier.leadName ?? "national office"
    var report = ImportReport(
      file: file, format: ImportFormat.dossier.rawValue,
      source: SourceInfo(
        publisher: "national self-assessment (\(office))",
        dataset: dossier.example ? "EXAMPLE — invented answers" : "readiness dossier, round \(dossier.round)",
        licence: "as stated by the office", vintage: dossier.assessmentDate, file: file))
    if dossier.example { report.warnings.append("this dossier is marked example: true; its content is invented") }
    for answer in dossier.answers {
      guard answer.counts, let question = bank[answer.question] else {
        report.skipped.append("line \(answer.line): \(answer.question) is only suggested; not stored as a value")
        continue
      }
      let date = answer.date ?? dossier.assessmentDate
      let evidence = answer.evidence.map(\.citation).joined(separator: " | ")
      let observation = Observation(
        country: dossier.country, areaKind: .country, indicator: context.indicatorCode(question.indicator),
        period: String(date.prefix(4)), value: answer.score, status: answer.status.rawValue,
        note: evidence.isEmpty ? answer.answer : "\(answer.answer); evidence: \(evidence)",
        location: "line \(answer.line)")
      report.count(observation)
      try emit(observation)
      report.indicatorNames[question.indicator] = question.text
    }
    for value in dossier.figures {
      guard let figure = bank.figure(value.figure) else { continue }
      let observation = Observation(
        country: dossier.country, areaKind: .country, indicator: context.indicatorCode(figure.indicator),
        period: String(value.year), value: value.value, unit: figure.unit, status: value.status.rawValue,
        note: value.note, location: "line \(value.line)")
      report.count(observation)
      try emit(observation)
      report.indicatorNames[figure.indicator] = figure.text
    }
    let stale = dossier.staleAnswers(asOf: today, months: context.staleAfterMonths)
    if !stale.isEmpty {
      report.warnings.append(
        "\(stale.count) answer(s) older than \(context.staleAfterMonths) months, to check again: "
          + stale.prefix(10).map { "\($0.question) (\($0.date ?? dossier.assessmentDate))" }.joined(separator: ", "))
    }
    return (report, dossier)
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension DossierImporter {
  static let format = ImportFormat.dossier

  static func make(_ context: ImportContext) -> Self {
    DossierImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .text && head.lower.contains("schema: readiness-dossier")
  }
}

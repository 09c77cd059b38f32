import Foundation
import ReadinessCore
import Yams

/// The first national self-assessment form (`schema: readiness-self-assessment/1`, YAML): a national
/// AI office's answers to the nine questions of the first question bank. Question bank 2
/// (`Indicators/self-assessment/questions.yaml`) maps each old question id to the question that
/// replaces it (`legacy:`), and each old answer to one of its options (by the same name unless the
/// bank says otherwise); the answer is scored on the new question's levels.
///
/// Every answer becomes an ordinal observation (0 … 1) under the new question's `SA.…` indicator,
/// for the year of the answer's date, with the answer and its evidence as the note and the
/// provenance "national self-assessment" (respondent, assessment date). A form marked
/// `example: true` is stored under the dataset "EXAMPLE — invented answers". Unknown questions
/// and answers are errors at their line.
struct SelfAssessmentImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let bank = try QuestionBank.bundled()
    let questions = Dictionary(
      bank.questions.compactMap { question in question.legacyID.map { ($0, question) } },
      uniquingKeysWith: { first, _ in first })
    let text: String
    do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
      throw ReadinessError(.malformedInput, "not a UTF-8 text file", at: SourceLocation(file: file))
    }
    let root: Node
    do {
      guard let parsed = try Yams.compose(yaml: text) else {
        throw ReadinessError(.unexpectedContent, "empty form", at: SourceLocation(file: file))
      }
      root = parsed
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.malformedInput, "not valid YAML: \(error)", at: SourceLocation(file: file))
    }
    func line(_ node: Node?) -> Int? { node?.mark.map { $0.line } }
    func fail(_ message: String, _ node: Node?) -> ReadinessError {
      ReadinessError(.unexpectedContent, message, at: SourceLocation(file: file, line: line(node)))
    }
    guard root["schema"]?.string == "readiness-self-assessment/1" else {
      throw fail("expected schema: readiness-self-assessment/1", root["schema"] ?? root)
    }
    let countryNode = root["country"]
    guard let countryCode = countryNode?.string, !countryCode.isEmpty,
      case .country(let iso3) = context.reference.resolve(code: countryCode)
    else {
      throw fail("country must be an ISO 3166-1 alpha-3 code (e.g. MYS)", countryNode ?? root)
    }
    guard let respondent = root["answered_by"]?.string, !respondent.isEmpty else {
      throw fail("answered_by is required (who answered the form)", root["answered_by"] ?? root)
    }
    guard let assessmentDate = root["assessment_date"]?.string, Observation.year(of: assessmentDate) != nil else {
      throw fail("assessment_date must be a date YYYY-MM-DD", root["assessment_date"] ?? root)
    }
    let isExample = root["example"]?.bool ?? false
    var report = ImportReport(
      file: file, format: ImportFormat.selfAssessment.rawValue,
      source: SourceInfo(
        publisher: "national self-assessment (\(respondent))",
        dataset: isExample ? "EXAMPLE — invented answers" : "readiness self-assessment form",
        licence: "as stated by the respondent", vintage: assessmentDate, file: file))
    if isExample { report.warnings.append("this form is marked example: true; its values are invented") }
    var seen = Set<String>()
    for answer in root["answers"]?.sequence ?? [] {
      guard let id = answer["question"]?.string else { throw fail("an answer without a question id", answer) }
      guard let question = questions[id] else {
        throw fail(
          "unknown question \"\(id)\" (expected one of: \(questions.keys.sorted().joined(separator: ", ")))",
          answer["question"])
      }
      guard seen.insert(id).inserted else { throw fail("question \(id) is answered twice", answer) }
      let choice = answer["answer"]?.string ?? ""
      if choice.isEmpty {
        report.missingValues += 1
        continue
      }
      let mapped = question.legacyOptions[choice] ?? choice
      guard let score = question.options[mapped] else {
        let old =
          question.levels.map(\.id).filter { !question.legacyOptions.values.contains($0) }
          + question.legacyOptions.keys.sorted()
        throw fail(
          "answer \"\(choice)\" to \(id) is not an option (expected one of: \(old.joined(separator: ", ")))",
          answer["answer"])
      }
      let evidence = answer["evidence"]?.string ?? ""
      if evidence.isEmpty { report.warnings.append("line \(line(answer) ?? 0): \(id) has no evidence") }
      let date = answer["date"]?.string ?? assessmentDate
      guard let year = Observation.year(of: date) else { throw fail("date must be YYYY-MM-DD", answer["date"]) }
      let observation = Observation(
        country: iso3, areaKind: .country, indicator: context.indicatorCode(question.indicator), period: String(year),
        value: score, note: evidence.isEmpty ? choice : "\(choice); evidence: \(evidence)",
        location: "line \(line(answer) ?? 0)")
      report.count(observation)
      try emit(observation)
      report.indicatorNames[question.indicator] = question.text
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension SelfAssessmentImporter {
  static let format = ImportFormat.selfAssessment

  static func make(_ context: ImportContext) -> Self {
    SelfAssessmentImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .text && head.lower.contains("schema: readiness-self-assessment")
  }
}

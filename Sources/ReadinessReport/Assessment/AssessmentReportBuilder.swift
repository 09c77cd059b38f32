import Foundation
import ReadinessCore
import ReadinessScoring

/// Builds the ``AssessmentReport`` of a dossier, with the country's open-data profile (when the
/// workspace can score the country) as the quantitative evidence.
public struct AssessmentReportBuilder: Sendable {
  public var bank: QuestionBank
  public var library: RecommendationLibrary
  /// The country's open-data profile, if it could be scored.
  public var profile: CountryProfile?
  /// The country's name and blocs when there is no profile.
  public var countryName: String
  public var blocs: [String]
  /// YYYY-MM-DD: staleness and the report's date.
  public var asOf: String
  public var staleAfterMonths: Int
  public var softwareVersion: String

  public init(
    bank: QuestionBank, library: RecommendationLibrary, profile: CountryProfile?, countryName: String, blocs: [String],
    asOf: String, staleAfterMonths: Int, softwareVersion: String
  ) {
    self.bank = bank
    self.library = library
    self.profile = profile
    self.countryName = countryName
    self.blocs = blocs
    self.asOf = asOf
    self.staleAfterMonths = staleAfterMonths
    self.softwareVersion = softwareVersion
  }

  /// The label every score carries.
  public static let label = "RAM-aligned, unofficial"
  public static let watermark = "DRAFT — not validated"

  public func build(_ dossier: Dossier) -> AssessmentReport {
    let policy = PolicyScore(dossier: dossier, bank: bank)
    let stale = Set(dossier.staleAnswers(asOf: asOf, months: staleAfterMonths).map(\.question))
    let indicators = Dictionary(
      (profile?.dimensions ?? []).flatMap { $0.pillars.flatMap(\.indicators) }.map { ($0.code, $0) },
      uniquingKeysWith: { a, _ in a })

    func subsection(_ sub: QuestionBank.SubDimension) -> AssessmentReport.SubSection {
      let questions = bank.questions.filter { $0.ram == sub.code }
      var answers: [AssessmentReport.AnswerItem] = []
      var unanswered: [String] = []
      for question in questions {
        guard let answer = dossier.answer(question.id) else {
          unanswered.append(question.text)
          continue
        }
        if !answer.counts { unanswered.append(question.text + " (suggested from open data, to confirm)") }
        answers.append(
          AssessmentReport.AnswerItem(
            question: question.id, questionText: question.text, aspect: question.aspect,
            answer: question.option(answer.answer)?.label ?? answer.answer, level: answer.level,
            maxLevel: question.maxLevel,
            status: answer.status.rawValue, date: answer.date, stale: stale.contains(question.id),
            answeredBy: answer.answeredBy.map(dossier.name(of:)), reviewer: answer.reviewer.map(dossier.name(of:)),
            note: answer.note, evidence: answer.evidence))
      }
      let figures = dossier.figures.compactMap { value -> AssessmentReport.FigureItem? in
        guard let figure = bank.figure(value.figure), figure.ram == sub.code else { return nil }
        return AssessmentReport.FigureItem(
          figure: figure.id, text: figure.text, value: value.value, unit: figure.unit, year: value.year,
          status: value.status.rawValue, evidence: value.evidence)
      }
      let openData = sub.openData.compactMap { code -> AssessmentReport.OpenDataItem? in
        guard let indicator = indicators[code] else { return nil }
        return AssessmentReport.OpenDataItem(
          code: code, name: indicator.name, value: indicator.value, unit: indicator.unit, year: indicator.year,
          score: indicator.score)
      }
      return AssessmentReport.SubSection(
        code: sub.code, name: sub.name, policy: policy.subdimension(sub.code)!, finding: dossier.findings[sub.code],
        answers: answers, unanswered: unanswered, figures: figures, openData: openData,
        noOpenData: !openData.contains { $0.value != nil })
    }

    let dimensions = policy.dimensions.map { part -> AssessmentReport.DimensionSection in
      let frameworkCode = QuestionBank.dimension(ofRAM: part.code)
      let open = profile?.dimensions.first { $0.score.code == frameworkCode }?.score
      return AssessmentReport.DimensionSection(
        code: part.code, name: part.name, policy: part, openDataScore: open?.score,
        openDataIndicators: open.map { "\($0.available) of \($0.total) sub-pillars scored" },
        subsections: bank.subdimensions.filter { $0.code.hasPrefix(part.code) }.map(subsection))
    }
    let general = bank.subdimensions.first { $0.code == "G" }.map(subsection)
    let allSubsections = (general.map { [$0] } ?? []) + dimensions.flatMap(\.subsections)
    let gaps = allSubsections.compactMap { sub -> AssessmentReport.Gap? in
      let unanswered = sub.policy.questions - sub.policy.answered
      let noOpenData = sub.noOpenData
      guard noOpenData || unanswered > 0 else { return nil }
      return AssessmentReport.Gap(
        code: sub.code, name: sub.name, noOpenData: noOpenData, unanswered: unanswered, questions: sub.policy.questions)
    }

    // Summary.
    var summary: [String] = []
    let answered = policy.subdimensions.map(\.answered).reduce(0, +)
    summary.append(
      "\(answered) of \(bank.questions.count) questions answered (suggested answers not counted); dossier status \(dossier.status.rawValue)."
    )
    for part in policy.dimensions {
      let open = dimensions.first { $0.code == part.code }?.openDataScore
      summary.append(
        "\(part.name): policy and institutional readiness \(Formatting.score(part.score))"
          + " (\(part.answered) of \(part.questions) answered\(part.complete ? "" : ", incomplete")); open-data score \(Formatting.score(open))."
      )
    }
    if !stale.isEmpty {
      summary.append("\(stale.count) answer(s) are older than \(staleAfterMonths) months and need checking again.")
    }
    let noData = gaps.filter(\.noOpenData).map(\.code)
    if !noData.isEmpty { summary.append("Not measured by open data: \(noData.joined(separator: ", ")).") }

    var context: [String] = []
    if let header = profile?.header {
      if let region = header.region {
        context.append("Region: \(region)" + (header.subregion.map { " (\($0))" } ?? ""))
      }
      if let income = header.incomeGroup { context.append("World Bank income group: \(income)") }
      if let score = profile?.headline.score {
        context.append(
          "Open-data readiness score (framework \(header.framework.name)): \(Formatting.score(score)) of 100, reference year \(header.referenceYear)"
        )
      }
    }
    if !blocs.isEmpty { context.append("Blocs: \(blocs.joined(separator: ", "))") }
    if let lead = dossier.leadName { context.append("Lead institution of the assessment: \(lead)") }
    context.append(
      "\(dossier.contributors.count) contributor(s) from \(dossier.organisations.count) organisation(s); \(dossier.consultation.count) consultation event(s)"
    )

    let roadmap = self.roadmap(allSubsections, dossier: dossier)
    var evidence: [AssessmentReport.EvidenceRow] = []
    for answer in dossier.answers { evidence += answer.evidence.map { .init(supports: answer.question, evidence: $0) } }
    for figure in dossier.figures {
      evidence += figure.evidence.map { .init(supports: "figure " + figure.figure, evidence: $0) }
    }

    let name = profile?.header.name ?? countryName
    return AssessmentReport(
      header: .init(
        iso3: dossier.country, name: name, round: dossier.round, status: dossier.status.rawValue,
        assessmentDate: dossier.assessmentDate, asOf: asOf, example: dossier.example,
        title: dossier.title ?? "\(name): AI readiness assessment, round \(dossier.round)",
        watermark: dossier.status == .validated ? nil : Self.watermark, label: Self.label, lead: dossier.leadName,
        questionBankVersion: bank.version, softwareVersion: softwareVersion),
      summary: summary, context: context, general: general, dimensions: dimensions, gaps: gaps, roadmap: roadmap,
      roadmapNote: library.disclaimer,
      annexes: .init(
        consultation: dossier.consultation.sorted { $0.date < $1.date },
        participantsTotal: dossier.consultation.map(\.participants).reduce(0, +), workshop: dossier.validationWorkshop,
        organisations: dossier.organisations, contributors: dossier.contributors.map { dossier.name(of: $0.id) },
        evidence: evidence),
      method: Self.method(staleAfterMonths: staleAfterMonths))
  }

  /// The roadmap: for each sub-dimension whose policy score is below 50 or that has no counted
  /// answer, the library's entries for that sub-dimension — high priority first, then short term
  /// first. Instruments that bind only members of a bloc the country is not in are left out or
  /// named as models (``RecommendationLibrary/frameworks(of:blocs:)``).
  func roadmap(_ subsections: [AssessmentReport.SubSection], dossier: Dossier) -> [AssessmentReport.RoadmapItem] {
    var items: [AssessmentReport.RoadmapItem] = []
    for sub in subsections where (sub.policy.score ?? 0) < 50 {
      let why =
        sub.policy.score.map {
          "policy score \(Formatting.score($0)) (\(sub.policy.answered) of \(sub.policy.questions) answered)"
        }
        ?? "no counted answer yet (\(sub.policy.questions) questions)"
      for entry in library.entries where entry.subdimension == sub.code {
        items.append(
          AssessmentReport.RoadmapItem(
            subdimension: sub.code, action: entry.action, timeframe: entry.timeframe ?? "medium",
            priority: entry.priority ?? "medium", lead: entry.lead ?? dossier.leadName ?? "to be decided",
            why: "\(sub.code) \(sub.name): \(why)", frameworks: library.frameworks(of: entry, blocs: blocs)))
      }
    }
    let priority = ["high": 0, "medium": 1, "low": 2]
    let timeframe = ["short": 0, "medium": 1, "long": 2]
    return items.enumerated().sorted {
      (priority[$0.element.priority] ?? 3, timeframe[$0.element.timeframe] ?? 3, $0.offset)
        < (priority[$1.element.priority] ?? 3, timeframe[$1.element.timeframe] ?? 3, $1.offset)
    }.map(\.element)
  }

  /// How the scores are computed, for the report's method note.
  static func method(staleAfterMonths: Int) -> [String] {
    [
      "Scores are RAM-aligned and unofficial: UNESCO's Readiness Assessment Methodology is qualitative and publishes no score.",
      "Policy and institutional readiness (from the dossier): an answer scores its level over the question's highest level; a sub-dimension scores 100 × the mean of its answered questions; a dimension the mean of its scored sub-dimensions (equal weights). Suggested answers (pre-filled from open data) are not counted. A score resting on fewer than half of its questions is marked incomplete.",
      "Open-data score: the default framework's dimension score (goalposts, the framework's weights and window of years), shown beside the policy score and never blended with it.",
      "An answer whose date is more than \(staleAfterMonths) months before the report date is marked stale.",
    ]
  }
}

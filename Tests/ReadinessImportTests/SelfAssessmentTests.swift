import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessImport

@Suite("Self-assessment form")
struct SelfAssessmentTests {
  let folder = TestPaths.indicators + "/self-assessment"

  /// The example's answers and the scores questions.yaml gives them: in_force 1, in_development 0.5,
  /// none 0, adopted 1, pilot 0.5.
  @Test func filledExampleImportsAsOrdinalValuesMarkedAsExample() throws {
    let (report, observations) = try importAll(folder + "/example-filled.yaml")
    #expect(report.format == "self-assessment")
    #expect(observations.count == 5)
    #expect(value(observations, "KEN", "SA.LEG.DATA_PROTECTION", "2019") == 1)
    #expect(value(observations, "KEN", "SA.LEG.AI_STRATEGY", "2026") == 0.5)
    #expect(value(observations, "KEN", "SA.LEG.AI_ETHICS_BODY", "2026") == 0)
    #expect(value(observations, "KEN", "SA.SCI.DIGITAL_SKILLS_PROGRAMME", "2025") == 0.5)
    #expect(report.source.dataset == "EXAMPLE — invented answers")
    #expect(report.source.vintage == "2026-10-01")
    #expect(
      observations.first { $0.indicator == "SA.LEG.DATA_PROTECTION" }?.note?.contains("evidence: https://") == true)
  }

  @Test func blankTemplateIsRefusedAtTheCountryLine() throws {
    do {
      _ = try importAll(folder + "/template.yaml")
      Issue.record("accepted a blank form")
    } catch let error as ReadinessError {
      #expect(error.location?.line == 7)
    }
  }

  @Test(arguments: [
    ("answer: in_force", "answer: perhaps", "not an option"),
    ("question: data_protection_law", "question: flying_cars", "unknown question"),
    ("country: KEN", "country: XYZ", "alpha-3"),
  ])
  func badAnswersAreErrorsAtTheirLine(original: String, replacement: String, mention: String) throws {
    let text = try String(contentsOfFile: folder + "/example-filled.yaml", encoding: .utf8)
      .replacingOccurrences(of: original, with: replacement)
    let path = TestPaths.temporaryDirectory() + "/form.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try importAll(path)
      Issue.record("accepted \(replacement)")
    } catch let error as ReadinessError {
      #expect(error.description.contains(mention), "\(error)")
      #expect(error.location?.line != nil)
    }
  }
}

@Suite("Self-assessment dossier import")
struct DossierImportTests {
  let folder = TestPaths.indicators + "/self-assessment"

  /// Every old answer of the nine first questions still imports, scored on the new question's levels.
  @Test func everyOldAnswerStillImports() throws {
    let old: [(String, [String: Double])] = [
      ("data_protection_law", ["none": 0, "draft": 0.5, "in_force": 1]),
      ("national_ai_strategy", ["none": 0, "in_development": 0.5, "adopted": 0.75, "adopted_with_monitoring": 1]),
      ("ai_ethics_body", ["none": 0, "planned": 1.0 / 3, "established": 2.0 / 3]),
      ("cybersecurity_strategy", ["none": 0, "draft": 0.5, "adopted": 0.75]),
      ("access_to_information_law", ["none": 0, "draft": 0.5, "in_force": 1]),
      ("open_data_policy", ["none": 0, "draft": 0.5, "in_force": 1]),
      ("algorithmic_impact_assessment", ["none": 0, "guidance_only": 0.5, "mandatory": 1]),
      ("digital_skills_programme", ["none": 0, "pilot": 0.5, "national": 1]),
      ("gender_digital_divide_policy", ["none": 0, "draft": 0.5, "in_force": 1]),
    ]
    for (id, answers) in old {
      for (answer, score) in answers {
        let path = TestPaths.temporaryDirectory() + "/form.yaml"
        try """
        schema: readiness-self-assessment/1
        country: KEN
        answered_by: "t"
        assessment_date: "2026-01-01"
        answers:
          - {question: \(id), answer: \(answer), evidence: "e", date: "2025-01-01"}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (_, observations) = try importAll(path)
        #expect(observations.count == 1 && abs(observations[0].value - score) < 1e-12, "\(id) \(answer)")
      }
    }
  }

  /// The example dossier: 24 counted answers and 3 figures become observations (the suggested answer
  /// does not), with the office as source.
  @Test func exampleDossierBecomesObservations() throws {
    let (report, observations) = try importAll(folder + "/example-dossier.yaml")
    #expect(report.format == "dossier")
    #expect(observations.count == 24 + 3)
    #expect(report.skipped.count == 1 && report.skipped[0].contains("L7.cybercrime_law"))
    #expect(value(observations, "KEN", "SA.LEG.DATA_PROTECTION", "2023") == 1)
    #expect(value(observations, "KEN", "SA.L2.LAW_WORKS", "2026") == 0.5)
    let researchers = try #require(observations.first { $0.indicator == "SA.FIG.AI_RESEARCHERS" })
    #expect(
      researchers.value == 240 && researchers.period == "2025" && researchers.unit == "persons (full-time equivalent)")
    #expect(report.source.publisher == "national self-assessment (Example National AI Office (invented))")
    #expect(report.source.dataset == "EXAMPLE — invented answers")
    #expect(report.warnings.contains { $0.contains("L2.law (2023-06-01)") })
  }
}

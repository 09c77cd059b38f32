import Foundation
import ReadinessCore
@testable import ReadinessImport
import Testing
import _ReadinessTestSupport

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
    #expect(observations.first { $0.indicator == "SA.LEG.DATA_PROTECTION" }?.note?.contains("evidence: https://") == true)
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
